// Rebuilds, from productivity.v_estimates, the part of TrustEstimate the benchmarks read: the
// trust and the measures (exact, from numeric text). The rest stays empty on purpose.
import { EntityManager } from 'typeorm';
import { Exact, Sector, Trust } from '@nhsp/domain';
import { DEFAULT_SETTINGS, FlagCode, Measures, TrustEstimate } from '@nhsp/methodology';

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
    `SELECT org_code, name, sector, region, peer_group, trust_type, period, months, status, flags,
            ${Object.values(MEASURE_COLUMNS).map((c) => `${c}::text AS ${c}`).join(', ')}
     FROM productivity.v_estimates WHERE run_id = $1 ORDER BY org_code`,
    [runId],
  );
  return { runId, period: run.period, estimates: rows.map(toEstimate) };
}

function toEstimate(r: Record<string, unknown>): TrustEstimate {
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
    byPod: [],
    byCategory: [],
    unweighted: { cwa: new Exact(0), share: new Exact(0) },
    podShifts: [],
    settings: DEFAULT_SETTINGS,
  };
}
