import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ActivityRecord, DeflatorRecord, FinanceRecord, NccScheduleRow, Trust } from '@nhsp/domain';
import { readActivity, readActivityRecords } from './activity';
import { ReadOptions, ReadResult } from './csv/reader';
import { readDeflators } from './deflators';
import { readFinance } from './finance';
import { BadFileError, BundleError, DEFAULT_MAX_ISSUES, Issue, OnError } from './issues';
import { readNccSchedule } from './ncc-schedule';
import { readTrusts } from './trusts';
import { BundleReturns, RETURN_FILES, readMedicines, readOperations, readTrustCosts, readUnitCosts, readWorkforce } from './returns';

export const BUNDLE_FILES = {
  trusts: 'trusts.csv',
  activity: 'activity.csv',
  activityRecords: 'activity_records.csv',
  finance: 'finance.csv',
  costWeights: 'cost_weights.csv',
  deflators: 'deflators.csv',
} as const;

export interface BundleOptions {
  onError?: OnError;
  /** Issues stored per file (all are counted). */
  maxIssues?: number;
}

/** A bundle folder read whole; a file the folder does not hold is null. */
export interface Bundle {
  dir: string;
  trusts: ReadResult<Trust>;
  /** From activity.csv, or activity_records.csv aggregated; `activity.file` says which. */
  activity: ReadResult<ActivityRecord> | null;
  finance: ReadResult<FinanceRecord> | null;
  costWeights: ReadResult<NccScheduleRow> | null;
  deflators: ReadResult<DeflatorRecord> | null;
  /** The optional operational returns (trust_costs.csv, workforce.csv, ...), each null when absent. */
  returns: BundleReturns;
  /** Issues of every file (quarantined rows); empty under `reject`, which throws instead. */
  issues: Issue[];
  issueCount: number;
}

type Outcome<T> = { result: ReadResult<T> } | { error: BadFileError } | null;

/**
 * Reads the contract files a folder holds, checking the org codes of activity, finance and the
 * optional returns against its trusts.csv. Every file is read through, so that one BundleError lists the problems of all
 * files when any file is rejected (unreadable, or with bad rows under `reject`).
 */
export async function readBundle(dir: string, options: BundleOptions = {}): Promise<Bundle> {
  const onError = options.onError ?? 'reject';
  const present = await presentFiles(dir);
  const layout: Issue[] = [];
  const file = (name: string): string => join(dir, name);
  // Files are read in quarantine so that every problem of every file is collected first.
  const read: ReadOptions = { onError: 'quarantine', maxIssues: options.maxIssues ?? DEFAULT_MAX_ISSUES };

  if (!present.has(BUNDLE_FILES.trusts)) {
    layout.push(bundleIssue(BUNDLE_FILES.trusts, 'is missing: a bundle needs the trust list'));
  }
  if (present.has(BUNDLE_FILES.activity) && present.has(BUNDLE_FILES.activityRecords)) {
    layout.push(
      bundleIssue(BUNDLE_FILES.activityRecords, 'a bundle holds activity.csv or activity_records.csv, not both (they would count twice)'),
    );
  }
  const trusts = present.has(BUNDLE_FILES.trusts) ? await attempt(readTrusts(file(BUNDLE_FILES.trusts), read)) : null;
  const knownOrgCodes = trusts && 'result' in trusts ? trusts.result.rows.map((trust) => trust.orgCode) : undefined;
  const scoped = { ...read, knownOrgCodes };
  const when = <T>(name: string, load: () => Promise<ReadResult<T>>): Promise<Outcome<T>> =>
    present.has(name) ? attempt(load()) : Promise.resolve(null);

  const [activity, activityRecords, finance, costWeights, deflators] = await Promise.all([
    when(BUNDLE_FILES.activity, () => readActivity(file(BUNDLE_FILES.activity), scoped)),
    when(BUNDLE_FILES.activityRecords, () => readActivityRecords(file(BUNDLE_FILES.activityRecords), scoped)),
    when(BUNDLE_FILES.finance, () => readFinance(file(BUNDLE_FILES.finance), scoped)),
    when(BUNDLE_FILES.costWeights, () => readNccSchedule(file(BUNDLE_FILES.costWeights), read)),
    when(BUNDLE_FILES.deflators, () => readDeflators(file(BUNDLE_FILES.deflators), read)),
  ]);
  const [trustCosts, workforce, operations, medicines, unitCosts] = await Promise.all([
    when(RETURN_FILES.trustCosts, () => readTrustCosts(file(RETURN_FILES.trustCosts), scoped)),
    when(RETURN_FILES.workforce, () => readWorkforce(file(RETURN_FILES.workforce), scoped)),
    when(RETURN_FILES.operations, () => readOperations(file(RETURN_FILES.operations), scoped)),
    when(RETURN_FILES.medicines, () => readMedicines(file(RETURN_FILES.medicines), scoped)),
    when(RETURN_FILES.unitCosts, () => readUnitCosts(file(RETURN_FILES.unitCosts), read)),
  ]);
  const outcomes: Outcome<unknown>[] = [
    trusts, activity, activityRecords, finance, costWeights, deflators, trustCosts, workforce, operations, medicines, unitCosts,
  ];

  const issues: Issue[] = [...layout];
  let issueCount = layout.length;
  const rejected = new Set(layout.map((issue) => issue.file));
  for (const outcome of outcomes) {
    if (!outcome) continue;
    const { file: name, issues: found, issueCount: count } = 'result' in outcome ? outcome.result : outcome.error;
    issues.push(...found);
    issueCount += count;
    if ('error' in outcome || (onError === 'reject' && count > 0)) rejected.add(name);
  }
  if (rejected.size > 0) throw new BundleError(issues, issueCount, [...rejected]);

  const value = <T>(outcome: Outcome<T>): ReadResult<T> | null => (outcome && 'result' in outcome ? outcome.result : null);
  return {
    dir,
    trusts: value(trusts)!,
    activity: value(activity) ?? value(activityRecords),
    finance: value(finance),
    costWeights: value(costWeights),
    deflators: value(deflators),
    returns: {
      trustCosts: value(trustCosts),
      workforce: value(workforce),
      operations: value(operations),
      medicines: value(medicines),
      unitCosts: value(unitCosts),
    },
    issues,
    issueCount,
  };
}

async function attempt<T>(reading: Promise<ReadResult<T>>): Promise<Outcome<T>> {
  try {
    return { result: await reading };
  } catch (error) {
    if (error instanceof BadFileError) return { error };
    throw error;
  }
}

async function presentFiles(dir: string): Promise<Set<string>> {
  const present = new Set<string>();
  for (const name of [...Object.values(BUNDLE_FILES), ...Object.values(RETURN_FILES)]) {
    const info = await stat(join(dir, name)).catch(() => null);
    if (info?.isFile()) present.add(name);
  }
  return present;
}

function bundleIssue(file: string, reason: string): Issue {
  return { file, line: null, column: null, value: null, reason };
}
