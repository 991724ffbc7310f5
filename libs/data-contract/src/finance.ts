import Decimal from 'decimal.js';
import { FinanceRecord, parseFinanceCategory } from '@nhsp/domain';
import { ActivityReadOptions, knownSet } from './activity';
import { ColumnSpec, ReadResult, finish, readCsv } from './csv/reader';
import { GroupedTotals } from './csv/grouped-totals';
import { CsvSource } from './csv/source';
import { decimal, fromDomain, knownOrgCode, memo, month } from './csv/values';

export type FinanceReadOptions = ActivityReadOptions;

export const FINANCE_COLUMNS: ColumnSpec = { required: ['org_code', 'month', 'category', 'amount_gbp'] };

const category = memo(fromDomain(parseFinanceCategory));

/** `finance.csv`: nominal spend, rows with the same org, month and category summed exactly. */
export async function readFinance(source: CsvSource, options: FinanceReadOptions = {}): Promise<ReadResult<FinanceRecord>> {
  const totals = new GroupedTotals<FinanceRecord>();
  const org = knownOrgCode(knownSet(options.knownOrgCodes));
  const monthOf = memo(month);
  const pass = await readCsv(source, 'finance.csv', FINANCE_COLUMNS, options, (row) => {
    const orgCode = row.parse('org_code', org);
    const monthValue = row.parse('month', monthOf);
    const categoryValue = row.parse('category', category);
    const amount = row.parse('amount_gbp', decimal);
    if (!row.ok || !row.wanted) return;
    const total = totals.find(orgCode!, monthValue!, categoryValue!);
    if (total) total.amount = total.amount.plus(amount as Decimal);
    else totals.add(orgCode!, monthValue!, categoryValue!, { orgCode: orgCode!, month: monthValue!, category: categoryValue!, amount: amount! });
  });
  return finish(pass, totals.records);
}
