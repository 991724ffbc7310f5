#!/usr/bin/env node
// npm run demo [-- --once --out DIR]
// Starts PostgreSQL (embedded, unless DATABASE_URL is set), all six services in this process,
// uploads the history bundle (generated into tmp/demo-bundle) and waits until the periods the
// latest figures need are published (tools/demo/README.md). With --once
// it writes the latest month's published estimates.csv and aggregates.csv to DIR and exits;
// otherwise it keeps serving until Ctrl-C. Start-up may take DEMO_STARTUP_TIMEOUT_MS (default
// 6 minutes); that limit ends with start-up (tools/demo/lifecycle.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../../libs/testing/src/embedded-postgres.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE = 'usage: npm run demo [-- --once --out DIR]';
/** The pipeline gets this much less than the start-up limit, so that its own, more precise timeout fires first. */
const PIPELINE_MARGIN_MS = 15_000;

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

function startupTimeoutMs() {
  const raw = process.env.DEMO_STARTUP_TIMEOUT_MS;
  if (raw === undefined || raw === '') return 6 * 60 * 1000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < PIPELINE_MARGIN_MS + 10_000) fail(`DEMO_STARTUP_TIMEOUT_MS must be a whole number of milliseconds, at least ${PIPELINE_MARGIN_MS + 10_000}`, 2);
  return ms;
}

function fail(message, code = 1) {
  console.error(`[demo] FAILED: ${message}`);
  process.exit(code);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const timeoutMs = startupTimeoutMs();
  const started = Date.now();
  const require = createRequire(import.meta.url);
  require(join(ROOT, 'tools/scripts/register-ts.js'));
  const { superviseDemo } = require(join(ROOT, 'tools/demo/lifecycle.ts'));

  // Listening before superviseDemo starts: starting loads embedded-postgres, whose ownSignals
  // takes back the signal listeners added while the package loads, and listeners added just
  // after this call (as they once were) were among them. Ctrl-C then killed the demo outright:
  // services never closed, the database's data directory left behind.
  let demo;
  process.on('SIGINT', () => demo?.shutdown(130));
  process.on('SIGTERM', () => demo?.shutdown(143));
  // Ctrl-C in a terminal stops the embedded PostgreSQL too, at once, and a connection being
  // closed may then hear "terminating connection due to administrator command" (57P01) with no
  // listener left (BullMQ's postgres LISTEN client drops its listeners before ending it): while
  // stopping that is expected, and must not cut the shutdown short. Anything else is a crash.
  process.on('uncaughtException', (error) => {
    if (demo?.state() === 'stopping' && error?.code === '57P01') {
      console.error(`[demo] a database connection ended as PostgreSQL stopped (${error.message}); still closing`);
      return;
    }
    console.error(error?.stack ?? error);
    process.exit(1);
  });
  demo = superviseDemo({
    once: options.once,
    startupTimeoutMs: timeoutMs,
    showStack: Boolean(process.env.DEMO_DEBUG),
    exit: (code) => process.exit(code),
    log: (line) => console.log(line),
    error: (line) => console.error(line),
    start: async (closeLater) => {
      let databaseUrl = process.env.DATABASE_URL;
      if (!databaseUrl) {
        console.log('[demo] DATABASE_URL not set: starting embedded PostgreSQL (data in tmp/demo-pg)');
        // DEMO_PG_DIR: the Ctrl-C spec's own, so it never removes a running demo's data.
        const postgres = await startEmbeddedPostgres({ dataDir: process.env.DEMO_PG_DIR || join(ROOT, 'tmp', 'demo-pg'), ownSignals: true });
        closeLater('PostgreSQL', () => postgres.stop());
        console.log(`[demo] embedded PostgreSQL on port ${postgres.port}`);
        databaseUrl = postgres.url;
      }
      const env = {};
      if (process.env.REDIS_URL) env.QUEUE_BACKEND = process.env.QUEUE_BACKEND ?? 'redis';
      else env.QUEUE_BACKEND = 'postgres';
      // A fresh namespace per run: job ids are business keys (e.g. a file's sha256), so jobs kept
      // from an earlier run on the same Redis or database would swallow this run's messages.
      env.QUEUE_PREFIX = process.env.QUEUE_PREFIX || `demo_${Date.now().toString(36)}`;
      // The demo publishes each release as soon as it is assembled; the services' default (false)
      // holds it as a draft scheduled for its publication-calendar time (/v1/calendar).
      env.AUTO_PUBLISH = process.env.AUTO_PUBLISH || 'true';

      const { runDemo } = require(join(ROOT, 'tools/demo/run-demo.ts'));
      await runDemo({
        databaseUrl,
        once: options.once,
        outDir: options.outDir,
        timeoutMs: timeoutMs - PIPELINE_MARGIN_MS - (Date.now() - started),
        env,
        // Registered as soon as the services run, so a failed upload still stops them.
        onStarted: (stop) => closeLater('services', stop),
      });
    },
  });
}

main();
