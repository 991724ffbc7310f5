import { TrustCostRecord } from '@nhsp/domain';
import { ActivityReadOptions, knownSet } from '../activity';
import { currencyCell, podCell } from '../csv/codes';
import { ColumnSpec, ReadResult, finish, readCsv } from '../csv/reader';
import { GroupedTotals, PairKeys } from '../csv/grouped-totals';
import { CsvSource } from '../csv/source';
import { knownOrgCode } from '../csv/values';
import { financialYearStart, nonNegativeDecimal } from './cells';

export type ReturnReadOptions = ActivityReadOptions;

export const TRUST_COSTS_COLUMNS: ColumnSpec = { required: ['org_code', 'year', 'pod', 'currency', 'activity', 'cost_gbp'] };

const activity = nonNegativeDecimal('activity values');
const cost = nonNegativeDecimal('costs');

/**
 * `trust_costs.csv`: the trust's own National Cost Collection return, one financial year a row.
 * Rows with the same org, year, POD and currency are summed, as in activity.csv.
 */
export async function readTrustCosts(source: CsvSource, options: ReturnReadOptions = {}): Promise<ReadResult<TrustCostRecord>> {
  const totals = new GroupedTotals<TrustCostRecord>();
  const keys = new PairKeys('\u0000');
  const org = knownOrgCode(knownSet(options.knownOrgCodes));
  const pass = await readCsv(source, 'trust_costs.csv', TRUST_COSTS_COLUMNS, options, (row) => {
    const orgCode = row.parse('org_code', org);
    const year = row.parse('year', financialYearStart);
    const pod = row.parse('pod', podCell);
    const currency = row.parse('currency', currencyCell);
    const activityValue = row.parse('activity', activity);
    const costValue = row.parse('cost_gbp', cost);
    if (!row.ok || !row.wanted) return;
    const id = keys.of(pod!, currency!);
    const total = totals.find(orgCode!, year!, id);
    if (total) {
      total.activity = total.activity.plus(activityValue!);
      total.cost = total.cost.plus(costValue!);
    } else {
      totals.add(orgCode!, year!, id, { orgCode: orgCode!, year: year!, pod: pod!, currency: currency!, activity: activityValue!, cost: costValue! });
    }
  });
  return finish(pass, totals.records);
}
