import { referenceLoadHandler } from '@nhsp/service-kit';
import { DeflatorSetsService } from './deflator-sets.service';

export const DEFLATORS_KIND = 'deflators';

/** Load requests by message: ingestion's stored copy, or an operator's path (other kinds are the cost-weights service's). */
export class ReferenceStoredHandler extends referenceLoadHandler({ kind: DEFLATORS_KIND, store: DeflatorSetsService, setNoun: 'deflator set' }) {}
