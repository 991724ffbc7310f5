// Key operational indicators (board paper Table 1) of a run, written with the run in its
// transaction, so a run never exists without them.
import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { AGGREGATE_LEVELS, IndicatorRow, IndicatorSources, keyIndicators, TrustEstimate } from '@nhsp/methodology';

const text = (value: Decimal | null): string | null => (value ? value.toFixed() : null);

export const INDICATOR_LEVELS = ['trust', ...AGGREGATE_LEVELS] as const;

/**
 * keyIndicators of the run's estimates, one row per level, group and indicator the data carries;
 * `sources` are the run's activity and finance (the month-window shares read month P itself).
 */
export async function insertIndicators(
  db: EntityManager,
  runId: string,
  period: string,
  estimates: readonly TrustEstimate[],
  sources: IndicatorSources,
): Promise<number> {
  const rows = keyIndicators(period, estimates, sources).map((r: IndicatorRow) => ({
    run_id: runId,
    level: r.level,
    group_name: r.group,
    period: r.period,
    indicator: r.indicator,
    base: text(r.base),
    current: text(r.current),
    change: text(r.change),
  }));
  await db.query(
    `INSERT INTO productivity.indicator
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, level text, group_name text, period text, indicator text,
       base numeric, current numeric, change numeric)`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}
