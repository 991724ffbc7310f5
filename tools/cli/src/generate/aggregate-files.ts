import { MonthRow } from './activity';
import { FinanceLine, formatPence } from './finance';
import { activityQuirk, financeQuirk, splitFraction, splitWhole, untidyCode, untidyPadded } from './quirks';

export const ACTIVITY_HEADER = 'org_code,month,pod,currency,count,bed_days\n';
export const FINANCE_HEADER = 'org_code,month,category,amount_gbp\n';

export interface FileCount {
  rows: number;
  bytes: number;
}

export interface FinanceCount extends FileCount {
  /** Lines per category before any split, e.g. how many exceptional items were generated. */
  lines: Map<string, number>;
  pfiTrusts: string[];
}

/** The text of one activity row: usually one line, now and then untidy or split over two. */
export function activityLines(seed: number, orgCode: string, month: string, row: MonthRow): string {
  const { pod, currency } = row.line;
  const bedDays = row.bedDays === null ? '' : String(row.bedDays);
  const quirk = activityQuirk(seed, orgCode, month, pod, currency);
  if (quirk === 'untidy') {
    return `${untidyCode(orgCode)},${month},${untidyCode(pod)},${untidyPadded(currency)},${row.count},${bedDays}\n`;
  }
  const prefix = `${orgCode},${month},${pod},${currency},`;
  if (quirk === 'split' && row.count >= 2) {
    const [first, second] = splitWhole(row.count, splitFraction(seed, orgCode, month, pod, currency));
    if (row.bedDays === null) return `${prefix}${first},\n${prefix}${second},\n`;
    const firstDays = Math.floor((row.bedDays * first) / row.count);
    return `${prefix}${first},${firstDays}\n${prefix}${second},${row.bedDays - firstDays}\n`;
  }
  return `${prefix}${row.count},${bedDays}\n`;
}

/** The text of one finance line: usually one line, now and then untidy or split over two. */
export function financeLines(seed: number, orgCode: string, month: string, line: FinanceLine): string {
  const quirk = financeQuirk(seed, orgCode, month, line.category);
  if (quirk === 'untidy') return ` ${untidyCode(orgCode)} ,${month},${line.category.toUpperCase()},${formatPence(line.pence)}\n`;
  const prefix = `${orgCode},${month},${line.category},`;
  if (quirk === 'split') {
    const first = Math.round(line.pence * splitFraction(seed, orgCode, month, line.category));
    return `${prefix}${formatPence(first)}\n${prefix}${formatPence(line.pence - first)}\n`;
  }
  return `${prefix}${formatPence(line.pence)}\n`;
}
