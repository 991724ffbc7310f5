// Tests use the machine's PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (as in CI).
// Without them they fall back to the zero-setup defaults: embedded PostgreSQL from node_modules
// and the BullMQ PostgreSQL queue backend. Environment set here reaches every Jest worker.
import { startEmbeddedPostgres } from '../src/embedded-postgres.mjs';

export default async function globalSetup() {
  if (!process.env.DATABASE_URL) {
    // On a free port, so that two test runs on one machine never share a server.
    const pg = await startEmbeddedPostgres({ dataDir: `tmp/jest-embedded-pg-${process.pid}` });
    process.env.DATABASE_URL = pg.url;
    globalThis.__EMBEDDED_PG__ = pg;
  }
  if (!process.env.REDIS_URL && !process.env.QUEUE_BACKEND) process.env.QUEUE_BACKEND = 'postgres';
}
