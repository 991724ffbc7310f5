// A connection PostgreSQL ends (57P01: restart, failover, pg_terminate_backend) while no query is
// running on it surfaces as an 'error' event; unheard, that event kills the process. Each case
// cuts real connections and checks the loss is reported and the owner carries on.
import { MigrationInterface } from 'typeorm';
import { Pool, PoolClient } from 'pg';
import { createTestDatabase, TestDatabase, waitFor } from '@nhsp/testing';
import { createDataSource, keepClientErrorsFromCrashing, runMigrations } from '../src';

describe('lost database connections', () => {
  let database: TestDatabase;
  let admin: Pool;
  const reports: string[] = [];
  const report = (message: string) => reports.push(message);

  /** Ends every connection of this database named `applicationName`; returns how many. */
  const terminate = async (applicationName: string) => {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [applicationName],
    );
    return rows.length;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Pool({ connectionString: database.url, max: 1 });
    admin.on('error', () => undefined); // the spec's own; never terminated
  });

  beforeEach(() => reports.splice(0));

  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  it('a pooled client checked out between queries: reported, not thrown; the pool serves the next query', async () => {
    const pool = new Pool({
      connectionString: database.url,
      application_name: 'checked-out-spec',
      onConnect: keepClientErrorsFromCrashing('spec', report),
    } as ConstructorParameters<typeof Pool>[0]);
    pool.on('error', () => undefined);
    const client: PoolClient = await pool.connect();
    await client.query('SELECT 1');

    expect(await terminate('checked-out-spec')).toBe(1);
    // Without the listener the 'error' event would be thrown here and fail the whole suite.
    await waitFor(() => reports.length > 0, { description: 'the loss reported' });
    expect(reports).toEqual(['spec: a checked-out database connection was lost: terminating connection due to administrator command (57P01)']);

    client.release(true);
    expect((await pool.query<{ x: number }>('SELECT 42 AS x')).rows).toEqual([{ x: 42 }]);
    await pool.end();
  });

  it('a TypeORM data source: idle losses reported, a transaction in progress fails, the next query works', async () => {
    const dataSource = createDataSource({ url: database.url, applicationName: 'datasource-spec', poolSize: 2, onConnectionError: report });
    await dataSource.initialize();
    try {
      await Promise.all([dataSource.query('SELECT pg_sleep(0.05)'), dataSource.query('SELECT pg_sleep(0.05)')]);
      let resume!: () => void;
      const paused = new Promise<void>((resolve) => (resume = resolve));
      let inTransaction!: () => void;
      const begun = new Promise<void>((resolve) => (inTransaction = resolve));
      const transaction = dataSource.transaction(async (tx) => {
        await tx.query('SELECT 1');
        inTransaction();
        await paused;
        await tx.query('SELECT 2');
      });
      await begun;

      expect(await terminate('datasource-spec')).toBe(2);
      await waitFor(() => reports.length > 0, { description: 'the idle loss reported' });
      resume();

      // Depending on which arrives first: the loss itself, or TypeORM refusing the dead connection.
      await expect(transaction).rejects.toThrow(/administrator command|already released/);
      expect(reports).toEqual([
        'datasource-spec: an idle database connection was lost; the pool opens a new one when needed: terminating connection due to administrator command (57P01)',
      ]);
      expect(await dataSource.query('SELECT 42 AS x')).toEqual([{ x: 42 }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('migrations whose lock connection is lost mid-run: reported, and the run fails instead of passing unlocked', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    class HeldOpen1795400000000 implements MigrationInterface {
      async up(): Promise<void> {
        started();
        await finished;
      }
      async down(): Promise<void> {}
    }

    const run = runMigrations(database.url, [{ schema: 'held_open', entities: [], migrations: [HeldOpen1795400000000] }], report);
    await running;
    expect(await terminate('nhsp-migrations-lock')).toBe(1);
    await waitFor(() => reports.length > 0, { description: 'the lock loss reported' });
    finish();

    await expect(run).rejects.toThrow(
      'Migrations ran without their lock (its connection was lost: terminating connection due to administrator command (57P01)); run them again',
    );
    expect(reports).toEqual([
      'migrations: the connection holding the migration lock was lost: terminating connection due to administrator command (57P01)',
    ]);
  });
});
