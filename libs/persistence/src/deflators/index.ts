import type { SchemaRegistration } from '../data-source';
import { DeflatorSetEntity, DeflatorYearEntity } from './entities';
import { CreateDeflators1795365500000 } from './migrations/1795365500000-CreateDeflators';

export * from './entities';

export const deflatorsSchema: SchemaRegistration = {
  schema: 'deflators',
  entities: [DeflatorSetEntity, DeflatorYearEntity],
  migrations: [CreateDeflators1795365500000],
};
