// Reads what a run needs from the other services' read-only views (services-design.md) and
// shapes it for the methodology. Numeric columns arrive as strings and become Exact (bundle-rows.ts),
// so money never passes through a float.
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Month, stableJson, YearToDate } from '@nhsp/domain';
import { BundleInputs, MethodSettings, planHistoryStart, resolveSettings } from '@nhsp/methodology';
import { ActivityRow, BundleRows, bundleFromRows, DeflatorYearRow, FinanceRow, ScheduleRow } from './bundle-rows';
import { notificationIdentity, readPeriodNotifications, RunNotification } from './notification-inputs';
import { TrustList } from '@nhsp/board-answers';
import { readTrustList, trustsOf, UnknownSectorError } from './trust-list';
import { HistoryRepository } from './repositories/history.repository';

/** Submission hashes of a period: org → month → kind ('activity'|'finance') → content sha256. */
export type SubmissionHashes = Record<string, Record<string, Record<string, string>>>;

/** The optional returns' current submissions up to the period: kind → org → period → content sha256. */
export type ReturnHashes = Record<string, Record<string, Record<string, string>>>;

export interface RunInputs {
  period: string;
  months: string[];
  /** The first month of the history the plan view reads (methodology §9–§10; planHistoryStart). */
  historyFrom?: string;
  /** Submission hashes of the months from historyFrom to the period other than `months` (the plan view's history). */
  history?: SubmissionHashes;
  /** The optional returns' submissions (benchmarking computes the run's packs from them after run.completed). */
  returns?: ReturnHashes;
  weightSetId: string;
  deflatorSetId: string;
  deflatorSeries: string;
  batchIds: string[];
  submissions: SubmissionHashes;
  /** Trusts' data notifications about the period's months (TRUST_NOTIFICATION). */
  notifications: RunNotification[];
  /** The trust list (names, regions, types, peer groups, sectors) the run computes on. */
  trusts: TrustList;
}

export class MissingInputError extends Error {}

/** Base and current months of a period (YYYY-MM year-to-date and the same months a year earlier). */
export function periodMonths(period: string): string[] {
  const ytd = YearToDate.of(period);
  return [...ytd.base, ...ytd.current].map(String);
}

async function latestSet(db: EntityManager, view: string, what: string): Promise<{ id: string; name: string }> {
  const rows: Array<{ id: string; name: string }> = await db.query(
    `SELECT id::text AS id, name FROM ${view} ORDER BY loaded_at DESC, id DESC LIMIT 1`,
  );
  if (!rows.length) throw new MissingInputError(`no ${what} has been loaded (${view} is empty)`);
  return rows[0];
}

async function trustListOrMissing(db: EntityManager): Promise<TrustList> {
  const trusts = await readTrustList(db).catch((error) => {
    throw error instanceof UnknownSectorError ? new MissingInputError(error.message) : error;
  });
  if (!Object.keys(trusts).length) throw new MissingInputError('no trusts have been loaded (ingestion.v_trusts is empty)');
  return trusts;
}

/**
 * The identity of a period's inputs: which sets, submissions (of the period's months, and of the
 * history months the plan view reads), returns, notifications and trust list (not yet the rows).
 * `indexBase` (a setting) decides where the history starts.
 */
export async function readRunInputs(db: EntityManager, period: string, settings: Pick<MethodSettings, 'indexBase'> = resolveSettings()): Promise<RunInputs> {
  const months = periodMonths(period);
  const weightSet = await latestSet(db, 'cost_weights.v_weight_sets', 'cost-weight set');
  const deflatorSet = await latestSet(db, 'deflators.v_deflator_sets', 'deflator set');
  const historyFrom = String(planHistoryStart(period, settings));
  const repository = new HistoryRepository(db);
  const own = new Set(months);
  const submissions: SubmissionHashes = {};
  const history: SubmissionHashes = {};
  const batchIds = new Set<string>();
  for (const r of await repository.submissions(historyFrom, period)) {
    const into = own.has(r.month) ? submissions : history;
    ((into[r.org_code] ??= {})[r.month] ??= {})[r.kind] = r.content_sha256;
    if (own.has(r.month)) batchIds.add(r.batch_id);
  }
  const returns: ReturnHashes = {};
  for (const r of await repository.returnSubmissions(period, Month.parse(period).financialYear.startYear)) {
    ((returns[r.kind] ??= {})[r.org_code] ??= {})[r.period] = r.content_sha256;
  }
  return {
    period,
    months,
    historyFrom,
    history,
    returns,
    weightSetId: weightSet.id,
    deflatorSetId: deflatorSet.id,
    deflatorSeries: deflatorSet.name,
    batchIds: [...batchIds].sort(),
    submissions,
    notifications: await readPeriodNotifications(db, months),
    trusts: await trustListOrMissing(db),
  };
}

