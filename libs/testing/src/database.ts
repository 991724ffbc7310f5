// Each test suite gets its own database on the server of DATABASE_URL, so suites run in
// parallel and leave nothing behind.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (the Jest global setup sets it; run tests through jest)');
  return url;
}

export async function createTestDatabase(prefix = 'nhsp_test'): Promise<TestDatabase> {
  const admin = new URL(serverUrl());
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // WITH (FORCE) ends connections a closed-too-late pool may still hold (PostgreSQL 13+).
    drop: () => withClient(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** One connection for `run`, closed after it: a suite's set-up and checks outside the service. */
export async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // A lost connection fails the running query; outside one it would otherwise kill the test run.
  client.on('error', (error) => console.warn(`test database connection lost: ${error.message}`));
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
