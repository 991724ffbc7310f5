import Decimal from 'decimal.js';
import { Exact, FINANCE_CATEGORIES, FinanceCategory, Pod, Trust } from '@nhsp/domain';
import { CostWeights } from './cost-weights';
import { MethodologyError } from './errors';
import { countOf, fromUnits, toUnits, Units, weightUnits } from './exact-units';
import { ActivityIndex, FinanceIndex } from './inputs';
import { WORKING_DAY_PODS } from './settings';

/**
 * The ledger: per trust and month, the few exact sums every year-to-date measure is built from
 * (§2–§4 over any window of months, so the estimate of any period, each year's Month 12 for the
 * index of §9, the 13 months ending at P for the band of §10, FY t−1 in full and the last three
 * months for the target of §8). Built once per bundle and weight set, it spares weighing the
 * same activity again for every window; a service can store it per trust-month (plain data: the
 * decimals serialise as strings, see ledgerFromJson) and pass it back in.
 *
 * A ledger belongs to one weight set (one schedule and equalisation setting): its CWA is weighed.
 */
export interface LedgerMonth {
  /** `YYYY-MM`. */
  month: string;
  /** Whether the trust has any activity row for the month (MISSING_DATA). */
  hasActivity: boolean;
  /** Whether the trust has any finance row, of any category, for the month (MISSING_DATA). */
  hasFinance: boolean;
  /** Σ q × w over the PODs the working-day adjustment leaves alone, exact (unrounded). */
  cwa: Decimal;
  /** Σ q × w over the working-day PODs (EL, DC, OPPROC, OP, OP_NCL), exact and unscaled. */
  cwaWorkingDayPods: Decimal;
  /** Nominal spend by category (duplicate rows summed); categories without a row are absent. */
  nominal: Partial<Record<FinanceCategory, Decimal>>;
}

export interface TrustLedger {
  orgCode: string;
  /** Ascending by month, each month at most once; a month absent has neither activity nor finance. */
  months: LedgerMonth[];
}

export interface LedgerInputs {
  activity: ActivityIndex;
  finance: FinanceIndex;
  weights: CostWeights;
}

const WORKING_DAY_POD_SET: ReadonlySet<Pod> = new Set(WORKING_DAY_PODS);

/** A trust-month weighed, in exact units: the ledger month before its sums become decimals. */
export interface MonthUnits {
  month: string;
  hasActivity: boolean;
  hasFinance: boolean;
  cwa: Units;
  cwaWorkingDayPods: Units;
  /** By FINANCE_CATEGORIES index; 0 where the category has no row. */
  nominal: Units[];
}

/** Σ q × w of the month exactly (exact-units.ts), split for the working-day adjustment, and its spend by category. */
export function weighMonth(orgCode: string, month: string, inputs: LedgerInputs): MonthUnits {
  let other = 0n;
  let workingDayPods = 0n;
  for (const cell of inputs.activity.cells(orgCode, month)) {
    const weighted = weightUnits(inputs.weights, orgCode, month, cell.pod, cell.currency).units * countOf(orgCode, month, cell.pod, cell.count);
    if (WORKING_DAY_POD_SET.has(cell.pod)) workingDayPods += weighted;
    else other += weighted;
  }
  const nominal: Units[] = FINANCE_CATEGORIES.map(() => 0n);
  for (const [category, amount] of inputs.finance.amounts(orgCode, month)) nominal[FINANCE_CATEGORIES.indexOf(category)] += toUnits(amount);
  return { month, hasActivity: inputs.activity.has(orgCode, month), hasFinance: inputs.finance.has(orgCode, month), cwa: other, cwaWorkingDayPods: workingDayPods, nominal };
}

/** The months the trust has activity or finance rows for, ascending. */
export function ledgerMonths(orgCode: string, inputs: LedgerInputs): string[] {
  return [...new Set([...inputs.activity.monthsOf(orgCode), ...inputs.finance.monthsOf(orgCode)])].sort();
}

/** One trust-month of the ledger. */
export function ledgerMonth(orgCode: string, month: string, inputs: LedgerInputs): LedgerMonth {
  const units = weighMonth(orgCode, month, inputs);
  const nominal: LedgerMonth['nominal'] = {};
  for (const [category] of inputs.finance.amounts(orgCode, month)) nominal[category] = fromUnits(units.nominal[FINANCE_CATEGORIES.indexOf(category)]);
  return {
    month,
    hasActivity: units.hasActivity,
    hasFinance: units.hasFinance,
    cwa: fromUnits(units.cwa),
    cwaWorkingDayPods: fromUnits(units.cwaWorkingDayPods),
    nominal,
  };
}

/** Every month the trust has activity or finance rows for. */
export function trustLedger(orgCode: string, inputs: LedgerInputs): TrustLedger {
  return { orgCode, months: ledgerMonths(orgCode, inputs).map((month) => ledgerMonth(orgCode, month, inputs)) };
}

