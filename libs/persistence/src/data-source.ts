// One way to build a TypeORM DataSource for every service, the CLI and tests.
// `synchronize` is never on: the schema only changes through reviewed migrations.
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './naming';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = MixedList<Function | string | EntitySchema>;

export interface SchemaRegistration {
  /** PostgreSQL schema the entities live in (entities declare it: `@Entity({ schema })`). */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Array<Function | EntitySchema>;
  /** Migration classes named `<Name><timestamp>`, file `<timestamp>-<Name>.ts`. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/** Table (in `public`) recording applied migrations of all schemas. */
export const MIGRATIONS_TABLE = 'nhsp_migrations';

export interface DataSourceSettings {
  url: string;
  entities?: ClassList;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  /** Run pending migrations on initialize. Services prefer `runMigrations` (it takes a lock). */
  migrationsRun?: boolean;
  /** Pool size per process; keep small, every replica of every service holds one. */
  poolSize?: number;
  logging?: boolean;
  applicationName?: string;
}

const POOL_WAIT_MS = 20_000;

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    migrations: settings.migrations ?? [],
    migrationsRun: settings.migrationsRun ?? false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: settings.logging ?? false,
    applicationName: settings.applicationName,
    // A request waits this long for a pooled connection. 5 s proved too short on a busy 2-core
    // node, where a CPU-heavy job on the same event loop can hold every request back for seconds.
    extra: { max: settings.poolSize ?? 10, connectionTimeoutMillis: POOL_WAIT_MS },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}

/** Entities of the given schemas, from a registry list (default: the static SCHEMAS list). */
export function entitiesOf(registrations: SchemaRegistration[], schemas: string[]): SchemaRegistration['entities'] {
  return registrations.filter((r) => schemas.includes(r.schema)).flatMap((r) => r.entities);
}
