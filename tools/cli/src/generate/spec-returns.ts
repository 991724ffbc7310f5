import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPod } from '@nhsp/domain';
import { MEASURES, PRODUCTS, STAFF_GROUPS, UNIT_COSTS } from './returns/codes';
import { readCsv } from './spec-support';

/**
 * Light checks of the optional returns against the data contract (columns, codes, number
 * formats), returning every problem as `file:line: reason`. The strict readers of these files
 * live in libs/data-contract; these checks only keep the generator honest until they run on it.
 */
const HEADERS: Record<string, string> = {
  'trust_costs.csv': 'org_code,year,pod,currency,activity,cost_gbp',
  'workforce.csv': 'org_code,month,staff_group,wte',
  'operations.csv': 'org_code,month,measure,dimension,value',
  'medicines.csv': 'org_code,month,molecule,product,quantity,cost_gbp',
  'unit_costs.csv': 'name,gbp',
};

const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const MONEY = /^\d+\.\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function validateReturns(dir: string, orgCodes: ReadonlySet<string>, months: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const problem = (file: string, line: number, reason: string) => {
    if (problems.length < 50) problems.push(`${file}:${line}: ${reason}`);
  };
  for (const [file, header] of Object.entries(HEADERS)) {
    const first = readFileSync(join(dir, file), 'utf8').split('\n', 1)[0];
    if (first !== header) problem(file, 1, `header "${first}", expected "${header}"`);
  }
  const each = (file: string, check: (row: Record<string, string>, line: number) => void) =>
    readCsv(join(dir, file)).forEach((row, i) => {
      if ('org_code' in row && !orgCodes.has(row.org_code)) problem(file, i + 2, `org_code "${row.org_code}" is not in trusts.csv`);
      if ('month' in row && !(MONTH.test(row.month) && months.has(row.month))) problem(file, i + 2, `month "${row.month}" is not a month of the bundle`);
      check(row, i + 2);
    });

  const years = new Set([...months].map((m) => Number(m.slice(0, 4))));
  each('trust_costs.csv', (row, line) => {
    if (!/^\d{4}$/.test(row.year) || !years.has(Number(row.year))) problem('trust_costs.csv', line, `year "${row.year}"`);
    if (!isPod(row.pod)) problem('trust_costs.csv', line, `unknown POD "${row.pod}"`);
    if (row.currency.trim() === '' || row.currency !== row.currency.trim().toUpperCase()) problem('trust_costs.csv', line, `currency "${row.currency}"`);
    if (!WHOLE.test(row.activity)) problem('trust_costs.csv', line, `activity "${row.activity}"`);
    if (!MONEY.test(row.cost_gbp)) problem('trust_costs.csv', line, `cost_gbp "${row.cost_gbp}"`);
  });
  each('workforce.csv', (row, line) => {
    if (!(STAFF_GROUPS as readonly string[]).includes(row.staff_group)) problem('workforce.csv', line, `unknown staff_group "${row.staff_group}"`);
    if (!DECIMAL.test(row.wte)) problem('workforce.csv', line, `wte "${row.wte}"`);
  });
  each('operations.csv', (row, line) => {
    const dimensions = MEASURES[row.measure];
    if (!dimensions) return problem('operations.csv', line, `unknown measure "${row.measure}"`);
    if (dimensions.length === 0 ? row.dimension !== '' : !dimensions.includes(row.dimension)) {
      problem('operations.csv', line, `dimension "${row.dimension}" for ${row.measure}`);
    }
    if (!DECIMAL.test(row.value)) problem('operations.csv', line, `value "${row.value}"`);
  });
  each('medicines.csv', (row, line) => {
    if (!/^[a-z]+$/.test(row.molecule)) problem('medicines.csv', line, `molecule "${row.molecule}"`);
    if (!(PRODUCTS as readonly string[]).includes(row.product)) problem('medicines.csv', line, `unknown product "${row.product}"`);
    if (!WHOLE.test(row.quantity)) problem('medicines.csv', line, `quantity "${row.quantity}"`);
    if (!MONEY.test(row.cost_gbp)) problem('medicines.csv', line, `cost_gbp "${row.cost_gbp}"`);
  });
  const names = readCsv(join(dir, 'unit_costs.csv'));
  names.forEach((row, i) => {
    if (!(row.name in UNIT_COSTS)) problem('unit_costs.csv', i + 2, `unknown unit cost "${row.name}"`);
    if (!MONEY.test(row.gbp)) problem('unit_costs.csv', i + 2, `gbp "${row.gbp}"`);
  });
  if (names.length !== Object.keys(UNIT_COSTS).length) problem('unit_costs.csv', 0, `${names.length} unit costs, expected ${Object.keys(UNIT_COSTS).length}`);
  return problems;
}
