import { monthActivity, MonthRow } from './activity';
import { FinanceLine, formatPence, TrustFinance } from './finance';
import { GenerationPlan, modelOf } from './plan';
import { activityQuirk, financeQuirk, splitFraction, splitWhole, untidyCode, untidyPadded } from './quirks';
import { TextSink } from './text-sink';

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

function activityLines(seed: number, orgCode: string, month: string, row: MonthRow): string {
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

/** `activity.csv`: one row per trust, month, POD and currency (a few untidy or split). */
export async function writeActivity(plan: GenerationPlan, path: string, progress: (message: string) => void): Promise<FileCount> {
  const sink = new TextSink(path);
  const seed = plan.options.seed;
  let text = ACTIVITY_HEADER;
  let rows = 0;
  for (const [i, trust] of plan.selected.entries()) {
    const model = modelOf(plan, trust);
    for (const month of plan.months) {
      for (const row of monthActivity(seed, model, month, true)) {
        const lines = activityLines(seed, trust.orgCode, String(month), row);
        text += lines;
        rows += lines === '' ? 0 : lines.split('\n').length - 1;
      }
      if (text.length >= sink.chunkSize) {
        await sink.write(text);
        text = '';
      }
    }
    if ((i + 1) % 25 === 0 || i + 1 === plan.selected.length) progress(`activity.csv: ${i + 1} of ${plan.selected.length} trusts`);
  }
  await sink.write(text);
  await sink.close();
  return { rows, bytes: sink.bytes };
}

function financeLines(seed: number, orgCode: string, month: string, line: FinanceLine): string {
  const quirk = financeQuirk(seed, orgCode, month, line.category);
  if (quirk === 'untidy') return ` ${untidyCode(orgCode)} ,${month},${line.category.toUpperCase()},${formatPence(line.pence)}\n`;
  const prefix = `${orgCode},${month},${line.category},`;
  if (quirk === 'split') {
    const first = Math.round(line.pence * splitFraction(seed, orgCode, month, line.category));
    return `${prefix}${formatPence(first)}\n${prefix}${formatPence(line.pence - first)}\n`;
  }
  return `${prefix}${formatPence(line.pence)}\n`;
}

/** `finance.csv`: one row per trust, month and category (a few untidy or split). */
export async function writeFinance(plan: GenerationPlan, path: string): Promise<FinanceCount> {
  const sink = new TextSink(path);
  const seed = plan.options.seed;
  let text = FINANCE_HEADER;
  let rows = 0;
  const counted = new Map<string, number>();
  const pfiTrusts: string[] = [];
  for (const trust of plan.selected) {
    const model = modelOf(plan, trust);
    const finance = new TrustFinance(seed, model, plan.deflators);
    if (model.finance.pfiShare > 0) pfiTrusts.push(trust.orgCode);
    for (const month of plan.months) {
      for (const line of finance.month(month)) {
        counted.set(line.category, (counted.get(line.category) ?? 0) + 1);
        const lines = financeLines(seed, trust.orgCode, String(month), line);
        text += lines;
        rows += lines.split('\n').length - 1;
      }
    }
    if (text.length >= sink.chunkSize) {
      await sink.write(text);
      text = '';
    }
  }
  await sink.write(text);
  await sink.close();
  return { rows, bytes: sink.bytes, lines: counted, pfiTrusts };
}
