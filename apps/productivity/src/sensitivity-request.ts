// The follow-up job of a run. Prioritised, so it waits while any run request waits: BullMQ
// (both backends) takes a prioritised job only when no unprioritised one is waiting, and a
// recomputation five times over must never hold up the next run.
import { jobIdFor, PATTERNS, QueueRegistry, ROUTES } from '@nhsp/queue';

export const SENSITIVITY_PRIORITY = 10;

export async function requestSensitivity(queues: QueueRegistry, runId: string): Promise<void> {
  const [queue] = ROUTES[PATTERNS.sensitivityRequested].queues;
  // Same job name and id as bus.emitEvent would give (which cannot set a priority yet).
  await queues.queue(queue).add(PATTERNS.sensitivityRequested, { runId }, { jobId: jobIdFor(PATTERNS.sensitivityRequested, runId), priority: SENSITIVITY_PRIORITY });
}
