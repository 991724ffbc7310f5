// The plan and pack rows of the golden history bundle (tools/fixtures/golden): the independently
// computed expected files, read in the data contract's layouts into the rows the report renders
// (src/report/plan-types.ts), as the views would give them. The golden files hold the columns that
// matter for checking; a column they leave out is filled the way the contract defines it
// (in_progress from the period, window and change_kind from the indicator, unit from the
// category) or left empty (benchmark_group, missing).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { deriveSector, FinancialYear, YearToDate } from '@nhsp/domain';
import { changeKindOf, DEFAULT_SETTINGS, INDICATOR_WINDOWS, isUnstable, KeyIndicator } from '@nhsp/methodology';
import type { IndexRow, IndicatorViewRow, OpportunityViewRow, PlanTrust, RankStabilityRow, StabilityRow, TargetRow } from '../src/report/plan-types';

export const GOLDEN = resolve(__dirname, '../../../tools/fixtures/golden');
type Row = Record<string, string>;

/** A CSV file as rows, every column the test needs present (else an error naming file and column). */
function csv(path: string, required: readonly string[]): Row[] {
  const rows: Row[] = parse(readFileSync(path, 'utf8'), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true });
  const header = rows.length ? Object.keys(rows[0]) : [];
  for (const c of required) if (rows.length && !header.includes(c)) throw new Error(`${path}: no column "${c}"`);
  return rows;
}

const orNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
const expected = (period: string, file: string) => `${GOLDEN}/expected-history-${period}/${file}`;

export function goldenTargets(period: string): TargetRow[] {
  return csv(expected(period, 'targets.csv'), ['level', 'group', 'period', 'target', 'on_track']).map((r) => ({
    period: r.period,
    level: r.level,
    group_name: r.group,
    productivity_growth: orNull(r.productivity_growth),
    target: r.target,
    on_track: r.on_track === 'true',
    required_output_growth_rest: orNull(r.required_output_growth_rest),
    required_productivity_growth_rest: orNull(r.required_productivity_growth_rest),
    savings_needed_gbp: orNull(r.savings_needed_gbp),
    projected_full_year_growth: orNull(r.projected_full_year_growth),
  }));
}

/** index.csv: the last row of the period's own year is the year in progress unless the period is Month 12. */
export function goldenIndex(period: string): IndexRow[] {
  const ytd = YearToDate.of(period);
  const current = ytd.financialYear.toString();
  return csv(expected(period, 'index.csv'), ['level', 'group', 'year', 'index']).map((r) => ({
    period,
    level: r.level,
    group_name: r.group,
    year: FinancialYear.parse(r.year).toString(),
    output_growth: orNull(r.output_growth),
    input_growth: orNull(r.input_growth),
    productivity_growth: orNull(r.productivity_growth),
    index_value: orNull(r.index),
    in_progress: r.year === current && ytd.months < 12,
  }));
}

export function goldenStability(period: string): { rows: StabilityRow[]; rank: RankStabilityRow } {
  const all = csv(expected(period, 'stability.csv'), ['org_code', 'period', 'band']);
  const national = all.find((r) => r.org_code === 'England');
  if (!national) throw new Error(`${expected(period, 'stability.csv')}: no England row`);
  return {
    rows: all.filter((r) => r !== national).map((r) => ({
      period: r.period,
      org_code: r.org_code,
      productivity_growth: orNull(r.productivity_growth),
      month_move: orNull(r.month_move),
      band: orNull(r.band),
      revision_range: orNull(r.revision_range),
    })),
    rank: { period: national.period, rank_stability: orNull(national.band) },
  };
}

/** The unit of each category's opportunity (data contract, opportunities.csv), for files that leave the column out. */
const UNITS: Record<string, string> = {
  estates_energy: 'kwh',
  community_los: 'bed_days',
  community_dna: 'contacts',
  mh_los: 'bed_days',
  talking_therapies_dna: 'contacts',
  talking_therapies_contacts_per_wte: 'contacts',
  ambulance_handover: 'hours',
  ambulance_conveyance: 'conveyances',
  ambulance_incidents_per_wte: 'wte_months',
};

export function goldenOpportunities(period: string): OpportunityViewRow[] {
  return csv(expected(period, 'opportunities.csv'), ['org_code', 'period', 'sector', 'metric', 'value']).map((r) => {
    const units = orNull(r.opportunity_units);
    return {
      period: r.period,
      org_code: r.org_code,
      sector: r.sector,
      metric: r.metric,
      dimension: orNull(r.dimension),
      value: orNull(r.value),
      benchmark: orNull(r.benchmark),
      benchmark_group: orNull(r.benchmark_group),
      opportunity_units: units,
      unit: 'unit' in r ? orNull(r.unit) : units === null ? null : (UNITS[r.metric] ?? null),
      opportunity_gbp: orNull(r.opportunity_gbp),
      missing: orNull(r.missing),
    };
  });
}

export function goldenIndicators(period: string): IndicatorViewRow[] {
  return csv(expected(period, 'indicators.csv'), ['level', 'group', 'period', 'indicator']).map((r) => {
    const indicator = r.indicator as KeyIndicator;
    if (!(indicator in INDICATOR_WINDOWS)) throw new Error(`${expected(period, 'indicators.csv')}: unknown indicator "${r.indicator}"`);
    return {
      period: r.period,
      level: r.level,
      group_name: r.group,
      indicator,
      window: (orNull(r.window) ?? INDICATOR_WINDOWS[indicator]) as 'ytd' | 'month',
      base: orNull(r.base),
      current: orNull(r.current),
      change: orNull(r.change),
      change_kind: (orNull(r.change_kind) ?? changeKindOf(indicator)) as 'relative' | 'points',
    };
  });
}

/**
 * The bundle's trusts with the estimate's flags for the period, UNSTABLE added where the band is
 * over `unstable_band` as the methodology adds it (the golden estimates predate that flag).
 */
export function goldenTrusts(period: string): Map<string, PlanTrust> {
  const flags = new Map(csv(expected(period, 'estimates.csv'), ['org_code', 'flags']).map((e) => [e.org_code, e.flags ? e.flags.split('|') : []]));
  const bands = new Map(goldenStability(period).rows.map((s) => [s.org_code, s.band]));
  const trusts = csv(`${GOLDEN}/history-bundle/trusts.csv`, ['org_code', 'name', 'trust_type', 'peer_group']);
  return new Map(
    trusts.map((t) => {
      const code = t.org_code.trim().toUpperCase();
      const band = bands.get(code) ?? null;
      const own = flags.get(code) ?? [];
      const all = isUnstable(band === null ? null : new Decimal(band), DEFAULT_SETTINGS) ? [...own, 'UNSTABLE'] : own;
      return [code, { org_code: code, name: t.name, sector: deriveSector(t.trust_type, t.peer_group, orNull(t.sector) ?? undefined), peer_group: t.peer_group, flags: all }];
    }),
  );
}

/** One trust of each sector, as the brief asks the pages be shown for. */
export const SECTOR_TRUSTS = { acute: 'RAE', mental_health: 'RV9', community: 'RY3', ambulance: 'RX7' } as const;
