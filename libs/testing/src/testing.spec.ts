// The helpers other suites rely on, and the migration runner they all go through.
import { Client } from 'pg';
import { runMigrations } from '@nhsp/persistence';
import { createTestDatabase, testQueuePrefix, waitFor } from './index';

async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('test helpers and migrations', () => {
  it('creates a database per suite, migrates it once under concurrency, and drops it', async () => {
    const db = await createTestDatabase();
    try {
      const runs = await Promise.all([runMigrations(db.url), runMigrations(db.url), runMigrations(db.url)]);
      // Three runners at once: each registered migration is applied exactly once, by one of them.
      const applied = runs.flatMap((r) => r.applied);
      expect(applied).toContain('CreateSchemas1763800000000');
      expect(new Set(applied).size).toBe(applied.length);
      expect(runs.filter((r) => r.applied.length > 0)).toHaveLength(1);
      const schemas = await query(db.url, "SELECT nspname FROM pg_namespace WHERE nspname IN ('ingestion','cost_weights','ops') ORDER BY 1");
      expect(schemas.map((r) => r.nspname)).toEqual(['cost_weights', 'ingestion', 'ops']);
    } finally {
      await db.drop();
    }
    const left = await query(process.env.DATABASE_URL!, `SELECT 1 FROM pg_database WHERE datname = '${db.name}'`);
    expect(left).toEqual([]);
  });

  it('gives each suite its own queue prefix, usable as a PostgreSQL schema name', () => {
    const a = testQueuePrefix();
    expect(a).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(testQueuePrefix()).not.toBe(a);
  });

  it('waitFor returns the first truthy value and explains a timeout with the last error', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? 'ready' : undefined), { intervalMs: 1 })).resolves.toBe('ready');
    await expect(
      waitFor(
        () => {
          throw new Error('row not written');
        },
        { timeoutMs: 30, intervalMs: 5, description: 'the row' },
      ),
    ).rejects.toThrow('waitFor: the row not met within 30 ms: row not written');
  });
});
