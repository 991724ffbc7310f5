import type { SchemaRegistration } from '../data-source';
import { PodMeanEntity, ScheduleRowEntity, WeightEntity, WeightSetEntity } from './entities';
import { CreateCostWeights1795365400000 } from './migrations/1795365400000-CreateCostWeights';

export * from './entities';

export const costWeightsSchema: SchemaRegistration = {
  schema: 'cost_weights',
  entities: [WeightSetEntity, ScheduleRowEntity, WeightEntity, PodMeanEntity],
  migrations: [CreateCostWeights1795365400000],
};
