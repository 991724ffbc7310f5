import Decimal from 'decimal.js';
import { Exact, FinanceCategory, isPayCategory } from '@nhsp/domain';
import { deflate } from '../deflation';
import { MonthPrefixes } from './month-prefixes';
import { emptyRow, FINANCE_FILE, PackContext } from './pack-context';
import { OpportunityRow } from './pack-types';

/** Temporary staffing (§7): agency spend reduced by 30% and bank by 10%, half of that counted as opportunity. */
export const TEMPORARY_STAFFING = { agencyReduction: '0.3', bankReduction: '0.1', counted: '0.5' } as const;

/**
 * Temporary staffing from real pay: value = (bank + agency) / pay, opportunity = half of (30% of
 * agency + 10% of bank). One rule for benchmarks.csv and the packs. Null when pay is zero.
 */
export function temporaryStaffing(realPay: { agency: Decimal; bank: Decimal; pay: Decimal }): { value: Decimal; opportunityGbp: Decimal } | null {
  if (realPay.pay.isZero()) return null;
  const saving = realPay.agency.times(TEMPORARY_STAFFING.agencyReduction).plus(realPay.bank.times(TEMPORARY_STAFFING.bankReduction));
  return { value: realPay.agency.plus(realPay.bank).div(realPay.pay), opportunityGbp: Exact.max(0, saving.times(TEMPORARY_STAFFING.counted)) };
}

const spendPrefixes = new MonthPrefixes<Map<FinanceCategory, Decimal>>();

/** Nominal spend per category over the period's months that report it (finance.csv). */
export function nominalSpend(ctx: PackContext, orgCode: string): Map<FinanceCategory, Decimal> {
  const { finance } = ctx.inputs;
  // Held as the year to date grows (month-prefixes.ts): each period adds its own month to the last.
  return spendPrefixes.get(finance, ctx.months, `${orgCode}|${finance.revision}`, new Map(), (held, month) => {
    const totals = new Map(held);
    for (const [category, amount] of finance.amounts(orgCode, month)) {
      totals.set(category, (totals.get(category) ?? new Exact(0)).plus(amount));
    }
    return totals;
  });
}

/** Real pay (base-year prices) of the year to date, by the categories that count as input. */
function realPay(ctx: PackContext, spend: Map<FinanceCategory, Decimal>): Map<FinanceCategory, Decimal> {
  const real = new Map<FinanceCategory, Decimal>();
  for (const [category, nominal] of spend) {
    if (!isPayCategory(category) || ctx.inputs.settings.excludedCategories.includes(category)) continue;
    real.set(category, deflate(nominal, ctx.inputs.deflators.deflator(category, ctx.ytd.financialYear)));
  }
  return real;
}

/** Σ real pay of every pay category counted as input; null without any pay row. */
export function realPayTotal(ctx: PackContext, orgCode: string): Decimal | null {
  const real = realPay(ctx, nominalSpend(ctx, orgCode));
  return real.size ? [...real.values()].reduce((sum, v) => sum.plus(v), new Exact(0)) : null;
}

const PAY_ROWS = ['pay_substantive', 'pay_bank', 'pay_agency'];

/**
 * `temporary_staffing` for every trust, from its finance rows whether or not it has an estimate.
 * A trust's finance return covers all categories, so bank or agency without a row is none spent;
 * a trust without any pay row lacks the data.
 */
export function temporaryStaffingRows(ctx: PackContext): OpportunityRow[] {
  return ctx.trusts.map((trust) => {
    const row = emptyRow(ctx, trust, 'temporary_staffing', null, null);
    const real = realPay(ctx, nominalSpend(ctx, trust.orgCode));
    const pay = [...real.values()].reduce((sum, v) => sum.plus(v), new Exact(0));
    const result = real.size ? temporaryStaffing({ agency: real.get('pay_agency') ?? new Exact(0), bank: real.get('pay_bank') ?? new Exact(0), pay }) : null;
    if (!result) return { ...row, missing: [{ file: FINANCE_FILE, items: real.size ? ['pay above zero'] : PAY_ROWS }] };
    return { ...row, value: result.value, opportunityGbp: result.opportunityGbp };
  });
}

/** `clinical_supplies`: nominal non-pay clinical supplies of the year to date; £ = the saving setting (3%) of it. */
export function clinicalSuppliesRows(ctx: PackContext): OpportunityRow[] {
  return ctx.trusts.map((trust) => {
    const row = emptyRow(ctx, trust, 'clinical_supplies', null, null);
    const value = nominalSpend(ctx, trust.orgCode).get('non_pay_clinical_supplies');
    if (value === undefined) return { ...row, missing: [{ file: FINANCE_FILE, items: ['non_pay_clinical_supplies'] }] };
    // A net credit is no spend to save on.
    return { ...row, value, opportunityGbp: Exact.max(0, value.times(ctx.inputs.settings.clinicalSuppliesSaving)) };
  });
}
