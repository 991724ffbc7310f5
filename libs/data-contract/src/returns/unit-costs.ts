import { UnitCostRecord, parseUnitCostName } from '@nhsp/domain';
import { ColumnSpec, ReadOptions, ReadResult, finish, readCsv } from '../csv/reader';
import { CsvSource } from '../csv/source';
import { fromDomain, memo } from '../csv/values';
import { nonNegativeDecimal } from './cells';

export const UNIT_COSTS_COLUMNS: ColumnSpec = { required: ['name', 'gbp'] };

const name = memo(fromDomain(parseUnitCostName));
const gbp = nonNegativeDecimal('unit costs');

/**
 * `unit_costs.csv`: unit costs the NCC schedule lacks. A name given twice with the same cost
 * counts once; with a different cost it is a bad row (which one is meant cannot be told).
 */
export async function readUnitCosts(source: CsvSource, options: ReadOptions = {}): Promise<ReadResult<UnitCostRecord>> {
  const byName = new Map<string, { record: UnitCostRecord; line: number }>();
  const pass = await readCsv(source, 'unit_costs.csv', UNIT_COSTS_COLUMNS, options, (row) => {
    const nameValue = row.parse('name', name);
    const cost = row.parse('gbp', gbp);
    if (!row.ok) return;
    const first = byName.get(nameValue!);
    if (!first) {
      byName.set(nameValue!, { record: { name: nameValue!, gbp: cost! }, line: row.line });
    } else if (!first.record.gbp.eq(cost!)) {
      row.fail('gbp', row.raw('gbp'), `${nameValue} appears again with a different cost (first on line ${first.line})`);
    }
  });
  return finish(
    pass,
    [...byName.values()].map((entry) => entry.record),
  );
}