const nonEmpty = (value: object | undefined) => value !== undefined && Object.keys(value).length > 0;

/**
 * sha256 of period + settings + weight set + deflator set + current submissions and notifications
 * of the period's months + the history months' submissions + the returns' submissions + the trust
 * list. Without a trust list (`trusts` undefined) it is the fingerprint runs had before the list
 * was an input (runs.service.ts finds those by it).
 */
export function inputFingerprint(inputs: Omit<RunInputs, 'trusts'> & { trusts?: TrustList }, settings: MethodSettings, requestedVintage?: string): string {
  return createHash('sha256')
    .update(
      stableJson({
        period: inputs.period,
        settings,
        weightSetId: inputs.weightSetId,
        deflatorSetId: inputs.deflatorSetId,
        submissions: inputs.submissions,
        // The plan view's history and the returns only when there are any, so that runs of a
        // bundle without them keep their fingerprint. A restated earlier month changes the
        // fingerprint of every later period whose history holds it.
        ...(nonEmpty(inputs.history) ? { history: inputs.history } : {}),
        ...(nonEmpty(inputs.returns) ? { returns: inputs.returns } : {}),
        // Only when there are any, so runs from before notifications existed keep their fingerprint.
        ...(inputs.notifications?.length ? { notifications: notificationIdentity(inputs.notifications) } : {}),
        ...(inputs.trusts ? { trusts: inputs.trusts } : {}),
        // A final vintage is a deliberate new run even on unchanged inputs.
        ...(requestedVintage === 'final_revised' ? { vintage: requestedVintage } : {}),
      }),
    )
    .digest('hex');
}

/** The rows behind RunInputs, plain (see bundle-rows.ts): what a worker thread can be handed. */
export async function readBundleRows(db: EntityManager, inputs: RunInputs): Promise<BundleRows> {
  const trusts = trustsOf(inputs.trusts);
  const activity: ActivityRow[] = await db.query(
    `SELECT org_code, month, pod, currency, count::text AS count, bed_days::text AS bed_days
     FROM ingestion.v_current_activity WHERE month = ANY($1)`,
    [inputs.months],
  );
  const finance: FinanceRow[] = await db.query(
    `SELECT org_code, month, category, amount_gbp::text AS amount_gbp FROM ingestion.v_current_finance WHERE month = ANY($1)`,
    [inputs.months],
  );
  const schedule: ScheduleRow[] = await db.query(
    `SELECT service_code, currency, description, activity::text AS activity, unit_cost::text AS unit_cost, cost::text AS cost
     FROM cost_weights.v_schedule_rows WHERE weight_set_id::text = $1 ORDER BY service_code, currency`,
    [inputs.weightSetId],
  );
  const years: DeflatorYearRow[] = await db.query(
    `SELECT year, prices::text AS prices, pay::text AS pay, pay_and_prices::text AS pay_and_prices
     FROM deflators.v_deflator_years WHERE deflator_set_id::text = $1 ORDER BY year`,
    [inputs.deflatorSetId],
  );
  return { trusts, activity, finance, schedule, deflators: { name: inputs.deflatorSeries, years } };
}

/** The rows behind RunInputs, as the methodology wants them. */
export async function readBundleInputs(db: EntityManager, inputs: RunInputs): Promise<BundleInputs> {
  return bundleFromRows(await readBundleRows(db, inputs));
}
