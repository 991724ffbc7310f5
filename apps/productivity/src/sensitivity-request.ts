// The follow-up job of a run. Prioritised, so it waits while any run request waits: BullMQ
// (both backends) takes a prioritised job only when no unprioritised one is waiting, and a
// recomputation five times over must never hold up the next run.
import { BullMqClient, PATTERNS } from '@nhsp/queue';

export const SENSITIVITY_PRIORITY = 10;

export async function requestSensitivity(bus: BullMqClient, runId: string): Promise<void> {
  await bus.emitEvent(PATTERNS.sensitivityRequested, { runId }, { priority: SENSITIVITY_PRIORITY });
}
