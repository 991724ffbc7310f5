// The failed-jobs CLI against the real services with a job that really gives up: a
// benchmarks.completed message for a run that does not exist is failed at once by publication
// (unrecoverable). list must show exactly it, show its payload, redrive must put it back (and it
// fails again, with a fresh attempt count), a wrong key must be refused with exit code 1.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jobIdFor, PATTERNS } from '@nhsp/queue';
import { Drill, Scene } from './harness';
import { ROOT, waitFor } from './infra';
import { SERVICE_NAMES } from './services';

const run = promisify(execFile);
const CLI = join(ROOT, 'tools/cli/bin/nhsp.js');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(scene: Scene, args: string[], key = process.env.ADMIN_API_KEY): Promise<CliResult> {
  const services = SERVICE_NAMES.map((s) => `${s}=${scene.services.url(s)}`).join(',');
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'failed-jobs', ...args], { cwd: ROOT, env: { ...process.env, NHSP_SERVICES: services, NHSP_API_KEY: key } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function expect(condition: boolean, what: string, result?: CliResult): void {
  if (!condition) throw new Error(`failed-jobs CLI: ${what}${result ? ` (exit ${result.code}; stdout: ${result.stdout.slice(0, 400)}; stderr: ${result.stderr.slice(0, 400)})` : ''}`);
}

export const failedJobsCli: Drill = {
  name: 'failed-jobs CLI: list, show, redrive a job that gave up on a real service',
  layout: { all: [], split: [] },
  noPipeline: true,
  async play(scene) {
    const runId = randomUUID();
    const payload = { runId, period: '2025-06' };
    const jobId = jobIdFor(PATTERNS.benchmarksCompleted, runId);
    await scene.watch.queue('publication').add(PATTERNS.benchmarksCompleted, payload, { jobId, attempts: 3, backoff: { type: 'fixed', delay: 100 } });
    await waitFor('the poisoned job to fail', 60_000, async () => ((await scene.watch.state('publication', jobId)) === 'failed' ? true : undefined));

    const listed = await cli(scene, ['list']);
    expect(listed.code === 0, 'list exits 0 when every service answers', listed);
    expect(listed.stdout.includes(jobId) && listed.stdout.includes('publication') && listed.stdout.includes('1 failed job(s)'), 'list shows the one failed job', listed);
    const json = JSON.parse((await cli(scene, ['list', '--json'])).stdout) as Array<{ service: string; jobs: Array<{ id: string; attemptsMade: number; failedReason: string }> }>;
    const jobs = json.flatMap((a) => a.jobs.map((j) => ({ service: a.service, ...j })));
    expect(jobs.length === 1 && jobs[0].service === 'publication' && jobs[0].id === jobId, `--json lists exactly the job on publication (got ${JSON.stringify(jobs).slice(0, 300)})`);
    // Unrecoverable: failed on its first attempt although three were allowed.
    expect(jobs[0].attemptsMade === 1, `the unknown run fails at once (attempts made ${jobs[0].attemptsMade})`);
    scene.note(`poisoned job ${jobId} failed after ${jobs[0].attemptsMade} attempt: "${jobs[0].failedReason.slice(0, 80)}"; list (text and --json) shows exactly it`);

    const shown = await cli(scene, ['show', 'publication', jobId]);
    expect(shown.code === 0 && shown.stdout.includes(runId) && shown.stdout.includes('benchmarks.completed.v1'), 'show prints the pattern and payload', shown);

    const first = await scene.watch.queue('publication').getJob(jobId);
    const redriven = await cli(scene, ['redrive', 'publication', jobId]);
    expect(redriven.code === 0 && redriven.stdout.includes('Re-driven'), 'redrive succeeds', redriven);
    // It runs again and fails again (the run still does not exist): a later failure time.
    await waitFor('the re-driven job to run and fail again', 60_000, async () => {
      const job = await scene.watch.queue('publication').getJob(jobId);
      return job && (await job.getState()) === 'failed' && (job.finishedOn ?? 0) > (first?.finishedOn ?? 0) ? true : undefined;
    });
    const again = await cli(scene, ['redrive', 'publication', 'no-such-job']);
    expect(again.code === 1 && again.stderr.includes('No job no-such-job'), 'redrive of an unknown job says so and exits 1', again);
    const refused = await cli(scene, ['list'], 'not-a-valid-key-but-long-enough-to-look-like-one');
    expect(refused.code === 1 && refused.stderr.includes('HTTP 401'), 'a wrong key is refused (401) with exit code 1', refused);
    scene.note('show prints payload; redrive re-ran it (it failed again, later); unknown id → exit 1; wrong key → 401, exit 1');
  },
};
