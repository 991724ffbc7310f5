// The report's page models built from the golden bundle's expected results (no database), for the
// specs of the pages' HTML.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { EnglandModel, TrustModel } from '../src/report/report-data';
import type { AggregateRow, BenchmarkRow, EstimateRow } from '../src/source-views';

// The in-repo copy of shared/golden (bundle and independently computed expected results).
const GOLDEN = resolve(__dirname, '../../../tools/fixtures/golden');
type Row = Record<string, string>;
const csv = (path: string): Row[] => parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, bom: true });
const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);

export function goldenEngland(period: string): EnglandModel {
  const trusts = new Map(csv(`${GOLDEN}/bundle/trusts.csv`).map((t) => [t.org_code.trim().toUpperCase(), t]));
  const estimates: EstimateRow[] = csv(`${GOLDEN}/expected-${period}/estimates.csv`).map((e) => ({
    run_id: 'run', period, vintage: 'provisional', org_code: e.org_code, name: trusts.get(e.org_code)?.name ?? e.org_code, sector: e.sector,
    region: trusts.get(e.org_code)?.region ?? 'Unknown', peer_group: e.peer_group, months: Number(e.months), status: e.productivity_growth ? 'estimated' : 'missing_data',
    cwa_base: orNull(e.cwa_base), cwa_current: orNull(e.cwa_current), output_growth: orNull(e.output_growth), real_spend_base: orNull(e.real_spend_base),
    real_spend_current: orNull(e.real_spend_current), input_growth: orNull(e.input_growth), productivity_growth: orNull(e.productivity_growth),
    flags: e.flags ? e.flags.split('|') : [],
  }));
  const aggregates: AggregateRow[] = csv(`${GOLDEN}/expected-${period}/aggregates.csv`).map((a) => ({
    level: a.level, group: a.group, period, trusts: Number(a.trusts), cwa_base: null, cwa_current: null, output_growth: orNull(a.output_growth),
    real_spend_base: null, real_spend_current: null, input_growth: orNull(a.input_growth), productivity_growth: orNull(a.productivity_growth),
  }));
  const release = { id: 'rel', status: 'published', runId: 'run', period, vintage: 'provisional', publishedAt: '2026-01-01T00:00:00.000Z', target: 0.02 };
  const national = aggregates.find((a) => a.level === 'national')!;
  return { release, periods: ['2025-06', '2025-12'], aggregates, estimates, national: [{ ...national, period: '2025-06' }, { ...national, period: '2025-12' }] };
}

export function goldenBenchmarks(period: string, org: string): BenchmarkRow[] {
  return csv(`${GOLDEN}/expected-${period}/benchmarks.csv`)
    .filter((b) => b.org_code === org)
    .map((b) => ({ org_code: org, period, peer_group: b.peer_group, group_kind: 'peer_group', metric: b.metric, value: orNull(b.value), benchmark: orNull(b.benchmark), opportunity_gbp: orNull(b.opportunity_gbp), opportunity_units: null, score: orNull(b.score), rank: 1, group_size: 2 }));
}

/** A trust page's model: the golden estimate, both contribution sides with real POD and cost codes, the golden benchmarks and two more metrics. */
export function goldenTrust(org: string): TrustModel {
  const england = goldenEngland('2025-06');
  const estimate = england.estimates.find((e) => e.org_code === org)!;
  return {
    release: england.release,
    estimate,
    missing: estimate.productivity_growth === null ? [{ month: '2025-05', missing: ['finance'] }, { month: '2024-05', missing: ['activity', 'finance'] }] : [],
    series: [estimate, { ...estimate, period: '2025-12' }],
    contributions: [
      { side: 'output', component: 'EL', base: '100', current: '103', contribution: '0.03' },
      { side: 'output', component: 'NEL_LS', base: '100', current: '98', contribution: '-0.02' },
      { side: 'output', component: 'OPPROC', base: '50', current: '51', contribution: '0.0023' },
      { side: 'input', component: 'pay_substantive', base: '200', current: '202', contribution: '0.01' },
      { side: 'input', component: 'non_pay_clinical_supplies', base: '80', current: '79', contribution: '-0.004' },
    ],
    benchmarks: [
      ...goldenBenchmarks('2025-06', org),
      { org_code: org, period: '2025-06', peer_group: 'Acute - Large', group_kind: 'peer_group', metric: 'los_elective', value: '4.2', benchmark: '3.95', opportunity_gbp: '120000.4', opportunity_units: '300', score: null, rank: 2, group_size: 5 },
      { org_code: org, period: '2025-06', peer_group: 'Acute - Large', group_kind: 'peer_group', metric: 'temporary_staffing', value: '0.12', benchmark: '0.08', opportunity_gbp: null, opportunity_units: null, score: null, rank: 4, group_size: 5 },
    ],
    notifications: [{ month: '2025-05', category: 'epr_go_live', text: 'New EPR <b>live</b>', raised_at: '2025-06-02T10:00:00Z', in_figures: true }],
    revisions: [
      { run_id: 'run', vintage: 'provisional', created_at: '2025-07-01T09:00:00Z', changes: ['First calculation of this month.'], published: true, output_growth: estimate.output_growth, input_growth: estimate.input_growth, productivity_growth: estimate.productivity_growth, flags: estimate.flags },
    ],
  };
}
