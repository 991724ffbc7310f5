// OpenAPI schemas of the board's three answers (/v1/trusts/:org/explanation, /v1/revisions,
// /v1/notifications): the controller answers through `send`, so Nest cannot infer them.
import { ROW_SCHEMAS } from './openapi-schemas';

const str = { type: 'string' };
const nullableStr = { type: 'string', nullable: true };
const RELEASE_REF = { type: 'object', properties: { id: str, run_id: str, period: str, vintage: str, status: str } };
const CONTRIBUTION = { type: 'object', properties: { side: { type: 'string', enum: ['output', 'input'] }, component: str, base: str, current: str, contribution: nullableStr } };
const NOTIFICATION = { type: 'object', properties: { period: str, release_id: str, vintage: str, org_code: str, month: nullableStr, category: nullableStr, text: nullableStr, raised_at: nullableStr, status: { type: 'string', nullable: true, enum: ['raised', 'under_review', 'accepted', 'declined', 'resolved'] }, status_note: nullableStr } };
const REVISION = {
  type: 'object',
  properties: {
    org_code: str, name: str, from: RELEASE_REF, to: RELEASE_REF,
    measures: { type: 'array', items: { type: 'object', properties: { measure: str, before: nullableStr, after: nullableStr, difference: nullableStr } } },
    flags_added: { type: 'array', items: str }, flags_removed: { type: 'array', items: str },
    causes: { type: 'object', properties: { summary: { type: 'array', items: str } }, additionalProperties: true },
  },
};

export const EXPLANATION_SCHEMA = {
  type: 'object',
  properties: {
    release: RELEASE_REF, estimate: ROW_SCHEMAS.estimates,
    contributions: { type: 'object', nullable: true, properties: { output: { type: 'array', items: CONTRIBUTION }, input: { type: 'array', items: CONTRIBUTION }, output_total: nullableStr, input_total: nullableStr } },
    largest_movers: { type: 'array', items: CONTRIBUTION },
    flags: { type: 'array', items: { type: 'object', properties: { code: str, explanation: str, evidence: { type: 'object', additionalProperties: true } } } },
    notifications: { type: 'array', items: NOTIFICATION },
    benchmarks: { type: 'array', items: ROW_SCHEMAS.benchmarks },
  },
};

export const REVISIONS_SCHEMA = { type: 'object', properties: { period: str, releases: { type: 'array', items: RELEASE_REF }, total: { type: 'integer' }, items: { type: 'array', items: REVISION } } };

export const NOTIFICATIONS_SCHEMA = { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: NOTIFICATION } } };
