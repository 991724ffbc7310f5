// The method-sensitivity follow-up recomputes a period five times: over twice the CPU of the run
// itself. Priority only keeps it behind run requests still *waiting*; once the last request is
// taken, follow-ups ran beside the runs still computing and the benchmarks and releases that
// follow them (one event loop when the services share a process), and a national recompute
// waited for them. So a follow-up steps aside, back to the delayed set, while the pipeline has
// work of its own; after MAX_DEFER_MS (MAX_DEFER_FOR_RUNS_MS for runs computed over HTTP) since it
// was queued it runs regardless, so it never starves.
import { BullMqContext, PATTERNS, QUEUES, QueueRegistry } from '@nhsp/queue';
import { sensitivityThreadFree } from './sensitivity-thread';

export const DEFER_MS = 1000;
export const MAX_DEFER_MS = 5 * 60 * 1000;
/**
 * Until this long since it was queued a follow-up also waits for runs computed in this process
 * (over HTTP): a whole-history recompute asks for its periods over HTTP for several minutes, and
 * from MAX_DEFER_MS on the follow-ups of its first runs took the event loop (reading a period's
 * rows) and a core from the rest of it. Past it they no longer wait for those runs, so a steady
 * stream of requests cannot starve them.
 */
export const MAX_DEFER_FOR_RUNS_MS = 30 * 60 * 1000;
/** How long after this process's last run ended it still counts as busy: the gap between an operator's requests. */
export const RUN_QUIET_MS = 2000;

// Runs computed in this process, queued or not: a run asked for over HTTP (POST /runs computes in
// the request) never shows in the queue, and an operator's requests one after another kept the
// productivity queue empty while follow-ups took a core from them.
let runsComputing = 0;
let lastRunEnded = 0;

/** Counts `task` as a run computing in this process while it lasts. */
export async function asRunComputing<T>(task: () => Promise<T>): Promise<T> {
  runsComputing += 1;
  try {
    return await task();
  } finally {
    runsComputing -= 1;
    lastRunEnded = Date.now();
  }
}

/** A run computing in this process now, or one ended under RUN_QUIET_MS ago. */
export function runsBusy(now = Date.now()): boolean {
  return runsComputing > 0 || now - lastRunEnded < RUN_QUIET_MS;
}

/** Runs computing here, run requests (or other productivity work) waiting or running, or benchmarking / publication jobs running. */
export async function pipelineBusy(queues: QueueRegistry): Promise<boolean> {
  if (runsBusy()) return true;
  if (await ownWorkPending(queues)) return true;
  // Only *active* jobs downstream: waiting ones may have no consumer (a service not deployed).
  for (const name of [QUEUES.benchmarking, QUEUES.publication]) {
    if ((await queues.activeCount(name)) > 0) return true;
  }
  return false;
}

/** Run requests (or other productivity work that is not a follow-up) waiting or running on the productivity queue. */
export async function ownWorkPending(queues: QueueRegistry): Promise<boolean> {
  const own = await queues.pendingPatterns(QUEUES.productivity, 200);
  return own.some((pattern) => pattern !== PATTERNS.sensitivityRequested);
}

/**
 * Steps the job aside (back to delayed, ending this attempt) when it should wait; returns otherwise.
 * Past MAX_DEFER_MS a follow-up no longer waits for the pipeline downstream, and past
 * MAX_DEFER_FOR_RUNS_MS for runs computed over HTTP (it would starve behind a steady stream of
 * them), but it still lets a run request on its own queue go first: after a national recompute
 * every follow-up was past its limit at once, and a new month's run queued behind 84 of them
 * (bench:recompute's incremental path, 11 s -> 93 s).
 * Whatever its age it steps aside while another follow-up holds the sensitivity thread: waiting
 * for the thread it held one of the productivity queue's workers, and after a recompute the
 * follow-ups held them all, so a new month's batch.stored and run.requested each waited for a
 * computation to end before a worker took them (one follow-up computing, none starved).
 */
export async function deferWhileBusy(queues: QueueRegistry, job: BullMqContext | undefined, threadFree: () => boolean = sensitivityThreadFree): Promise<void> {
  if (!job?.canDefer) return;
  if (!threadFree()) {
    await job.deferFor(DEFER_MS);
    return;
  }
  const age = Date.now() - job.queuedAt;
  const busy = age <= MAX_DEFER_MS ? await pipelineBusy(queues) : (age <= MAX_DEFER_FOR_RUNS_MS && runsBusy()) || (await ownWorkPending(queues));
  if (!busy) return;
  await job.deferFor(DEFER_MS);
}
