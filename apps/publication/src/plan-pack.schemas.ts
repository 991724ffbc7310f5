// OpenAPI response schemas of the plan-view and pack routes (the data contract's files, as JSON).
import { listSchema } from './openapi-schemas';

const str = { type: 'string' };
const nullableStr = { type: 'string', nullable: true };
const rate = (description = 'fraction, 17 significant digits (0.02 = 2%)') => ({ type: 'string', nullable: true, description });
const twoDp = (description: string) => ({ type: 'string', nullable: true, description: `${description}, 2 decimal places` });
const levels = { type: 'string', enum: ['national', 'peer_group', 'region', 'sector', 'trust'] };

export const PLAN_PACK_ROWS = {
  targets: {
    type: 'object',
    description: 'targets.csv (methodology §8)',
    properties: {
      level: levels, group: { type: 'string', description: 'org code for level trust' }, period: str,
      productivity_growth: rate(), target: rate('the annual target, fraction'), on_track: { type: 'boolean' },
      required_output_growth_rest: rate(), required_productivity_growth_rest: rate(),
      savings_needed_gbp: twoDp('pounds'), projected_full_year_growth: rate(),
    },
  },
  index: {
    type: 'object',
    description: 'index.csv (methodology §9): one row per complete financial year, and the year in progress last',
    properties: {
      level: levels, group: str, year: { type: 'string', example: '2024/25' },
      output_growth: rate(), input_growth: rate(), productivity_growth: rate(),
      index: rate('100 in the base year'), in_progress: { type: 'boolean', description: 'the year-to-date row' },
    },
  },
  stability: {
    type: 'object',
    description: "stability.csv (methodology §10): trust rows, then England's with rank_stability in band",
    properties: { org_code: str, period: str, productivity_growth: rate(), month_move: rate(), band: rate(), revision_range: rate() },
  },
  sensitivity: {
    type: 'object',
    description: 'how far a trust figure moves under alternative method settings (nhsp sensitivity)',
    properties: {
      org_code: str, period: str,
      variants: { type: 'object', additionalProperties: rate('productivity growth under the variant'), example: { base: '0.012', equalisation_none: '0.015' } },
      spread: rate('max - min over the variants with an estimate'),
    },
  },
  opportunities: {
    type: 'object',
    description: 'opportunities.csv (methodology §11)',
    properties: {
      org_code: str, period: str, sector: str, metric: str, dimension: nullableStr, value: rate('unrounded'), benchmark: rate('unrounded'),
      benchmark_group: nullableStr, opportunity_units: twoDp('in unit'), unit: nullableStr, opportunity_gbp: twoDp('pounds'),
      missing: { type: 'string', nullable: true, description: 'the data the category lacked' },
    },
  },
  indicators: {
    type: 'object',
    description: 'indicators.csv (methodology §12)',
    properties: {
      level: levels, group: str, period: str, indicator: str, window: { type: 'string', enum: ['ytd', 'month'] },
      base: rate('unrounded'), current: rate('unrounded'), change: rate(), change_kind: { type: 'string', enum: ['relative', 'points'] },
    },
  },
};

export const STABILITY_LIST = (() => {
  const schema = listSchema(PLAN_PACK_ROWS.stability);
  return { ...schema, properties: { ...schema.properties, rank_stability: rate("England's rank stability against last month") } };
})();

export const CATEGORY_SCHEMA = (() => {
  const schema = listSchema(PLAN_PACK_ROWS.opportunities);
  const benchmark = {
    type: 'object',
    properties: { dimension: nullableStr, benchmark_group: str, benchmark: rate('unrounded'), trusts: { type: 'integer' } },
  };
  return { ...schema, properties: { metric: str, ...schema.properties, benchmarks: { type: 'array', items: benchmark } } };
})();

export const PACK_SCHEMA = (() => {
  const schema = listSchema(PLAN_PACK_ROWS.opportunities);
  return { ...schema, properties: { org_code: str, ...schema.properties } };
})();
