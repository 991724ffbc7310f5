import { join } from 'node:path';
import { Month } from '@nhsp/domain';
import { existed, isMissingMonth, monthActivityHad, sendsNothing } from './activity';
import { ACTIVITY_HEADER, activityLines, FileCount, FINANCE_HEADER, FinanceCount, financeLines } from './aggregate-files';
import { formatPence, TrustFinance } from './finance';
import { INCLUDED_CATEGORIES } from './model';
import { GenerationPlan, modelOf } from './plan';
import { rngFor } from './prng';
import { TrustMedicines } from './returns/medicines';
import { operatingIncome, operationsMonth } from './returns/operations';
import { returnsProfile } from './returns/profile';
import { TRUST_COSTS_HEADER, TrustCosts } from './returns/trust-costs';
import { TrustWorkforce } from './returns/workforce';
import { TextSink } from './text-sink';

export const WORKFORCE_HEADER = 'org_code,month,staff_group,wte\n';
export const OPERATIONS_HEADER = 'org_code,month,measure,dimension,value\n';
export const MEDICINES_HEADER = 'org_code,month,molecule,product,quantity,cost_gbp\n';

/**
 * A file written as rows are made. Rows are copied into a byte buffer as they come (appending to
 * one long string would leave millions of string pieces for the garbage collector); a full
 * buffer is set aside and handed to the sink at the next `drain`, between trust-months.
 */
class RowFile {
  private static readonly SIZE = 1 << 20;
  private buffer = Buffer.allocUnsafe(RowFile.SIZE);
  private used = 0;
  private pending: Buffer[] = [];
  rows = 0;
  private readonly sink: TextSink;

  constructor(path: string, header: string) {
    this.sink = new TextSink(path);
    this.used = this.buffer.write(header);
  }

  /** Rows hold codes, months and numbers only, all ASCII: latin1 writes them byte for byte, fastest. */
  add(text: string, rows = 1): void {
    if (this.used + text.length > RowFile.SIZE) this.spill();
    this.used += this.buffer.write(text, this.used, 'latin1');
    this.rows += rows;
  }

  private spill(): void {
    this.pending.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(RowFile.SIZE);
    this.used = 0;
  }

  /** Writes the full buffers set aside, waiting only if the file stream asks to. */
  async drain(): Promise<void> {
    for (const chunk of this.pending.splice(0)) await this.sink.writeBytes(chunk);
  }

  async close(): Promise<FileCount> {
    this.spill();
    await this.drain();
    await this.sink.close();
    return { rows: this.rows, bytes: this.sink.bytes };
  }
}

export interface MonthlyFiles {
  /** Absent in records mode (activity_records.csv is written on its own). */
  activity?: FileCount;
  finance: FinanceCount;
  /** Absent with `coreOnly`. */
  returns?: Record<'trust_costs.csv' | 'workforce.csv' | 'operations.csv' | 'medicines.csv', FileCount>;
}

/**
 * The financial years whose NCC return a bundle holds: every complete year of the range but the
 * one the range ends in (its cost collection happens after the year has closed).
 */
export function costYears(plan: GenerationPlan): number[] {
  const last = plan.options.to.financialYear.startYear;
  const months = new Set(plan.months.map(String));
  const years: number[] = [];
  for (let year = plan.options.from.financialYear.startYear; year < last; year++) {
    if (Month.of(year, 4).compare(plan.options.from) >= 0 && months.has(`${year + 1}-03`)) years.push(year);
  }
  return years;
}

