// No container engine runs here, so the image is checked by reading the Dockerfile: the rules
// the chart relies on (non-root UID 10001, production dependencies only, a health check).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './render';

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
// Instructions with their continuation lines joined, comments dropped.
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages[stages.length - 1];

describe('Dockerfile', () => {
  it('builds from node:20-bookworm-slim in several stages', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(instructions.filter((i) => i.startsWith('FROM ${NODE_IMAGE}'))).toHaveLength(2);
  });

  it('installs production dependencies only, from the lockfile', () => {
    expect(instructions).toContainEqual(expect.stringMatching(/^RUN npm ci --omit=dev\b/));
    expect(dockerfile).not.toMatch(/npm (install|i) (?!--global)/);
  });

  it('runs as the non-root user the chart expects (10001)', () => {
    const users = instructions.filter((i) => i.startsWith('USER '));
    expect(users).toEqual(['USER 10001:10001']);
    expect(runtime.indexOf('USER 10001:10001')).toBeGreaterThan(runtime.lastIndexOf('COPY '));
  });

  it('listens on every interface of the container (the services default to loopback)', () => {
    expect(instructions).toContainEqual(expect.stringMatching(/^ENV .*\bHOST=0\.0\.0\.0\b/));
  });

  it('declares a HEALTHCHECK against /health/live', () => {
    const healthcheck = instructions.find((i) => i.startsWith('HEALTHCHECK '));
    expect(healthcheck).toContain('/health/live');
  });

  it('keeps tini as ENTRYPOINT, since the chart only sets args', () => {
    expect(instructions).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
  });

  it('copies the sources the services load at start-up', () => {
    for (const path of ['apps', 'libs', 'tools/scripts', 'tools/cli', 'tsconfig.base.json']) {
      expect(runtime).toMatch(new RegExp(`^COPY .*\\b${path.replace('/', '\\/')}\\b`, 'm'));
    }
  });
});

describe('.dockerignore', () => {
  const rules = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

  it('is an allow-list, so secrets and local state never reach the build context', () => {
    expect(rules[0]).toBe('*');
    expect(rules).toEqual(expect.arrayContaining(['**/.env', '**/node_modules', '**/*.spec.ts']));
  });
});
