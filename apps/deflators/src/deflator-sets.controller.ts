import { referenceSetController } from '@nhsp/service-kit';
import { DeflatorSetsService } from './deflator-sets.service';

/** Load, list and read deflator sets (the same routes as cost-weights' weight sets). */
export class DeflatorSetsController extends referenceSetController({
  path: 'deflator-sets',
  store: DeflatorSetsService,
  // A deflator series is a few hundred bytes; this is generous.
  maxUploadBytes: 1024 * 1024,
  fileDescription: 'deflators.csv',
}) {}
