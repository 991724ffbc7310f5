// Releases as /v1/releases shows them: JSON (with the manifest's summary in answers about one
// release), the CSV list, and the OpenAPI schemas of both.
import type { ReleaseEntity } from '@nhsp/persistence';
import { tableToCsv } from '@nhsp/data-contract';

export const STATUSES = ['draft', 'scheduled', 'published', 'superseded'];
const str = { type: 'string' };

export const RELEASE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    run_id: { type: 'string' },
    period: { type: 'string', example: '2026-03' },
    vintage: { type: 'string' },
    status: { type: 'string', enum: STATUSES },
    publish_at: { type: 'string', format: 'date-time', nullable: true },
    created_at: { type: 'string', format: 'date-time' },
    published_at: { type: 'string', format: 'date-time', nullable: true },
    superseded_at: { type: 'string', format: 'date-time', nullable: true },
    manifest: {
      type: 'object',
      description: 'runId, period, vintage, settings, inputFingerprint, runCreatedAt, weightSet, deflatorSet, codeVersion, counts; the run\'s inputs (every batch and submission hash) are at inputsUrl',
      required: ['runId', 'period', 'vintage', 'codeVersion', 'counts', 'inputsUrl'],
      properties: {
        runId: { type: 'string' }, period: { type: 'string' }, vintage: { type: 'string' }, settings: { type: 'object' },
        inputFingerprint: { type: 'string', nullable: true }, runCreatedAt: { type: 'string' }, weightSet: { type: 'object', nullable: true },
        deflatorSet: { type: 'object', nullable: true }, codeVersion: { type: 'string' },
        counts: {
          type: 'object',
          description: 'rows of the run in each view; the plan and pack rows copied into the release (releases assembled before them have none)',
          required: ['estimates', 'aggregates', 'benchmarks'],
          properties: Object.fromEntries(['estimates', 'aggregates', 'benchmarks', 'targets', 'index', 'stability', 'sensitivity', 'opportunities', 'indicators'].map((n) => [n, { type: 'integer' }])),
        },
        inputsUrl: { type: 'string', example: '/v1/releases/3f0c…/manifest' },
      },
    },
  },
  // The manifest is in answers about one release, not in lists.
  required: ['id', 'run_id', 'period', 'vintage', 'status', 'publish_at', 'created_at', 'published_at', 'superseded_at'],
};

export const RELEASE_LIST_SCHEMA = { type: 'object', properties: { total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, items: { type: 'array', items: RELEASE_SCHEMA } } };

export const MANIFEST_SCHEMA = {
  type: 'object',
  properties: {
    release_id: { type: 'string', format: 'uuid' }, run_id: str, period: str, vintage: str,
    manifest: { type: 'object', description: 'the whole manifest: the summary of /v1/releases/{id} and the run\'s inputs (batch ids, submission hashes per org and month, notifications, trust list)' },
  },
};

export const SCHEDULE_BODY_SCHEMA = { type: 'object', required: ['publishAt'], properties: { publishAt: { type: 'string', format: 'date-time', example: '2026-04-09T09:30:00Z' } } };

const RELEASE_CSV_HEADER = ['id', 'run_id', 'period', 'vintage', 'status', 'publish_at', 'created_at', 'published_at', 'superseded_at'];

export function releaseJson(r: ReleaseEntity, withManifest = true) {
  return {
    id: r.id,
    run_id: r.runId,
    period: r.period,
    vintage: r.vintage,
    status: r.status,
    publish_at: r.publishAt,
    created_at: r.createdAt,
    published_at: r.publishedAt,
    superseded_at: r.supersededAt,
    ...(withManifest ? { manifest: manifestSummary(r) } : {}),
  };
}

/**
 * The manifest without the run's inputs: they list every batch and submission hash (hundreds
 * of KB for a national run), which a reader of the release rarely wants; GET
 * /v1/releases/:id/manifest serves them.
 */
export function manifestSummary(r: ReleaseEntity): Record<string, unknown> {
  const { inputs: _inputs, ...summary } = (r.manifest ?? {}) as unknown as Record<string, unknown>;
  return { ...summary, inputsUrl: `/v1/releases/${r.id}/manifest` };
}

/** GET /v1/releases/:id/manifest: the whole manifest, inputs and all. */
export function manifestJson(r: ReleaseEntity) {
  return { release_id: r.id, run_id: r.runId, period: r.period, vintage: r.vintage, manifest: r.manifest };
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export function releasesCsv(rows: ReleaseEntity[]): string {
  return tableToCsv({ header: RELEASE_CSV_HEADER, rows: rows.map((r) => [r.id, r.runId, r.period, r.vintage, r.status, iso(r.publishAt), iso(r.createdAt), iso(r.publishedAt), iso(r.supersededAt)]) });
}
