// The ONE place that declares how services talk: queue names, message patterns (versioned),
// payload types and which queue(s) consume each pattern. A breaking payload change gets a new
// pattern (`.v2`) consumed alongside the old one until every producer has moved.
import { createHash } from 'node:crypto';
import { stableJson } from '@nhsp/domain';
import type { MethodSettings, RequestedSettings } from '@nhsp/methodology';

/** One BullMQ queue per consuming service. Names may not contain ':' (BullMQ key separator). */
export const QUEUES = {
  ingestion: 'ingestion',
  costWeights: 'cost-weights',
  deflators: 'deflators',
  productivity: 'productivity',
  benchmarking: 'benchmarking',
  publication: 'publication',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);

export const PATTERNS = {
  batchStored: 'batch.stored.v1',
  referenceStored: 'reference.stored.v1',
  weightsPublished: 'weights.published.v1',
  deflatorsPublished: 'deflators.published.v1',
  runRequested: 'run.requested.v1',
  runCompleted: 'run.completed.v1',
  benchmarksCompleted: 'benchmarks.completed.v1',
  scheduleLoad: 'schedule.load.v1',
  notificationRaised: 'notification.raised.v1',
  sensitivityRequested: 'sensitivity.requested.v1',
  publishDue: 'release.publish-due.v1',
} as const;
export type Pattern = (typeof PATTERNS)[keyof typeof PATTERNS];

/** An ingested activity batch was stored (ingestion → productivity). */
export interface BatchStoredV1 {
  batchId: string;
  kind: string;
  /** null for a national (all-organisation) batch. */
  orgCode: string | null;
  sha256: string;
  /** Months covered, `YYYY-MM`. */
  months: string[];
  rows: number;
}

/** A reference file (NCC schedule, deflators) was stored (ingestion → cost-weights, deflators). */
export interface ReferenceStoredV1 {
  batchId: string;
  /** `cost_weights` | `deflators`; each consumer ignores the other's kind. */
  kind: string;
  sha256: string;
}

/** A cost-weight set was published (cost-weights → productivity). */
export interface WeightsPublishedV1 {
  weightSetId: string;
  name: string;
}

/** A deflator set was published (deflators → productivity). */
export interface DeflatorsPublishedV1 {
  deflatorSetId: string;
  name: string;
}

/** Ask productivity to (re)compute a period. */
export interface RunRequestedV1 {
  /** `YYYY-MM` or a financial year, as the methodology defines. */
  period: string;
  vintage?: string;
  /** Settings asked for (the methodology's schema; the rest take their defaults). */
  settings?: RequestedSettings;
  /** Free text for the audit trail, e.g. `batch.stored <batchId>`. */
  reason: string;
}

/** A productivity run finished (productivity → benchmarking). */
export interface RunCompletedV1 {
  runId: string;
  period: string;
  vintage: string;
  /** The settings the run computed with; absent from messages queued before they travelled (then read the run's). */
  settings?: MethodSettings;
}

/** Benchmarks for a run are ready (benchmarking → publication). */
export interface BenchmarksCompletedV1 {
  runId: string;
  period: string;
}

/** Load a reference file from a path (scheduler/CLI → cost-weights or deflators). */
export interface ScheduleLoadV1 {
  path: string;
  kind: string;
}

/** A trust raised a data notification about a month (ingestion → productivity, which re-runs the periods it touches). */
export interface NotificationRaisedV1 {
  notificationId: string;
  orgCode: string;
  /** The month it concerns, `YYYY-MM`. */
  month: string;
}

/** Compute a stored run's method sensitivity (productivity → productivity, after the run, off its critical path). */
export interface SensitivityRequestedV1 {
  runId: string;
}

/**
 * A scheduled publication is due (publication → publication, a delayed job emitted for publishAt).
 * The release and its time are in the job id, so scheduling twice is one job and a rescheduled
 * release leaves the old job with nothing to do.
 */
export interface PublishDueV1 {
  releaseId: string;
  /** ISO 8601. */
  publishAt: string;
}

/** Payload type of each pattern: `emitEvent(pattern, payload)` is checked against it. */
export interface PayloadMap {
  'batch.stored.v1': BatchStoredV1;
  'reference.stored.v1': ReferenceStoredV1;
  'weights.published.v1': WeightsPublishedV1;
  'deflators.published.v1': DeflatorsPublishedV1;
  'run.requested.v1': RunRequestedV1;
  'run.completed.v1': RunCompletedV1;
  'benchmarks.completed.v1': BenchmarksCompletedV1;
  'schedule.load.v1': ScheduleLoadV1;
  'notification.raised.v1': NotificationRaisedV1;
  'sensitivity.requested.v1': SensitivityRequestedV1;
  'release.publish-due.v1': PublishDueV1;
}
export type PayloadOf<P extends Pattern> = PayloadMap[P];

/** One or more parts; joined into a job id by `jobIdFor`. */
export type BusinessKey = string | readonly string[];

export interface Route<P> {
  /** Queues that receive the message; more than one = fan-out, one job per queue. */
  queues: readonly QueueName[];
  /**
   * Default business key → job id, so a repeated emit of the same fact is one job (BullMQ
   * dedupes on job id while the job exists in any state). Callers may pass their own key.
   */
  key: (payload: P) => BusinessKey;
}

export const ROUTES: { [P in Pattern]: Route<PayloadOf<P>> } = {
  'batch.stored.v1': { queues: [QUEUES.productivity], key: (p) => [p.batchId, p.sha256] },
  'reference.stored.v1': { queues: [QUEUES.costWeights, QUEUES.deflators], key: (p) => [p.kind, p.sha256] },
  'weights.published.v1': { queues: [QUEUES.productivity], key: (p) => p.weightSetId },
  'deflators.published.v1': { queues: [QUEUES.productivity], key: (p) => p.deflatorSetId },
  'run.requested.v1': {
    queues: [QUEUES.productivity],
    // Same period, vintage, settings and reason = same request; a new reason re-runs.
    key: (p) => [p.period, p.vintage ?? 'latest', settingsHash(p.settings), p.reason],
  },
  'run.completed.v1': { queues: [QUEUES.benchmarking], key: (p) => p.runId },
  'benchmarks.completed.v1': { queues: [QUEUES.publication], key: (p) => p.runId },
  // A file path alone is not a fact (the file may change): callers should pass a key with the
  // file's sha256; this default only dedupes an accidental double click. Fan-out: both services
  // receive every load and each ignores kinds it does not own (or the caller passes `to`).
  'schedule.load.v1': { queues: [QUEUES.costWeights, QUEUES.deflators], key: (p) => [p.kind, p.path] },
  'notification.raised.v1': { queues: [QUEUES.productivity], key: (p) => p.notificationId },
  'sensitivity.requested.v1': { queues: [QUEUES.productivity], key: (p) => p.runId },
  'release.publish-due.v1': { queues: [QUEUES.publication], key: (p) => [p.releaseId, String(new Date(p.publishAt).getTime())] },
};

/** Untyped view used by the transport/client (tests may add their own routes). */
export type RouteTable = Record<string, { queues: readonly string[]; key?: (payload: never) => BusinessKey }>;

/** Short hash of the settings so the job id stays short and independent of key order. */
function settingsHash(settings: RequestedSettings | undefined): string {
  return createHash('sha256').update(stableJson(settings ?? {})).digest('hex').slice(0, 16);
}
