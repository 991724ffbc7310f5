import { referenceLoadHandler } from '@nhsp/service-kit';
import { WeightSetsService } from './weight-sets.service';

export const COST_WEIGHTS_KIND = 'cost_weights';

/** Load requests by message: ingestion's stored copy, or an operator's path (other kinds are the deflators service's). */
export class ReferenceStoredHandler extends referenceLoadHandler({ kind: COST_WEIGHTS_KIND, store: WeightSetsService, setNoun: 'weight set' }) {}
