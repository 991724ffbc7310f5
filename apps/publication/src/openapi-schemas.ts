// Response schemas for the OpenAPI document. The controllers answer through `send` (ETag,
// content negotiation), so Nest cannot infer them: they are written out here, once.
const str = { type: 'string' };
const nullableDecimal = (description: string) => ({ type: 'string', nullable: true, description });
const money = nullableDecimal('pounds, 2 decimal places');
const growth = nullableDecimal('fraction, 17 significant digits (0.05 = 5%)');

export const ROW_SCHEMAS = {
  estimates: {
    type: 'object',
    properties: {
      org_code: str, name: str, sector: str, region: str, peer_group: str, period: str,
      months: { type: 'integer' }, status: str,
      cwa_base: money, cwa_current: money, output_growth: growth,
      real_spend_base: money, real_spend_current: money, input_growth: growth, productivity_growth: growth,
      vintage: str, flags: { type: 'array', items: str },
    },
  },
  aggregates: {
    type: 'object',
    properties: {
      level: { type: 'string', enum: ['national', 'sector', 'region', 'peer_group'] }, group: str, period: str,
      trusts: { type: 'integer' }, cwa_base: money, cwa_current: money, output_growth: growth,
      real_spend_base: money, real_spend_current: money, input_growth: growth, productivity_growth: growth,
    },
  },
  benchmarks: {
    type: 'object',
    properties: {
      org_code: str, period: str, peer_group: str, group_kind: str, metric: str,
      value: growth, benchmark: growth, opportunity_gbp: money, opportunity_units: nullableDecimal('units of the metric'),
      score: nullableDecimal('0-100, 2 decimal places'), rank: { type: 'integer', nullable: true }, group_size: { type: 'integer' },
    },
  },
};

const RELEASE_SUMMARY = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, run_id: str, period: str, vintage: str, status: str, published_at: { type: 'string', format: 'date-time', nullable: true } },
};

/** A paged list: the release it comes from, total rows before paging, the page. */
export function listSchema(item: object) {
  return {
    type: 'object',
    properties: {
      release: RELEASE_SUMMARY,
      total: { type: 'integer', description: 'rows before limit/offset (also X-Total-Count)' },
      limit: { type: 'integer', nullable: true },
      offset: { type: 'integer' },
      items: { type: 'array', items: item },
    },
  };
}
