import Decimal from 'decimal.js';
import { DeflatorRecord, parsePercent } from '@nhsp/domain';
import { ColumnSpec, ReadOptions, ReadResult, finish, readCsv } from './csv/reader';
import { CsvSource } from './csv/source';
import { CellError, fromDomain } from './csv/values';
import { quoted } from './issues';

/** The published NHS Cost Inflation Index layout; `pay&prices` is informative and may be left out. */
export const DEFLATOR_COLUMNS: ColumnSpec = { required: ['year', 'prices', 'pay'], optional: ['pay&prices'] };

const parsed = fromDomain(parsePercent);

/** A yearly change; at -100% or below, deflating (÷ (1 + π)) would divide by zero or flip the sign. */
function percent(raw: string): Decimal {
  const value = parsed(raw);
  if (value.lte(-1) || value.gte(10)) {
    throw new CellError(`${quoted(raw)} is out of range (a yearly change is above -100% and below 1000%)`);
  }
  return value;
}

function year(raw: string): number {
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d{4}$/.test(text) || value < 1900 || value > 2998) {
    throw new CellError(`${quoted(raw)} is not a year (expected a calendar year such as 2023, read as FY 2023/24)`);
  }
  return value;
}

/** `deflators.csv`: one row per calendar year Y (standing for FY Y/Y+1), percentages as fractions. */
export async function readDeflators(source: CsvSource, options: ReadOptions = {}): Promise<ReadResult<DeflatorRecord>> {
  const byYear = new Map<number, { record: DeflatorRecord; line: number }>();
  const pass = await readCsv(source, 'deflators.csv', DEFLATOR_COLUMNS, options, (row) => {
    const yearValue = row.parse('year', year);
    const prices = row.parse('prices', percent);
    const pay = row.parse('pay', percent);
    const payAndPrices = row.parseOptional('pay&prices', percent);
    if (!row.ok) return;
    const record: DeflatorRecord = { year: yearValue!, prices: prices!, pay: pay!, payAndPrices: payAndPrices! };
    const first = byYear.get(record.year);
    if (!first) {
      byYear.set(record.year, { record, line: row.line });
      return;
    }
    const same =
      first.record.prices.eq(record.prices) &&
      first.record.pay.eq(record.pay) &&
      (first.record.payAndPrices === null ? record.payAndPrices === null : record.payAndPrices?.eq(first.record.payAndPrices));
    if (!same) row.fail('year', row.raw('year'), `year ${record.year} appears again with different values (first on line ${first.line})`);
  });
  return finish(
    pass,
    [...byYear.values()].map((entry) => entry.record),
  );
}
