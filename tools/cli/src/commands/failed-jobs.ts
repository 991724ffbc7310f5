// Operators' view of jobs that gave up, across all six services, through each service's
// /ops/failed-jobs API (admin key). Talking HTTP, not Redis, means the same command works
// against a port-forwarded cluster, the demo and the drills, whatever the queue backend.
import type { FailedJobDetail, FailedJobSummary } from '@nhsp/queue';
import { optionalOption, ParsedArgs, UsageError } from '../args';
import { Command } from '../command';

const SERVICE_NAMES = ['ingestion', 'cost-weights', 'deflators', 'productivity', 'benchmarking', 'publication'];
/** The demo's ports (tools/demo/run-demo.ts): 3101..3106 in SERVICE_NAMES order. */
const DEMO_FIRST_PORT = 3101;

const usage = `Usage: npm run cli -- failed-jobs list [--queue Q] [--limit N]
       npm run cli -- failed-jobs show QUEUE ID
       npm run cli -- failed-jobs redrive QUEUE ID
  options: [--service URL ...] [--key KEY] [--json]

Lists, shows (payload and stack traces) or re-drives (fresh attempt budget) jobs that failed
permanently, through each service's /ops/failed-jobs API.
  --service URL   a service's base URL; repeat it or separate with commas; "name=URL" names it.
                  Default: $NHSP_SERVICES (same format), else the demo's http://127.0.0.1:3101..3106.
  --key KEY       an admin API key; default $NHSP_API_KEY (sent as Authorization: Bearer).
  --json          machine-readable output.
Exit code 0 when every service answered, 1 when one could not be reached or refused.`;

export interface ServiceTarget {
  name: string;
  url: string;
}

/** What /ops/failed-jobs answers: a summary in lists, the detail (payload, stack traces) for one job. */
type FailedJob = FailedJobSummary & Partial<Pick<FailedJobDetail, 'data' | 'stacktrace'>>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const failedJobsCommand: Command = {
  name: 'failed-jobs',
  summary: "list, show or re-drive jobs that failed permanently (each service's /ops/failed-jobs)",
  usage,
  async run(args: ParsedArgs) {
    const [action, queue, id] = args.positional;
    const json = args.options.json === true;
    const targets = serviceTargets(serviceArgs(process.argv), process.env.NHSP_SERVICES);
    const key = optionalOption(args, 'key') ?? process.env.NHSP_API_KEY;
    const call = (target: ServiceTarget, method: 'GET' | 'POST', path: string) => callService(target, method, path, key);
    if (action === 'list') {
      if (queue) throw new UsageError(`list takes no positional arguments (got "${queue}"); use --queue`);
      return list(targets, call, { queue: optionalOption(args, 'queue'), limit: optionalOption(args, 'limit') }, json);
    }
    if (action === 'show' || action === 'redrive') {
      if (!queue || !id) throw new UsageError(`${action} needs QUEUE and ID`);
      return one(action, targets, call, queue, id, json);
    }
    throw new UsageError(action ? `unknown action "${action}"` : 'an action is required: list, show or redrive');
  },
};

type Call = (target: ServiceTarget, method: 'GET' | 'POST', path: string) => Promise<unknown>;

async function list(targets: ServiceTarget[], call: Call, filter: { queue?: string; limit?: string }, json: boolean): Promise<number> {
  const query = new URLSearchParams();
  if (filter.queue) query.set('queue', filter.queue);
  if (filter.limit) query.set('limit', filter.limit);
  const path = `/ops/failed-jobs${query.size ? `?${query}` : ''}`;
  const answers = await Promise.all(
    targets.map(async (target) => {
      try {
        return { service: target.name, url: target.url, jobs: (await call(target, 'GET', path)) as FailedJob[] };
      } catch (error) {
        // With --queue, services not owning that queue answer 404: not an error, just not theirs.
        if (filter.queue && error instanceof HttpError && error.status === 404) return { service: target.name, url: target.url, jobs: [] };
        return { service: target.name, url: target.url, error: (error as Error).message };
      }
    }),
  );
  const failedCalls = answers.filter((a) => 'error' in a);
  if (json) {
    console.log(JSON.stringify(answers, null, 2));
    return failedCalls.length ? 1 : 0;
  }
  const rows = answers.flatMap((a) => ('jobs' in a ? (a.jobs ?? []).map((job) => ({ service: a.service, ...job })) : []));
  if (rows.length === 0 && failedCalls.length < answers.length) console.log(`No failed jobs on ${answers.length - failedCalls.length} service(s).`);
  else {
    const header = ['service', 'queue', 'failed at', 'attempts', 'pattern', 'id', 'reason'];
    const table = rows.map((r) => [r.service, r.queue, r.failedAt ?? '—', `${r.attemptsMade}/${r.maxAttempts}`, r.pattern, r.id, oneLine(r.failedReason, 100)]);
    printTable(header, table);
    console.log(`\n${rows.length} failed job(s). Details: failed-jobs show QUEUE ID; retry: failed-jobs redrive QUEUE ID`);
  }
  for (const a of failedCalls) console.error(`${a.service} (${a.url}): ${(a as { error: string }).error}`);
  return failedCalls.length ? 1 : 0;
}