/** The ledger of every trust of the list, in org code order. */
export function bundleLedgers(trusts: readonly Trust[], inputs: LedgerInputs): TrustLedger[] {
  return [...trusts].sort((a, b) => a.orgCode.localeCompare(b.orgCode)).map((t) => trustLedger(t.orgCode, inputs));
}

/** A ledger read back from JSON (JSON.stringify writes each decimal as its exact string). */
export function ledgerFromJson(value: unknown): TrustLedger {
  const fail = (reason: string): never => {
    throw new MethodologyError(`not a trust ledger: ${reason}`);
  };
  const decimal = (text: unknown, where: string): Decimal => {
    if (typeof text !== 'string' && typeof text !== 'number') return fail(`${where} is not a decimal`);
    try {
      return new Exact(text);
    } catch {
      return fail(`${where} "${text}" is not a decimal`);
    }
  };
  const ledger = value as { orgCode?: unknown; months?: unknown };
  if (typeof ledger?.orgCode !== 'string') return fail('orgCode is missing');
  if (!Array.isArray(ledger.months)) return fail('months is not a list');
  const months = ledger.months.map((raw: Record<string, unknown>, i): LedgerMonth => {
    const where = `months[${i}]`;
    if (typeof raw?.month !== 'string' || !/^\d{4}-\d{2}$/.test(raw.month)) fail(`${where}.month is not YYYY-MM`);
    if (typeof raw.hasActivity !== 'boolean' || typeof raw.hasFinance !== 'boolean') fail(`${where} lacks hasActivity or hasFinance`);
    const nominal: LedgerMonth['nominal'] = {};
    for (const [category, amount] of Object.entries((raw.nominal ?? {}) as Record<string, unknown>)) {
      if (!(FINANCE_CATEGORIES as readonly string[]).includes(category)) fail(`${where}.nominal has an unknown category ${category}`);
      nominal[category as FinanceCategory] = decimal(amount, `${where}.nominal.${category}`);
    }
    return {
      month: raw.month as string,
      hasActivity: raw.hasActivity as boolean,
      hasFinance: raw.hasFinance as boolean,
      cwa: decimal(raw.cwa, `${where}.cwa`),
      cwaWorkingDayPods: decimal(raw.cwaWorkingDayPods, `${where}.cwaWorkingDayPods`),
      nominal,
    };
  });
  for (let i = 1; i < months.length; i++) {
    if (months[i].month <= months[i - 1].month) fail(`months are not ascending at ${months[i].month}`);
  }
  return { orgCode: ledger.orgCode, months };
}

const unitsText = (units: Units): string => {
  if (units === 0n) return '0';
  const text = units.toString();
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  return end === text.length ? text : `${text.slice(0, end)}e${text.length - end}`;
};

const POWERS: bigint[] = Array.from({ length: 128 }, (_, i) => 10n ** BigInt(i));
const unitsOf = (text: string, where: string): Units => {
  const match = /^(-?\d+)(?:e(\d+))?$/.exec(text);
  if (!match) throw new MethodologyError(`not a stored ledger month: ${where} "${text}" is not a whole number of units`);
  const zeros = match[2] ? Number(match[2]) : 0;
  return BigInt(match[1]) * (POWERS[zeros] ?? 10n ** BigInt(zeros));
};

/**
 * A weighed trust-month as compact text, exact (its units, trailing zeros as an exponent): what a
 * service stores to weigh each month once. `hasActivity hasFinance;cwa;cwaWorkingDayPods;nominal…`.
 */
export function encodeMonthUnits(m: MonthUnits): string {
  return `${m.hasActivity ? 1 : 0}${m.hasFinance ? 1 : 0};${unitsText(m.cwa)};${unitsText(m.cwaWorkingDayPods)};${m.nominal.map(unitsText).join(',')}`;
}

/** The month encodeMonthUnits wrote, exactly. */
export function decodeMonthUnits(month: string, text: string): MonthUnits {
  const [flags, cwa, workingDayPods, nominal] = text.split(';');
  const categories = nominal?.split(',') ?? [];
  if (!/^[01]{2}$/.test(flags ?? '') || cwa === undefined || workingDayPods === undefined || categories.length !== FINANCE_CATEGORIES.length) {
    throw new MethodologyError(`not a stored ledger month of ${month}: "${text.slice(0, 40)}"`);
  }
  return {
    month,
    hasActivity: flags[0] === '1',
    hasFinance: flags[1] === '1',
    cwa: unitsOf(cwa, `${month} cwa`),
    cwaWorkingDayPods: unitsOf(workingDayPods, `${month} cwaWorkingDayPods`),
    nominal: categories.map((c, i) => unitsOf(c, `${month} ${FINANCE_CATEGORIES[i]}`)),
  };
}
