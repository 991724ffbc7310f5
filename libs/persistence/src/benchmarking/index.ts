import type { SchemaRegistration } from '../data-source';
import { CreateBenchmarking1795365700000 } from './migrations/1795365700000-CreateBenchmarking';
import { PeerSetEntity } from './peer-set.entity';

export { PeerSetEntity };

export const benchmarkingSchema: SchemaRegistration = {
  schema: 'benchmarking',
  entities: [PeerSetEntity],
  migrations: [CreateBenchmarking1795365700000],
};