/** show / redrive: the queue's own service first (queues are named after their consumer), then the others. */
async function one(action: 'show' | 'redrive', targets: ServiceTarget[], call: Call, queue: string, id: string, json: boolean): Promise<number> {
  const path = `/ops/failed-jobs/${encodeURIComponent(queue)}/${encodeURIComponent(id)}${action === 'redrive' ? '/redrive' : ''}`;
  const ordered = [...targets.filter((t) => t.name === queue), ...targets.filter((t) => t.name !== queue)];
  const misses: string[] = [];
  for (const target of ordered) {
    let job: FailedJob;
    try {
      job = (await call(target, action === 'show' ? 'GET' : 'POST', path)) as FailedJob;
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) {
        misses.push(`${target.name}: ${error.message}`);
        continue;
      }
      console.error(`${action} ${queue} ${id} on ${target.name} (${target.url}): ${(error as Error).message}`);
      return 1;
    }
    if (json) console.log(JSON.stringify({ service: target.name, ...job }, null, 2));
    else if (action === 'redrive') console.log(`Re-driven: ${queue} ${id} (${job.pattern}) on ${target.name} is waiting again with a fresh attempt budget.`);
    else printDetail(target.name, job);
    return 0;
  }
  console.error(`No job ${id} on queue ${queue} at any service:\n  ${misses.join('\n  ')}`);
  return 1;
}

function printDetail(service: string, job: FailedJob): void {
  console.log(
    [
      `service    ${service}`,
      `queue      ${job.queue}`,
      `id         ${job.id}`,
      `pattern    ${job.pattern}`,
      `attempts   ${job.attemptsMade}/${job.maxAttempts}`,
      `created at ${job.createdAt}`,
      `failed at  ${job.failedAt ?? '—'}`,
      `reason     ${job.failedReason}`,
      `payload    ${JSON.stringify(job.data, null, 2).replace(/\n/g, '\n           ')}`,
    ].join('\n'),
  );
  for (const [i, trace] of (job.stacktrace ?? []).entries()) console.log(`\nattempt ${i + 1} stack:\n${trace}`);
}

async function callService(target: ServiceTarget, method: 'GET' | 'POST', path: string, key: string | undefined): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: { Accept: 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach ${target.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = text.slice(0, 300);
    try {
      const problem = JSON.parse(text) as { detail?: string; title?: string };
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // not problem+json: keep the text
    }
    const hint = res.status === 401 || res.status === 403 ? ' (an admin key is needed: --key or NHSP_API_KEY)' : '';
    throw new HttpError(res.status, `HTTP ${res.status} ${detail}${hint}`);
  }
  return JSON.parse(text);
}

/** Every `--service X` / `--service=X` of the command line (the shared parser keeps only the last). */
export function serviceArgs(argv: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--service' && argv[i + 1] && !argv[i + 1].startsWith('--')) values.push(argv[++i]);
    else if (argv[i].startsWith('--service=')) values.push(argv[i].slice('--service='.length));
  }
  return values;
}

/** `name=url` or bare URLs (named by their position among the six services' demo ports, else host:port). */
export function serviceTargets(fromArgs: readonly string[], fromEnv: string | undefined): ServiceTarget[] {
  const specs = (fromArgs.length ? fromArgs : (fromEnv ?? '').split(/[\s]+/)).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (specs.length === 0) return SERVICE_NAMES.map((name, i) => ({ name, url: `http://127.0.0.1:${DEMO_FIRST_PORT + i}` }));
  return specs.map((spec) => {
    const named = /^([a-z][a-z0-9-]*)=(.+)$/.exec(spec);
    const url = (named ? named[2] : spec).replace(/\/+$/, '');
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--service "${spec}" is not an http(s) URL`);
    return { name: named ? named[1] : nameOf(url), url };
  });
}

function nameOf(url: string): string {
  const { port, host } = new URL(url);
  const index = Number(port) - DEMO_FIRST_PORT;
  return SERVICE_NAMES[index] ?? host;
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
}
