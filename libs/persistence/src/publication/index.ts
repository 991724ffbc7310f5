import type { SchemaRegistration } from '../data-source';
import { CreatePublication1795365376860 } from './migrations/1795365376860-CreatePublication';
import { ReleaseEntity } from './release.entity';

export * from './release.entity';

export const publicationSchema: SchemaRegistration = {
  schema: 'publication',
  entities: [ReleaseEntity],
  migrations: [CreatePublication1795365376860],
};
