import { OperationsMeasure, OperationsRecord, parseMeasureDimension, parseOperationsMeasure } from '@nhsp/domain';
import { knownSet } from '../activity';
import { ColumnSpec, ReadResult, finish, readCsv } from '../csv/reader';
import { GroupedTotals, PairKeys } from '../csv/grouped-totals';
import { CsvSource } from '../csv/source';
import { CellError, fromDomain, knownOrgCode, memo, month } from '../csv/values';
import { nonNegativeDecimal } from './cells';
import { ReturnReadOptions } from './trust-costs';

export const OPERATIONS_COLUMNS: ColumnSpec = { required: ['org_code', 'month', 'measure', 'dimension', 'value'] };

const measureOf = memo(fromDomain(parseOperationsMeasure));
const value = nonNegativeDecimal('values');

/** Dimension parsers per measure, memoised: a national file repeats a handful of values millions of times. */
const dimensionOf = new Map<OperationsMeasure, (raw: string) => string>();
function dimension(measure: OperationsMeasure): (raw: string) => string {
  let parse = dimensionOf.get(measure);
  if (!parse) dimensionOf.set(measure, (parse = memo(fromDomain((raw: string) => parseMeasureDimension(measure, raw)))));
  return parse;
}

/**
 * `operations.csv`: monthly operational counts. The dimension is empty unless the measure names
 * one (ward type, corporate function), and then it is one of that measure's values; either
 * mistake is a bad row, never a zero. Rows with the same org, month, measure and dimension are summed.
 */
export async function readOperations(source: CsvSource, options: ReturnReadOptions = {}): Promise<ReadResult<OperationsRecord>> {
  const totals = new GroupedTotals<OperationsRecord>();
  const keys = new PairKeys('\u0000');
  const org = knownOrgCode(knownSet(options.knownOrgCodes));
  const monthOf = memo(month);
  const pass = await readCsv(source, 'operations.csv', OPERATIONS_COLUMNS, options, (row) => {
    const orgCode = row.parse('org_code', org);
    const monthValue = row.parse('month', monthOf);
    const measure = row.parse('measure', measureOf);
    // An empty dimension is a value here (most measures have none): judged by the measure.
    const dimensionValue = measure === undefined ? undefined : dimensionCell(row.raw('dimension'), measure, (reason) => row.fail('dimension', row.raw('dimension'), reason));
    const amount = row.parse('value', value);
    if (!row.ok || !row.wanted) return;
    const id = keys.of(measure!, dimensionValue!);
    const total = totals.find(orgCode!, monthValue!, id);
    if (total) total.value = total.value.plus(amount!);
    else totals.add(orgCode!, monthValue!, id, { orgCode: orgCode!, month: monthValue!, measure: measure!, dimension: dimensionValue!, value: amount! });
  });
  return finish(pass, totals.records);
}

function dimensionCell(raw: string, measure: OperationsMeasure, fail: (reason: string) => void): string | undefined {
  try {
    return dimension(measure)(raw);
  } catch (error) {
    if (!(error instanceof CellError)) throw error;
    fail(error.message);
    return undefined;
  }
}
