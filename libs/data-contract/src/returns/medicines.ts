import { MedicineRecord, parseMedicineProduct } from '@nhsp/domain';
import { knownSet } from '../activity';
import { ColumnSpec, ReadResult, finish, readCsv } from '../csv/reader';
import { GroupedTotals, PairKeys } from '../csv/grouped-totals';
import { CsvSource } from '../csv/source';
import { fromDomain, knownOrgCode, memo, month } from '../csv/values';
import { molecule, nonNegativeDecimal } from './cells';
import { ReturnReadOptions } from './trust-costs';

export const MEDICINES_COLUMNS: ColumnSpec = { required: ['org_code', 'month', 'molecule', 'product', 'quantity', 'cost_gbp'] };

const product = memo(fromDomain(parseMedicineProduct));
const moleculeOf = memo(molecule);
// Quantities are counts of packs, a few thousand distinct values over a national file: memoised
// (decimals are immutable, so rows can share one). Costs are nearly all distinct.
const quantity = memo(nonNegativeDecimal('quantities'));
const cost = nonNegativeDecimal('costs');

/** `medicines.csv`: quantity and cost by molecule and product; rows with the same org, month, molecule and product summed. */
export async function readMedicines(source: CsvSource, options: ReturnReadOptions = {}): Promise<ReadResult<MedicineRecord>> {
  const totals = new GroupedTotals<MedicineRecord>();
  const keys = new PairKeys('\u0000');
  const org = knownOrgCode(knownSet(options.knownOrgCodes));
  const monthOf = memo(month);
  const pass = await readCsv(source, 'medicines.csv', MEDICINES_COLUMNS, options, (row) => {
    const orgCode = row.parse('org_code', org);
    const monthValue = row.parse('month', monthOf);
    const moleculeValue = row.parse('molecule', moleculeOf);
    const productValue = row.parse('product', product);
    const quantityValue = row.parse('quantity', quantity);
    const costValue = row.parse('cost_gbp', cost);
    if (!row.ok || !row.wanted) return;
    const id = keys.of(moleculeValue!, productValue!);
    const total = totals.find(orgCode!, monthValue!, id);
    if (total) {
      total.quantity = total.quantity.plus(quantityValue!);
      total.cost = total.cost.plus(costValue!);
    } else {
      totals.add(orgCode!, monthValue!, id, { orgCode: orgCode!, month: monthValue!, molecule: moleculeValue!, product: productValue!, quantity: quantityValue!, cost: costValue! });
    }
  });
  return finish(pass, totals.records);
}
