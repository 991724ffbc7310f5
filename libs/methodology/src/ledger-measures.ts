import Decimal from 'decimal.js';
import { FINANCE_CATEGORIES, FinancialYear, Month, YearToDate } from '@nhsp/domain';
import { DeflatorSeries } from './deflation';
import { MethodologyError } from './errors';
import { Measures } from './estimate';
import { toUnits, Units } from './exact-units';
import { CostWeights } from './cost-weights';
import { measureContextKey, memoisedWindow, PairMemo } from './history-memo';
import { ActivityIndex, FinanceIndex } from './inputs';
import { LedgerInputs, ledgerMonths, MonthUnits, TrustLedger, weighMonth } from './ledger';
import { CwaUnits, measuresFromSums, realSpendFromUnits, scaledCwa, windowScale } from './period-sums';
import { MethodSettings } from './settings';

/**
 * Year-to-date measures from a ledger. Every window is a run of consecutive months, so a trust's
 * ledger is turned once into running totals (exact, so any window is the difference of two
 * totals, with nothing lost), and each measure costs a few subtractions and one §2–§4 step
 * (period-sums.ts) whatever the window's length. The measures equal estimateTrust's to the last
 * digit (tools/cli/src/plan-ledger.spec.ts, on the golden bundles).
 */
export interface LedgerSums {
  orgCode: string;
  /** Month number (year × 12 + month − 1) of the first month held; 0 months when the ledger is empty. */
  first: number;
  months: number;
  /** Running totals: entry i sums the first i months. */
  complete: Int32Array;
  cwa: Units[];
  cwaWorkingDayPods: Units[];
  /** By FINANCE_CATEGORIES index. */
  nominal: Units[][];
  /** The weighed month at each index (month first + i) where the ledger has one: what a window's measures are memoised by. */
  held?: (MonthUnits | undefined)[];
}

/** What turns sums into measures: the deflator series and the method settings. */
export interface MeasureContext {
  deflators: DeflatorSeries;
  settings: MethodSettings;
}

const monthNumber = (month: Month) => month.year * 12 + month.month - 1;

/** Running totals over a trust's months (ascending), the months between them without data. */
function runningTotals(orgCode: string, held: readonly MonthUnits[]): LedgerSums {
  const numbers = held.map((m) => monthNumber(Month.parse(m.month)));
  const first = held.length ? numbers[0] : 0;
  const months = held.length ? numbers[numbers.length - 1] - first + 1 : 0;
  const complete = new Int32Array(months + 1);
  const cwa: Units[] = new Array(months + 1).fill(0n);
  const cwaWorkingDayPods: Units[] = new Array(months + 1).fill(0n);
  const nominal: Units[][] = FINANCE_CATEGORIES.map(() => new Array(months + 1).fill(0n));
  const byIndex: (MonthUnits | undefined)[] = new Array(months);
  let next = 0;
  for (let i = 0; i < months; i++) {
    const entry = numbers[next] === first + i ? held[next++] : null;
    if (entry) byIndex[i] = entry;
    complete[i + 1] = complete[i] + (entry?.hasActivity && entry.hasFinance ? 1 : 0);
    cwa[i + 1] = cwa[i] + (entry?.cwa ?? 0n);
    cwaWorkingDayPods[i + 1] = cwaWorkingDayPods[i] + (entry?.cwaWorkingDayPods ?? 0n);
    for (let c = 0; c < nominal.length; c++) nominal[c][i + 1] = nominal[c][i] + (entry?.nominal[c] ?? 0n);
  }
  return { orgCode, first, months, complete, cwa, cwaWorkingDayPods, nominal, held: byIndex };
}

/** A stored ledger made ready for window sums. */
export function ledgerSums(ledger: TrustLedger): LedgerSums {
  return runningTotals(
    ledger.orgCode,
    ledger.months.map((m) => ({
      month: m.month,
      hasActivity: m.hasActivity,
      hasFinance: m.hasFinance,
      cwa: toUnits(m.cwa),
      cwaWorkingDayPods: toUnits(m.cwaWorkingDayPods),
      nominal: FINANCE_CATEGORIES.map((category) => (m.nominal[category] ? toUnits(m.nominal[category]!) : 0n)),
    })),
  );
}

/** Running totals over weighed months (ascending by month, each at most once), e.g. a service's stored ledger. */
export function ledgerSumsFromUnits(orgCode: string, months: readonly MonthUnits[]): LedgerSums {
  for (let i = 1; i < months.length; i++) {
    if (months[i].month <= months[i - 1].month) throw new MethodologyError(`the ledger of ${orgCode} is not ascending by month at ${months[i].month}`);
  }
  return runningTotals(orgCode, months);
}

const bundleSums = new PairMemo<ActivityIndex, FinanceIndex, PairMemo<CostWeights, object, Map<string, LedgerSums>>>();
const NO_KEY = {};

/**
 * Running totals straight from a bundle, without the ledger's decimals: what ledgerSums(trustLedger(…))
 * gives, faster. Each trust is weighed once per (activity, finance, weights): every period of a
 * bundle read once reads the same history, so its later periods find it weighed.
 */
export function bundleLedgerSums(orgCode: string, inputs: LedgerInputs): LedgerSums {
  const revisions = `${inputs.activity.revision}|${inputs.finance.revision}`;
  const byOrg = bundleSums.get(inputs.activity, inputs.finance, revisions, () => new PairMemo()).get(inputs.weights, NO_KEY, revisions, () => new Map());
  let sums = byOrg.get(orgCode);
  if (!sums) byOrg.set(orgCode, (sums = runningTotals(orgCode, ledgerMonths(orgCode, inputs).map((month) => weighMonth(orgCode, month, inputs)))));
  return sums;
}

