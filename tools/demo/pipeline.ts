// Upload a bundle, then follow the pipeline until publication has a published release for every
// expected period; if productivity has not started any run shortly after the uploads, ask for
// the runs by hand (POST /runs), as an operator would.
import { getJson, progress, requestRun, uploadBundle } from './client';
import type { Stack } from './stack';

export interface PipelineOptions {
  bundleDir: string;
  /** Periods to wait for until each has a published release. */
  periods: string[];
  /**
   * Periods the automatic trigger does not run (it runs the latest financial year only): asked
   * for with POST /runs once the first automatic run has started (the inputs are in by then).
   * Those among `periods` are waited for; the others publish in the background.
   */
  requested?: string[];
  timeoutMs: number;
  /** How long to wait for the first automatic run before POSTing /runs. */
  autoRunGraceMs?: number;
  log?: (line: string) => void;
  /** Called on each poll with a one-line status. */
  onProgress?: (line: string) => void;
}

export async function runPipeline(stack: Stack, options: PipelineOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const deadline = Date.now() + options.timeoutMs;
  await uploadBundle(stack.urls.ingestion, options.bundleDir, log);
  const uploadedAt = Date.now();
  let requested = false;
  let historyRequested = (options.requested ?? []).length === 0;
  let last = '';
  let lastError: Error | undefined;
  const sleep = () => new Promise((resolve) => setTimeout(resolve, 500));
  for (;;) {
    // A service busy with a large batch may answer a poll with an error; say so once and poll on.
    const p = await progress(stack.urls.productivity, stack.urls.publication).catch((error: Error) => {
      if (error.message !== lastError?.message) log(`warning: progress poll failed: ${error.message.slice(0, 300)}`);
      lastError = error;
      return undefined;
    });
    if (p) {
      const published = options.periods.filter((period) => p.publishedPeriods.has(period));
      const ran = options.periods.filter((period) => p.runPeriods.has(period));
      const line = `runs done ${ran.length}/${options.periods.length} (all runs: ${p.runs}), releases published ${published.length}/${options.periods.length}`;
      if (line !== last) options.onProgress?.(line);
      last = line;
      if (published.length === options.periods.length) return;
      const graceOver = Date.now() - uploadedAt > (options.autoRunGraceMs ?? 20_000);
      if (!historyRequested && (p.runs > 0 || graceOver)) {
        historyRequested = true;
        const missing = options.requested!.filter((period) => !p.runPeriods.has(period));
        log(`requesting ${missing.length} earlier periods with POST /runs (the automatic trigger runs the latest year only)`);
        for (const period of missing) {
          await requestRun(stack.urls.productivity, period).catch((error: Error) => log(`warning: ${error.message.slice(0, 300)}`));
        }
      }
      if (!requested && p.runs === 0 && graceOver) {
        requested = true;
        log('no run started by itself; requesting each period with POST /runs');
        // Automatic runs may start meanwhile: a refused request is reported, and the wait goes on.
        for (const period of options.periods.filter((x) => !options.requested?.includes(x))) {
          await requestRun(stack.urls.productivity, period).catch((error: Error) => log(`warning: ${error.message.slice(0, 300)}`));
        }
      }
    }
    if (Date.now() > deadline) {
      const failed = await failedJobs(stack).catch((error: Error) => `(failed jobs unavailable: ${error.message})`);
      throw new Error(
        `Timed out after ${Math.round(options.timeoutMs / 1000)} s: ${last || 'no progress could be read'}. ` +
          (p ? `Missing releases: ${options.periods.filter((x) => !p.publishedPeriods.has(x)).join(', ')}. ` : '') +
          (lastError ? `Last poll error: ${lastError.message.slice(0, 300)}. ` : '') +
          failed,
      );
    }
    await sleep();
  }
}

/** Failed jobs of every service, to say why the pipeline stalled. */
async function failedJobs(stack: Stack): Promise<string> {
  const lines: string[] = [];
  for (const [name, url] of Object.entries(stack.urls)) {
    const body = await getJson<unknown>(`${url}/ops/failed-jobs?limit=5`).catch(() => null);
    const items = Array.isArray(body) ? body : ((body as { items?: unknown[]; jobs?: unknown[] } | null)?.items ?? (body as { jobs?: unknown[] } | null)?.jobs ?? []);
    for (const job of items.slice(0, 5)) lines.push(`${name}: ${JSON.stringify(job).slice(0, 400)}`);
  }
  return lines.length ? `Failed jobs:\n${lines.join('\n')}` : 'No failed jobs.';
}
