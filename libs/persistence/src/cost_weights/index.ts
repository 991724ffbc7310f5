import type { SchemaRegistration } from '../data-source';
import { ScheduleRowEntity, WeightSetEntity } from './entities';
import { CreateCostWeights1795365400000 } from './migrations/1795365400000-CreateCostWeights';
import { DropStoredWeights1795380000000 } from './migrations/1795380000000-DropStoredWeights';

export * from './entities';

export const costWeightsSchema: SchemaRegistration = {
  schema: 'cost_weights',
  entities: [WeightSetEntity, ScheduleRowEntity],
  migrations: [CreateCostWeights1795365400000, DropStoredWeights1795380000000],
};