interface WindowUnits {
  cwa: CwaUnits;
  /** By FINANCE_CATEGORIES index. */
  nominal: Units[];
}

/** Exact sums over the months from..to, or null when any of them lacks activity or finance. */
function windowUnits(sums: LedgerSums, from: Month, to: Month): WindowUnits | null {
  const a = monthNumber(from) - sums.first;
  const b = monthNumber(to) - sums.first + 1;
  if (a < 0 || b > sums.months || b <= a || sums.complete[b] - sums.complete[a] !== b - a) return null;
  return {
    cwa: { other: sums.cwa[b] - sums.cwa[a], workingDayPods: sums.cwaWorkingDayPods[b] - sums.cwaWorkingDayPods[a] },
    nominal: sums.nominal.map((running) => running[b] - running[a]),
  };
}

/**
 * §2–§4 for a run of months of one financial year against the same months a year earlier; null
 * where a month of either lacks activity or finance (MISSING_DATA) or a base is zero.
 */
export function windowMeasures(sums: LedgerSums, current: readonly Month[], context: MeasureContext): Measures | null {
  if (!current.length) return measuresOfWindow(sums, current, context);
  return memoisedMeasures(sums, monthNumber(current[0]), current.length, context, () => current);
}

/** windowMeasures of the `length` months from month number `first`, their list made only where the measures are. */
function memoisedMeasures(sums: LedgerSums, first: number, length: number, context: MeasureContext, months: () => readonly Month[]): Measures | null {
  const held = sums.held;
  if (!held) return measuresOfWindow(sums, months(), context);
  const key = `${contextKeyOf(context)}|${first}|${length}`;
  // The same sums asked again (a bundle's, for each of its periods): found at once.
  let bySums = windowsOfSums.get(sums);
  if (!bySums) windowsOfSums.set(sums, (bySums = new Map()));
  const found = bySums.get(key);
  if (found !== undefined) return found;
  // Sums made again from months held (a service's next run): found by the months' identity.
  const at = (month: number) => held[month - sums.first];
  const measures = memoisedWindow(at, first, length, key, () => measuresOfWindow(sums, months(), context));
  bySums.set(key, measures);
  return measures;
}

// null is a result (no estimate), so a miss is undefined.
const windowsOfSums = new WeakMap<LedgerSums, Map<string, Measures | null>>();

const contextKeys = new WeakMap<MeasureContext['settings'], WeakMap<MeasureContext['deflators'], string>>();
function contextKeyOf(context: MeasureContext): string {
  let byDeflators = contextKeys.get(context.settings);
  if (!byDeflators) contextKeys.set(context.settings, (byDeflators = new WeakMap()));
  let key = byDeflators.get(context.deflators);
  if (key === undefined) byDeflators.set(context.deflators, (key = measureContextKey(context.deflators, context.settings)));
  return key;
}

function measuresOfWindow(sums: LedgerSums, current: readonly Month[], context: MeasureContext): Measures | null {
  const first = current[0];
  const last = current[current.length - 1];
  const cur = windowUnits(sums, first, last);
  const base = cur && windowUnits(sums, first.plus(-12), last.plus(-12));
  if (!cur || !base) return null;
  const { realSpendBase, realSpendCurrent } = realSpendFromUnits(base.nominal, cur.nominal, first.financialYear, context.deflators, context.settings);
  const scale = context.settings.workingDays === 'on' ? windowScale(current.map((m) => m.plus(-12)), current, context.settings) : null;
  return measuresFromSums({ cwaBase: scaledCwa(base.cwa, null), cwaCurrent: scaledCwa(cur.cwa, scale), realSpendBase, realSpendCurrent });
}

/** The estimate's measures for period P (Month m year-to-date), as estimateTrust gives them. */
export function yearToDateMeasures(sums: LedgerSums, period: Month, context: MeasureContext): Measures | null {
  const m = period.monthOfYear;
  return memoisedMeasures(sums, monthNumber(period) - m + 1, m, context, () => YearToDate.of(period).current);
}

/** The last `count` months of the year to date at P (fewer at Month 1 and 2) against the same months of FY t−1. */
export function lastMonthsMeasures(sums: LedgerSums, period: Month, count: number, context: MeasureContext): Measures | null {
  const length = Math.min(count, period.monthOfYear);
  if (length < 1) return windowMeasures(sums, YearToDate.of(period).current.slice(-count), context);
  return memoisedMeasures(sums, monthNumber(period) - length + 1, length, context, () => YearToDate.of(period).current.slice(-count));
}

/** A financial year's full CWA and real (= nominal, a base year) spend; null where any of its months lacks data. */
export function fullYearSums(sums: LedgerSums, year: FinancialYear, context: MeasureContext): { cwa: Decimal; realSpend: Decimal } | null {
  const window = windowUnits(sums, year.month(1), year.month(12));
  if (!window) return null;
  const none = window.nominal.map(() => 0n);
  return { cwa: scaledCwa(window.cwa, null), realSpend: realSpendFromUnits(window.nominal, none, year, context.deflators, context.settings).realSpendBase };
}

/** Whether every month of the year has activity and finance (a chain can start there, §9). */
export function hasCompleteYear(sums: LedgerSums, year: FinancialYear): boolean {
  return windowUnits(sums, year.month(1), year.month(12)) !== null;
}
