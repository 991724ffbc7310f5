import Decimal from 'decimal.js';
import { FINANCE_CATEGORIES, FinancialYear, Month, YearToDate } from '@nhsp/domain';
import { DeflatorSeries } from './deflation';
import { Measures } from './estimate';
import { roundedFromUnits, toUnits, Units } from './exact-units';
import { realSpend } from './formulas';
import { TrustLedger } from './ledger';
import { CategorySpend, CwaUnits, measuresFromSums, realSpendTotals, scaledCwa, windowScale } from './period-sums';
import { MethodSettings } from './settings';

/**
 * Year-to-date measures from a ledger. Every window is a run of consecutive months, so a trust's
 * ledger is turned once into running totals (exact, so any window is the difference of two
 * totals, with nothing lost), and each measure costs a few subtractions and one §2–§4 step
 * (period-sums.ts) whatever the window's length. The measures equal estimateTrust's to the last
 * digit (ledger-measures.spec.ts).
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
}

/** What turns sums into measures: the deflator series and the method settings. */
export interface MeasureContext {
  deflators: DeflatorSeries;
  settings: MethodSettings;
}

const monthNumber = (month: Month) => month.year * 12 + month.month - 1;

export function ledgerSums(ledger: TrustLedger): LedgerSums {
  const held = ledger.months.map((m) => ({ n: monthNumber(Month.parse(m.month)), m }));
  const first = held.length ? held[0].n : 0;
  const months = held.length ? held[held.length - 1].n - first + 1 : 0;
  const complete = new Int32Array(months + 1);
  const cwa: Units[] = new Array(months + 1).fill(0n);
  const cwaWorkingDayPods: Units[] = new Array(months + 1).fill(0n);
  const nominal: Units[][] = FINANCE_CATEGORIES.map(() => new Array(months + 1).fill(0n));
  let next = 0;
  for (let i = 0; i < months; i++) {
    const entry = held[next]?.n === first + i ? held[next++].m : null;
    complete[i + 1] = complete[i] + (entry?.hasActivity && entry.hasFinance ? 1 : 0);
    cwa[i + 1] = cwa[i] + (entry ? toUnits(entry.cwa) : 0n);
    cwaWorkingDayPods[i + 1] = cwaWorkingDayPods[i] + (entry ? toUnits(entry.cwaWorkingDayPods) : 0n);
    FINANCE_CATEGORIES.forEach((category, c) => {
      const amount = entry?.nominal[category];
      nominal[c][i + 1] = nominal[c][i] + (amount ? toUnits(amount) : 0n);
    });
  }
  return { orgCode: ledger.orgCode, first, months, complete, cwa, cwaWorkingDayPods, nominal };
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
  const base = current.map((m) => m.plus(-12));
  const cur = windowUnits(sums, current[0], current[current.length - 1]);
  const bas = cur && windowUnits(sums, base[0], base[base.length - 1]);
  if (!cur || !bas) return null;
  const spend: CategorySpend[] = [];
  FINANCE_CATEGORIES.forEach((category, c) => {
    if (bas.nominal[c] === 0n && cur.nominal[c] === 0n) return;
    spend.push({ category, nominalBase: roundedFromUnits(bas.nominal[c]), nominalCurrent: roundedFromUnits(cur.nominal[c]) });
  });
  const { realSpendBase, realSpendCurrent } = realSpendTotals(spend, current[0].financialYear, context.deflators, context.settings);
  return measuresFromSums({
    cwaBase: scaledCwa(bas.cwa, null),
    cwaCurrent: scaledCwa(cur.cwa, windowScale(base, current, context.settings)),
    realSpendBase,
    realSpendCurrent,
  });
}

/** The estimate's measures for period P (Month m year-to-date), as estimateTrust gives them. */
export function yearToDateMeasures(sums: LedgerSums, period: Month, context: MeasureContext): Measures | null {
  return windowMeasures(sums, YearToDate.of(period).current, context);
}

/** The last `count` months of the year to date at P (fewer at Month 1 and 2) against the same months of FY t−1. */
export function lastMonthsMeasures(sums: LedgerSums, period: Month, count: number, context: MeasureContext): Measures | null {
  return windowMeasures(sums, YearToDate.of(period).current.slice(-count), context);
}

/** A financial year's full CWA and real (= nominal, a base year) spend; null where any of its months lacks data. */
export function fullYearSums(sums: LedgerSums, year: FinancialYear, context: MeasureContext): { cwa: Decimal; realSpend: Decimal } | null {
  const window = windowUnits(sums, year.month(1), year.month(12));
  if (!window) return null;
  const included = FINANCE_CATEGORIES.flatMap((category, c) =>
    context.settings.excludedCategories.includes(category) || window.nominal[c] === 0n ? [] : [roundedFromUnits(window.nominal[c])],
  );
  return { cwa: scaledCwa(window.cwa, null), realSpend: realSpend(included) };
}

/** Whether every month of the year has activity and finance (a chain can start there, §9). */
export function hasCompleteYear(sums: LedgerSums, year: FinancialYear): boolean {
  return windowUnits(sums, year.month(1), year.month(12)) !== null;
}
