import type { SchemaRegistration } from '../data-source';
import { CreateBenchmarking1795365700000 } from './migrations/1795365700000-CreateBenchmarking';
import { CreatePacks1795390200000 } from './migrations/1795390200000-CreatePacks';
import { PeerSetEntity } from './peer-set.entity';

export { PeerSetEntity };

export const benchmarkingSchema: SchemaRegistration = {
  schema: 'benchmarking',
  entities: [PeerSetEntity],
  migrations: [CreateBenchmarking1795365700000, CreatePacks1795390200000],
};