/** Lines in a row's text (one, or two for a split row), counted without allocating. */
function lineCount(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * Writes, trust by trust and month by month, every file that follows the trust's months:
 * activity.csv (aggregate mode), finance.csv and, unless `coreOnly`, the optional returns. One
 * pass: the month's activity is drawn once and feeds the activity rows, the operational counts
 * that repeat it and the NCC return's yearly totals.
 */
export async function writeMonthlyFiles(plan: GenerationPlan, outDir: string, progress: (message: string) => void): Promise<MonthlyFiles> {
  const { seed, records, coreOnly } = plan.options;
  const activity = records ? undefined : new RowFile(join(outDir, 'activity.csv'), ACTIVITY_HEADER);
  const finance = new RowFile(join(outDir, 'finance.csv'), FINANCE_HEADER);
  const returns = coreOnly
    ? undefined
    : {
        trustCosts: new RowFile(join(outDir, 'trust_costs.csv'), TRUST_COSTS_HEADER),
        workforce: new RowFile(join(outDir, 'workforce.csv'), WORKFORCE_HEADER),
        operations: new RowFile(join(outDir, 'operations.csv'), OPERATIONS_HEADER),
        medicines: new RowFile(join(outDir, 'medicines.csv'), MEDICINES_HEADER),
      };
  const years = costYears(plan);
  const categoryLines = new Map<string, number>();
  const pfiTrusts: string[] = [];
  const anchorYear = Month.of(2024, 4).financialYear.months;

  for (const [i, trust] of plan.selected.entries()) {
    const org = trust.orgCode;
    const model = modelOf(plan, trust);
    const trustFinance = new TrustFinance(seed, model, plan.deflators);
    if (model.finance.pfiShare > 0) pfiTrusts.push(org);
    const annualSpend = anchorYear.reduce((sum, m) => sum + Object.values(trustFinance.expectedReal(m)).reduce((a, b) => a + b, 0), 0);
    const profile = returns ? returnsProfile(seed, model, annualSpend) : undefined;
    const workforce = profile ? new TrustWorkforce(model, profile, trustFinance) : undefined;
    const medicines = returns && (trust.sector === 'acute' || trust.sector === 'mental_health') ? new TrustMedicines(seed, model) : undefined;
    const costs = returns && trust.sector === 'acute' ? new TrustCosts(seed, model) : undefined;

    for (const month of plan.months) {
      if (!existed(model, month)) continue;
      const monthText = String(month);
      const had = activity || returns ? monthActivityHad(seed, model, month, !records) : [];
      if (activity && !isMissingMonth(model, month)) {
        for (const row of had) {
          const text = activityLines(seed, org, monthText, row);
          activity.add(text, lineCount(text));
        }
      }
      const lines = trustFinance.month(month);
      const silent = sendsNothing(model, month);
      if (!silent) {
        for (const line of lines) {
          categoryLines.set(line.category, (categoryLines.get(line.category) ?? 0) + 1);
          const text = financeLines(seed, org, monthText, line);
          finance.add(text, lineCount(text));
        }
      }
      if (returns && profile && workforce) {
        const included = lines.filter((l) => (INCLUDED_CATEGORIES as string[]).includes(l.category)).reduce((sum, l) => sum + l.pence, 0);
        costs?.add(month, had, included);
        if (!silent) {
          const operating = lines.filter((l) => l.category !== 'exceptional').reduce((sum, l) => sum + l.pence, 0);
          const rng = rngFor(seed, org, monthText, 'returns');
          for (const { group, wte } of workforce.month(month, rng)) returns.workforce.add(`${org},${monthText},${group},${wte.toFixed(2)}\n`);
          const income = operatingIncome(profile, month, operating / 100);
          for (const op of operationsMonth(model, profile, month, had, income, rng)) {
            returns.operations.add(`${org},${monthText},${op.measure},${op.dimension},${op.value}\n`);
          }
          for (const m of medicines?.month(month, rng) ?? []) {
            returns.medicines.add(`${org},${monthText},${m.molecule},${m.product},${m.quantity},${formatPence(m.pence)}\n`);
          }
        }
      }
      await activity?.drain();
    }
    await finance.drain();
    if (returns) {
      const text = costs?.lines(years) ?? '';
      returns.trustCosts.add(text, lineCount(text));
      for (const file of Object.values(returns)) await file.drain();
    }
    if ((i + 1) % 25 === 0 || i + 1 === plan.selected.length) progress(`${i + 1} of ${plan.selected.length} trusts`);
  }

  const result: MonthlyFiles = {
    activity: await activity?.close(),
    finance: { ...(await finance.close()), lines: categoryLines, pfiTrusts },
  };
  if (returns) {
    result.returns = {
      'trust_costs.csv': await returns.trustCosts.close(),
      'workforce.csv': await returns.workforce.close(),
      'operations.csv': await returns.operations.close(),
      'medicines.csv': await returns.medicines.close(),
    };
  }
  return result;
}
