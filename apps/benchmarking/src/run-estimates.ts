// Rebuilds, from productivity.v_estimates, the part of TrustEstimate the benchmarks read: the
// trust, the measures (exact, from numeric text), and from the detail the POD CWA, the category
// spend and the length of stay that the operational categories need. The rest stays empty.
import { EntityManager } from 'typeorm';
import { Exact, Sector, Trust } from '@nhsp/domain';
import { CategoryInput, DEFAULT_SETTINGS, FlagCode, LengthOfStay, Measures, PodOutput, TrustEstimate } from '@nhsp/methodology';

const MEASURE_COLUMNS: Record<keyof Measures, string> = {
  cwaBase: 'cwa_base',
  cwaCurrent: 'cwa_current',
  outputGrowth: 'output_growth',
  realSpendBase: 'real_spend_base',
  realSpendCurrent: 'real_spend_current',
  inputGrowth: 'input_growth',
  productivityGrowth: 'productivity_growth',
  costPerWau: 'cost_per_wau',
};

export interface RunEstimates {
  runId: string;
  period: string;
  estimates: TrustEstimate[];
}

export async function readRunEstimates(db: EntityManager, runId: string): Promise<RunEstimates | null> {
  const [run] = await db.query(`SELECT id, period FROM productivity.v_runs WHERE id = $1`, [runId]);
  if (!run) return null;
  const rows: Array<Record<string, unknown>> = await db.query(
    `SELECT org_code, name, sector, region, peer_group, trust_type, period, months, status, flags, detail,
            ${Object.values(MEASURE_COLUMNS).map((c) => `${c}::text AS ${c}`).join(', ')}
     FROM productivity.v_estimates WHERE run_id = $1 ORDER BY org_code`,
    [runId],
  );
  return { runId, period: run.period, estimates: rows.map(toEstimate) };
}

type Stored = Record<string, unknown>;
interface StoredDetail {
  byPod?: Stored[];
  byCategory?: Stored[];
  lengthOfStay?: Stored[];
}
const exact = (value: unknown) => new Exact(String(value ?? 0));
const exactOrNull = (value: unknown) => (value === null || value === undefined ? null : new Exact(String(value)));

function podOutput(p: Stored): PodOutput {
  return {
    pod: p.pod as PodOutput['pod'],
    base: exact(p.base),
    current: exact(p.current),
    contribution: exactOrNull(p.contribution),
    baseShare: exact(p.baseShare),
    currentShare: exact(p.currentShare),
    countBase: Number(p.countBase ?? 0),
    countCurrent: Number(p.countCurrent ?? 0),
    bedDaysBase: p.bedDaysBase === null || p.bedDaysBase === undefined ? null : Number(p.bedDaysBase),
    bedDaysCurrent: p.bedDaysCurrent === null || p.bedDaysCurrent === undefined ? null : Number(p.bedDaysCurrent),
  };
}

function categoryInput(c: Stored): CategoryInput {
  return {
    category: c.category as CategoryInput['category'],
    excluded: Boolean(c.excluded),
    nominalBase: exact(c.nominalBase),
    nominalCurrent: exact(c.nominalCurrent),
    deflator: exact(c.deflator),
    realBase: exact(c.realBase),
    realCurrent: exact(c.realCurrent),
    contribution: exactOrNull(c.contribution),
  };
}

function lengthOfStay(l: Stored): LengthOfStay {
  return { group: l.group as LengthOfStay['group'], spells: Number(l.spells), bedDays: Number(l.bedDays), expectedBedDays: exact(l.expectedBedDays) };
}

function toEstimate(r: Record<string, unknown>): TrustEstimate {
  const detail = (r.detail ?? {}) as StoredDetail;
  const trust: Trust = {
    orgCode: String(r.org_code),
    name: String(r.name),
    region: String(r.region),
    trustType: String(r.trust_type),
    peerGroup: String(r.peer_group),
    sector: r.sector as Sector,
  };
  const measurable = r.status === 'estimated' && Object.values(MEASURE_COLUMNS).every((c) => r[c] !== null);
  const measures = measurable
    ? (Object.fromEntries(Object.entries(MEASURE_COLUMNS).map(([key, column]) => [key, new Exact(String(r[column]))])) as unknown as Measures)
    : null;
  return {
    trust,
    period: String(r.period),
    months: Number(r.months),
    status: r.status as TrustEstimate['status'],
    measures,
    flags: (r.flags as FlagCode[]) ?? [],
    missing: [],
    byPod: (detail.byPod ?? []).map(podOutput),
    byCategory: (detail.byCategory ?? []).map(categoryInput),
    lengthOfStay: (detail.lengthOfStay ?? []).map(lengthOfStay),
    unweighted: { cwa: new Exact(0), share: new Exact(0) },
    podShifts: [],
    settings: DEFAULT_SETTINGS,
  };
}
