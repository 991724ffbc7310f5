// One way to build a TypeORM DataSource for every service, the CLI and tests.
// `synchronize` is never on: the schema only changes through reviewed migrations.
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { ConnectionErrorReporter, describePgError, keepClientErrorsFromCrashing, reportOnConsole } from '@nhsp/connections';
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
  /** Where lost connections are reported; default console.warn. Services pass their logger. */
  onConnectionError?: ConnectionErrorReporter;
}

const POOL_WAIT_MS = 20_000;

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  const owner = settings.applicationName ?? 'database';
  const report = settings.onConnectionError ?? reportOnConsole;
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
    extra: {
      max: settings.poolSize ?? 10,
      // A request waits this long for a pooled connection. 5 s proved too short on a busy 2-core
      // node, where a CPU-heavy job on the same event loop can hold every request back for seconds.
      connectionTimeoutMillis: POOL_WAIT_MS,
      onConnect: keepClientErrorsFromCrashing(owner, report),
    },
    // TypeORM's own handler logs through its logger, which is silent with logging off.
    poolErrorHandler: (error: unknown) =>
      report(`${owner}: an idle database connection was lost; the pool opens a new one when needed: ${describePgError(error)}`),
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}

/** Entities of the given schemas, from a registry list (default: the static SCHEMAS list). */
export function entitiesOf(registrations: SchemaRegistration[], schemas: string[]): SchemaRegistration['entities'] {
  return registrations.filter((r) => schemas.includes(r.schema)).flatMap((r) => r.entities);
}
