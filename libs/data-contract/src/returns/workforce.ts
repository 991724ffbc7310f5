import { WorkforceRecord, parseStaffGroup } from '@nhsp/domain';
import { knownSet } from '../activity';
import { ColumnSpec, ReadResult, finish, readCsv } from '../csv/reader';
import { GroupedTotals } from '../csv/grouped-totals';
import { CsvSource } from '../csv/source';
import { fromDomain, knownOrgCode, memo, month } from '../csv/values';
import { nonNegativeDecimal } from './cells';
import { ReturnReadOptions } from './trust-costs';

export const WORKFORCE_COLUMNS: ColumnSpec = { required: ['org_code', 'month', 'staff_group', 'wte'] };

const staffGroup = memo(fromDomain(parseStaffGroup));
const wte = nonNegativeDecimal('wte values');

/** `workforce.csv`: staff in post by staff group; rows with the same org, month and group summed. */
export async function readWorkforce(source: CsvSource, options: ReturnReadOptions = {}): Promise<ReadResult<WorkforceRecord>> {
  const totals = new GroupedTotals<WorkforceRecord>();
  const org = knownOrgCode(knownSet(options.knownOrgCodes));
  const monthOf = memo(month);
  const pass = await readCsv(source, 'workforce.csv', WORKFORCE_COLUMNS, options, (row) => {
    const orgCode = row.parse('org_code', org);
    const monthValue = row.parse('month', monthOf);
    const group = row.parse('staff_group', staffGroup);
    const value = row.parse('wte', wte);
    if (!row.ok || !row.wanted) return;
    const total = totals.find(orgCode!, monthValue!, group!);
    if (total) total.wte = total.wte.plus(value!);
    else totals.add(orgCode!, monthValue!, group!, { orgCode: orgCode!, month: monthValue!, staffGroup: group!, wte: value! });
  });
  return finish(pass, totals.records);
}
