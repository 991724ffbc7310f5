// Reads what a run needs from the other services' read-only views (services-design.md) and
// shapes it for the methodology. Numeric columns arrive as strings and become Exact (bundle-rows.ts),
// so money never passes through a float.
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Month, stableJson, YearToDate } from '@nhsp/domain';
import { BundleInputs, MethodSettings, planHistoryStart, resolveSettings } from '@nhsp/methodology';
import { BundleRows, bundleFromRows } from './bundle-rows';
import { notificationIdentity, readPeriodNotifications, RunNotification } from './notification-inputs';
import { TrustList } from '@nhsp/board-answers';
import { readTrustList, trustsOf, UnknownSectorError } from './trust-list';
import { BundleRowsRepository } from './repositories/bundle-rows.repository';
import { HistoryRepository, SubmissionRow } from './repositories/history.repository';
import { HistoryCache } from './history-cache';
import { identitiesOfMonths } from './submission-rows';
import { HeldHistory, HeldReturns, SnapshotSubmissions, SubmissionDigests } from './submission-digests';

/** Submission hashes of a period: org → month → kind ('activity'|'finance') → content sha256. */
export type SubmissionHashes = Record<string, Record<string, Record<string, string>>>;

export interface RunInputs {
  period: string;
  months: string[];
  /** The first month of the history the plan view reads (methodology §9–§10; planHistoryStart). */
  historyFrom?: string;
  /** Every current activity and finance submission of historyFrom..period (its own months too): the plan view's ledger keys. */
  history?: SubmissionRow[];
  /** sha256 of those submissions (absent when there are none): what the fingerprint holds of the history. */
  historySha256?: string;
  /** sha256 of the optional returns' current submissions up to the period (absent when there are none). */
  returnsSha256?: string;
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
  const rows = await new BundleRowsRepository(db).latestSet(view);
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

export interface InputsRequest {
  period: string;
  /** Where the plan view's history starts depends on the index base (a setting). */
  settings?: Pick<MethodSettings, 'indexBase'>;
}

/**
 * sha256 of sorted text lines (a set's identity whatever order it was read in); undefined for none.
 * What a run's historySha256 and returnsSha256 are of their lines (for one period PostgreSQL
 * computes the returns': HistoryRepository.returnsSha256).
 */
export function linesSha256(lines: string[]): string | undefined {
  if (!lines.length) return undefined;
  // One update of the joined text: the same bytes, and so the same digest, as a line and its newline
  // at a time, which cost two native calls per submission (84 months of 194 trusts per period).
  return createHash('sha256').update(`${lines.sort().join('\n')}\n`).digest('hex');
}

/**
 * The identity of a period's inputs: which sets, submissions (of the period's months, and of the
 * history months the plan view reads), returns, notifications and trust list (not yet the rows).
 * With `digests`, what it holds of the history of submissions is that of the snapshot's state
 * derived once for every run (submission-digests.ts): the same values.
 */
export async function readRunInputs(db: EntityManager, period: string, settings: Pick<MethodSettings, 'indexBase'> = resolveSettings(), digests?: SubmissionDigests): Promise<RunInputs> {
  return (await readRunInputsOf(db, [{ period, settings }], digests))[0];
}

/**
 * readRunInputs of several periods at once, each submission and return read once for all of them
 * (the auto-trigger fingerprints every period already run when new inputs arrive).
 */
export async function readRunInputsOf(db: EntityManager, requests: readonly InputsRequest[], digests?: SubmissionDigests): Promise<RunInputs[]> {
  if (!requests.length) return [];
  const weightSet = await latestSet(db, 'cost_weights.v_weight_sets', 'cost-weight set');
  const deflatorSet = await latestSet(db, 'deflators.v_deflator_sets', 'deflator set');
  const trusts = await trustListOrMissing(db);
  const ranges = requests.map((r) => ({ period: r.period, from: String(planHistoryStart(r.period, r.settings ?? resolveSettings())) }));
  const held = (await digests?.of(db)) ?? (await readSubmissions(db, ranges));
  const inputs: RunInputs[] = [];
  for (const { period, from } of ranges) {
    const months = periodMonths(period);
    const own = new Set(months);
    const submissions: SubmissionHashes = {};
    const batchIds = new Set<string>();
    const history = held.submissions(from, period);
    for (const r of history) {
      if (!own.has(r.month)) continue;
      ((submissions[r.org_code] ??= {})[r.month] ??= {})[r.kind] = r.content_sha256;
      batchIds.add(r.batch_id);
    }
    inputs.push({
      period,
      months,
      historyFrom: from,
      history,
      historySha256: held.historySha256(from, period),
      returnsSha256: await held.returnsSha256(period, Month.parse(period).financialYear.startYear),
      weightSetId: weightSet.id,
      deflatorSetId: deflatorSet.id,
      deflatorSeries: deflatorSet.name,
      batchIds: [...batchIds].sort(),
      submissions,
      notifications: await readPeriodNotifications(db, months),
      trusts,
    });
  }
  return inputs;
}

/** The submissions of the ranges' months and their digests, read and hashed for these ranges alone. */
async function readSubmissions(db: EntityManager, ranges: ReadonlyArray<{ period: string; from: string }>): Promise<SnapshotSubmissions> {
  const repository = new HistoryRepository(db);
  const first = ranges.map((r) => r.from).sort()[0];
  const last = ranges.map((r) => r.period).sort().pop()!;
  // A run (one period): PostgreSQL hashes its returns' submissions in this snapshot, so they (up to
  // 84 months of 194 trusts, three monthly kinds) are not read and parsed only to be hashed.
  // Several periods (the auto-trigger's fingerprints): read once and hashed here, one query rather
  // than one a period. The same digests either way (history-inputs.spec.ts).
  const history = new HeldHistory(await repository.submissions(first, last));
  const returns = ranges.length > 1 ? new HeldReturns(await repository.returnSubmissions(last, Month.parse(last).financialYear.startYear)) : null;
  return {
    submissions: (from, to) => history.of(from, to),
    historySha256: (from, to) => history.sha256(from, to),
    returnsSha256: async (period, fyStart) => (returns ? returns.sha256(period, fyStart) : ((await repository.returnsSha256(period, fyStart)) ?? undefined)),
  };
}

/**
 * sha256 of period + settings + weight set + deflator set + current submissions and notifications
 * of the period's months + the history months' submissions + the returns' submissions + the trust
 * list. Without a trust list (`trusts` undefined) it is the fingerprint runs had before the list
 * was an input (runs.service.ts finds those by it).
 */
export function inputFingerprint(inputs: Omit<RunInputs, 'trusts'> & { trusts?: TrustList }, settings: MethodSettings, requestedVintage?: string): string {
  const { current, withoutTrusts } = inputFingerprints(inputs, settings, requestedVintage);
  return inputs.trusts ? current : withoutTrusts();
}

export interface InputFingerprints {
  current: string;
  withoutTrusts: () => string;
}

/**
 * inputFingerprint of the inputs (`current`) and of the same inputs without their trust list
 * (`withoutTrusts`, made when first asked for), the JSON of what they share made once: a run
 * looks itself up by both, and that JSON (every submission of its months, its notifications) was
 * most of the cost of each.
 */
export function inputFingerprints(
  inputs: Omit<RunInputs, 'trusts'> & { trusts?: TrustList },
  settings: MethodSettings,
  requestedVintage?: string,
): InputFingerprints {
  const shared: Record<string, unknown> = {
    period: inputs.period,
    settings,
    weightSetId: inputs.weightSetId,
    deflatorSetId: inputs.deflatorSetId,
    submissions: inputs.submissions,
    // The plan view's history and the returns only when there are any, so that runs of a
    // bundle without them keep their fingerprint. A restated earlier month changes the
    // fingerprint of every later period whose history holds it.
    ...(inputs.historySha256 ? { history: inputs.historySha256 } : {}),
    ...(inputs.returnsSha256 ? { returns: inputs.returnsSha256 } : {}),
    // Only when there are any, so runs from before notifications existed keep their fingerprint.
    ...(inputs.notifications?.length ? { notifications: notificationIdentity(inputs.notifications) } : {}),
    // A final vintage is a deliberate new run even on unchanged inputs.
    ...(requestedVintage === 'final_revised' ? { vintage: requestedVintage } : {}),
  };
  // stableJson of an object is its entries' stableJson in key order: each value's made once here.
  const entries = new Map(Object.entries(shared).map(([key, value]) => [key, stableJson(value)]));
  const sha256Of = (values: Map<string, string>) =>
    createHash('sha256')
      .update(`{${[...values.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((key) => `${JSON.stringify(key)}:${values.get(key)}`).join(',')}}`)
      .digest('hex');
  let withoutTrusts: string | undefined;
  const without = () => (withoutTrusts ??= sha256Of(entries));
  return { current: inputs.trusts ? sha256Of(new Map([...entries, ['trusts', stableJson(inputs.trusts)]])) : without(), withoutTrusts: without };
}

/** The rows behind RunInputs, plain (see bundle-rows.ts): what a worker thread can be handed. */
export async function readBundleRows(db: EntityManager, inputs: RunInputs): Promise<BundleRows> {
  const trusts = trustsOf(inputs.trusts);
  const repository = new BundleRowsRepository(db);
  const activity = await repository.activity(inputs.months);
  const finance = await repository.finance(inputs.months);
  return { trusts, activity, finance, ...(await readReferenceRows(db, inputs)) };
}

/** The run's cost-weight schedule and deflator years. */
async function readReferenceRows(db: EntityManager, inputs: RunInputs): Promise<Pick<BundleRows, 'schedule' | 'deflators'>> {
  const repository = new BundleRowsRepository(db);
  const schedule = await repository.schedule(inputs.weightSetId);
  const years = await repository.deflatorYears(inputs.deflatorSetId);
  return { schedule, deflators: { name: inputs.deflatorSeries, years } };
}

/** The rows behind RunInputs, as the methodology wants them. */
export async function readBundleInputs(db: EntityManager, inputs: RunInputs): Promise<BundleInputs> {
  return bundleFromRows(await readBundleRows(db, inputs));
}

/**
 * readBundleInputs through the process's HistoryCache: the months it holds under the identity
 * the run's own submissions give them are not read or parsed again (history-cache.ts).
 */
export async function readBundleInputsShared(db: EntityManager, inputs: RunInputs, cache: HistoryCache): Promise<BundleInputs> {
  const identities = identitiesOfMonths(inputs.history ?? [], inputs.months);
  // Indexes shared with the other runs while they hold the run's months as its snapshot does (held-indexes.ts).
  const { activity, finance } = await cache.indexes(db, inputs.months, identities);
  // A set is immutable: its schedule and deflators are read and parsed once per process, and
  // every run gets the same objects (they were 1.1 s of an 84-period recompute, parsed per run).
  const read = async () => bundleFromRows({ trusts: [], activity: [], finance: [], ...(await readReferenceRows(db, inputs)) });
  // Another run's read failed (its transaction ended): read them in this one.
  const { schedule, deflators } = await cache.reference(`${inputs.weightSetId}|${inputs.deflatorSetId}|${inputs.deflatorSeries}`, read).catch(read);
  return { schedule, deflators, trusts: trustsOf(inputs.trusts), activity, finance };
}
