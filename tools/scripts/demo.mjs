#!/usr/bin/env node
// npm run demo [-- --once --out DIR]
// Starts PostgreSQL (embedded, unless DATABASE_URL is set), all six services in this process,
// uploads the history bundle (generated into tmp/demo-bundle) and waits until the periods the
// latest figures need are published (tools/demo/README.md). With --once
// it writes the latest month's published estimates.csv and aggregates.csv to DIR and exits;
// otherwise it keeps serving until Ctrl-C.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT_MS = 6 * 60 * 1000;
const USAGE = 'usage: npm run demo [-- --once --out DIR]';

function parseArgs(argv) {
  const options = { once: false, outDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--once') options.once = true;
    else if (arg === '--out') {
      options.outDir = argv[++i];
      if (!options.outDir) fail(`--out needs a directory. ${USAGE}`, 2);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`Unknown argument "${arg}". ${USAGE}`, 2);
  }
  if (options.outDir && !options.once) fail(`--out only goes with --once. ${USAGE}`, 2);
  return options;
}

function fail(message, code = 1) {
  console.error(`[demo] FAILED: ${message}`);
  process.exit(code);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  let postgres;
  let demo;
  let stopping = false;
  const shutdown = async (code, message) => {
    if (stopping) return;
    stopping = true;
    if (message) console.error(`[demo] FAILED: ${message}`);
    console.log('[demo] shutting down…');
    try {
      await demo?.stop();
    } catch (error) {
      console.error(`[demo] stopping services: ${error.message}`);
    }
    try {
      await postgres?.stop();
    } catch (error) {
      console.error(`[demo] stopping PostgreSQL: ${error.message}`);
    }
    console.log(`[demo] done after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown(130));
  process.on('SIGTERM', () => shutdown(143));
  const timer = setTimeout(() => shutdown(1, `timed out after ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS + 15_000);
  timer.unref();

  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      console.log('[demo] DATABASE_URL not set: starting embedded PostgreSQL (data in tmp/demo-pg)');
      postgres = await startEmbeddedPostgres({ dataDir: join(ROOT, 'tmp', 'demo-pg') });
      console.log(`[demo] embedded PostgreSQL on port ${postgres.port}`);
      databaseUrl = postgres.url;
    }
    const env = {};
    if (process.env.REDIS_URL) env.QUEUE_BACKEND = process.env.QUEUE_BACKEND ?? 'redis';
    else env.QUEUE_BACKEND = 'postgres';
    // A fresh namespace per run: job ids are business keys (e.g. a file's sha256), so jobs kept
    // from an earlier run on the same Redis or database would swallow this run's messages.
    env.QUEUE_PREFIX = process.env.QUEUE_PREFIX || `demo_${Date.now().toString(36)}`;

    const require = createRequire(import.meta.url);
    require(join(ROOT, 'tools/scripts/register-ts.js'));
    const { runDemo } = require(join(ROOT, 'tools/demo/run-demo.ts'));
    demo = await runDemo({
      databaseUrl,
      once: options.once,
      outDir: options.outDir,
      timeoutMs: TIMEOUT_MS - (Date.now() - started),
      env,
    });
    if (options.once) {
      await shutdown(0);
    } else {
      console.log('[demo] running; press Ctrl-C to stop');
    }
  } catch (error) {
    await shutdown(1, process.env.DEMO_DEBUG ? (error?.stack ?? String(error)) : (error?.message ?? String(error)));
  }
}

main();
