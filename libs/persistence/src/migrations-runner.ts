// Applies every registered migration, once, even when several services start together:
// TypeORM has no lock of its own, so a session-level advisory lock serialises runners.
import { Client } from 'pg';
import { ConnectionErrorReporter, describePgError, redactUrl, reportOnConsole } from '@nhsp/connections';
import { createDataSource, SchemaRegistration } from './data-source';
import { SCHEMAS } from './schemas';

/** Arbitrary constant, shared by every runner of this platform ("NHSP" in ASCII). */
const MIGRATION_LOCK_KEY = 0x4e485350;

export interface MigrationResult {
  applied: string[];
}

export async function runMigrations(
  url: string,
  registrations: SchemaRegistration[] = SCHEMAS,
  onConnectionError: ConnectionErrorReporter = reportOnConsole,
): Promise<MigrationResult> {
  const lock = new Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'nhsp-migrations-lock' });
  // Held for the whole run and idle meanwhile, so its loss arrives as an event, not a failed query.
  // Without the lock another runner may have started: the run is then reported failed (the next
  // start finds what is left) rather than trusted, and the process does not die on the event.
  let lockLost: string | undefined;
  lock.on('error', (error) => {
    if (lockLost) return; // the socket closing after the first error adds nothing
    lockLost = describePgError(error);
    onConnectionError(`migrations: the connection holding the migration lock was lost: ${lockLost}`);
  });
  try {
    await lock.connect();
  } catch (error) {
    throw new Error(`Cannot connect to DATABASE_URL (${redactUrl(url)}) to run migrations: ${(error as Error).message}`);
  }
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const dataSource = createDataSource({
      url,
      migrations: registrations.flatMap((r) => r.migrations),
      poolSize: 2,
      applicationName: 'nhsp-migrations',
      onConnectionError,
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (lockLost) throw new Error(`Migrations ran without their lock (its connection was lost: ${lockLost}); run them again`);
      return { applied: applied.map((m) => m.name) };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
