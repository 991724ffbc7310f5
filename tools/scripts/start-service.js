#!/usr/bin/env node
// Starts one service, or applies database migrations:
//   node tools/scripts/start-service.js <service> <api|worker|all>
//   node tools/scripts/start-service.js migrate
// <service> is a directory under apps/ whose src/main.ts exports `bootstrap(role)`
// (see libs/service-kit/README.md); a path to such a main.ts also works (tests, tools).
// Configuration comes from the environment; a bad setting exits 1 naming it.
require('./register-ts.js');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const ROLES = ['api', 'worker', 'all'];
const USAGE = 'usage: start-service.js <service> <api|worker|all> | start-service.js migrate';

function fail(message) {
  console.error(message);
  process.exit(1);
}

async function migrate() {
  const url = process.env.DATABASE_URL;
  if (!url) fail('Invalid configuration: DATABASE_URL is required');
  const { runMigrations } = require(path.join(ROOT, 'libs/persistence/src/index.ts'));
  const { applied } = await runMigrations(url);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
}

function mainFileOf(service) {
  const candidate = service.endsWith('.ts') ? path.resolve(service) : path.join(ROOT, 'apps', service, 'src', 'main.ts');
  if (fs.existsSync(candidate)) return candidate;
  const known = fs
    .readdirSync(path.join(ROOT, 'apps'))
    .filter((name) => fs.existsSync(path.join(ROOT, 'apps', name, 'src', 'main.ts')));
  fail(`No service "${service}" (looked for ${path.relative(ROOT, candidate)}). Services: ${known.join(', ') || 'none yet'}`);
}

async function start(service, role) {
  if (!ROLES.includes(role)) fail(`Unknown role "${role}". ${USAGE}`);
  const file = mainFileOf(service);
  const { bootstrap } = require(file);
  if (typeof bootstrap !== 'function') fail(`${path.relative(ROOT, file)} must export bootstrap(role)`);
  const { runService } = require(path.join(ROOT, 'libs/service-kit/src/index.ts'));
  await runService(() => bootstrap(role));
}

const [command, role = 'all'] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h') fail(USAGE);
(command === 'migrate' ? migrate() : start(command, role)).catch((error) => fail(error?.stack ?? String(error)));
