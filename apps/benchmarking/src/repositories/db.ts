import type { EntityManager } from 'typeorm';

/** What a repository method runs its SQL on: the data source's manager, or a caller's transaction. */
export type Db = Pick<EntityManager, 'query'>;
