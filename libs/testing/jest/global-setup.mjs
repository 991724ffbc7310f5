// Tests use the machine's PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (as in CI).
// Without them they fall back to the zero-setup defaults: embedded PostgreSQL from node_modules
// and the BullMQ PostgreSQL queue backend. Environment set here reaches every Jest worker.
import { createServer } from 'node:net';
import { startEmbeddedPostgres } from '../../../tools/scripts/embedded-postgres.mjs';

/** A free TCP port, so that two test runs on one machine never share a server. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  if (!process.env.DATABASE_URL) {
    const port = await freePort();
    const pg = await startEmbeddedPostgres({ dataDir: `tmp/jest-embedded-pg-${process.pid}`, port });
    process.env.DATABASE_URL = pg.url;
    globalThis.__EMBEDDED_PG__ = pg;
  }
  if (!process.env.REDIS_URL && !process.env.QUEUE_BACKEND) process.env.QUEUE_BACKEND = 'postgres';
}
