import type { SchemaRegistration } from '../data-source';
import { CreateAccess1795366211115 } from './migrations/1795366211115-CreateAccess';

/** Schema of API keys and the write audit log (used by @nhsp/service-kit's access module). */
export const ACCESS_SCHEMA = 'access';

/**
 * Keys and audit rows are read and written with SQL by service-kit (a view read in the guard,
 * one insert per write request), so there are no entities.
 */
export const accessSchema: SchemaRegistration = {
  schema: ACCESS_SCHEMA,
  entities: [],
  migrations: [CreateAccess1795366211115],
};
