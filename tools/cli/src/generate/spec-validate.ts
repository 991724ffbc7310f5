import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFinanceCategory, isPod, SECTORS } from '@nhsp/domain';
import { ReferenceData } from './reference';
import { monthsOf, readCsv } from './spec-support';

/**
 * Checks a generated bundle row by row against the data contract and returns every problem
 * found (file, line, reason), so a failing spec says exactly what is wrong.
 */
export interface BundleExpectations {
  trusts: number;
  from: string;
  to: string;
  records: boolean;
}

const WHOLE = /^\d+$/;
const MONEY_2DP = /^-?\d+\.\d{2}$/;
const PERCENT = /^-?\d+\.\d{2}%$/;
const INCLUDED = ['pay_substantive', 'pay_bank', 'pay_agency', 'non_pay_drugs', 'non_pay_clinical_supplies', 'non_pay_other', 'depreciation'];

function header(path: string): string {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
}

export function validateBundle(dir: string, reference: ReferenceData, expect: BundleExpectations): string[] {
  const problems: string[] = [];
  const problem = (file: string, line: number, reason: string) => {
    if (problems.length < 50) problems.push(`${file}:${line}: ${reason}`);
  };
  const months = new Set(monthsOf(expect.from, expect.to));

  const trustLines: string[] = readFileSync(join(dir, 'trusts.csv'), 'utf8').match(/[^\n]*\n/g) ?? [];
  if (trustLines[0] !== reference.trustsHeaderLine) problem('trusts.csv', 1, 'header differs from the reference list');
  const referenceLines = new Set(reference.trusts.map((t) => t.rawLine));
  trustLines.slice(1).forEach((line, i) => {
    if (!referenceLines.has(line)) problem('trusts.csv', i + 2, 'not a line of the reference trust list');
  });
  const codes = new Set(reference.trusts.filter((t) => trustLines.includes(t.rawLine)).map((t) => t.orgCode));
  if (codes.size !== expect.trusts) problem('trusts.csv', 0, `${codes.size} trusts, expected ${expect.trusts}`);
  for (const sector of SECTORS) {
    if (!reference.trusts.some((t) => codes.has(t.orgCode) && t.sector === sector)) problem('trusts.csv', 0, `no ${sector} trust`);
  }

  if (!readFileSync(join(dir, 'cost_weights.csv')).equals(readFileSync(reference.schedulePath))) {
    problem('cost_weights.csv', 0, 'not a byte copy of the NCC schedule');
  }

  if (header(join(dir, 'deflators.csv')) !== 'year,prices,pay,pay&prices') problem('deflators.csv', 1, 'wrong header');
  readCsv(join(dir, 'deflators.csv')).forEach((row, i) => {
    if (Number(row.year) !== 2015 + i) problem('deflators.csv', i + 2, `year ${row.year}, expected ${2015 + i}`);
    for (const column of ['prices', 'pay', 'pay&prices']) {
      if (!PERCENT.test(row[column])) problem('deflators.csv', i + 2, `${column} "${row[column]}" is not a percentage`);
    }
  });

  const org = (file: string, line: number, value: string) => {
    if (!codes.has(value.trim().toUpperCase())) problem(file, line, `org_code "${value}" is not in trusts.csv`);
  };
  if (expect.records) {
    if (header(join(dir, 'activity_records.csv')) !== 'org_code,date,pod,currency,los_days') problem('activity_records.csv', 1, 'wrong header');
    readCsv(join(dir, 'activity_records.csv')).forEach((row, i) => {
      org('activity_records.csv', i + 2, row.org_code);
      const date = new Date(`${row.date}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date) || date.toISOString().slice(0, 10) !== row.date || !months.has(row.date.slice(0, 7))) {
        problem('activity_records.csv', i + 2, `date "${row.date}" is not a day of the range`);
      }
      if (!isPod(row.pod.trim().toUpperCase())) problem('activity_records.csv', i + 2, `unknown POD "${row.pod}"`);
      if (row.currency.trim() === '') problem('activity_records.csv', i + 2, 'empty currency');
      if (row.los_days !== '' && !WHOLE.test(row.los_days)) problem('activity_records.csv', i + 2, `los_days "${row.los_days}"`);
    });
  } else {
    if (header(join(dir, 'activity.csv')) !== 'org_code,month,pod,currency,count,bed_days') problem('activity.csv', 1, 'wrong header');
    readCsv(join(dir, 'activity.csv')).forEach((row, i) => {
      const line = i + 2;
      org('activity.csv', line, row.org_code);
      if (!months.has(row.month)) problem('activity.csv', line, `month "${row.month}" is not in ${expect.from}..${expect.to}`);
      const pod = row.pod.trim().toUpperCase();
      if (!isPod(pod)) problem('activity.csv', line, `unknown POD "${row.pod}"`);
      if (row.currency.trim() === '') problem('activity.csv', line, 'empty currency');
      if (!WHOLE.test(row.count)) problem('activity.csv', line, `count "${row.count}" is not a non-negative integer`);
      const inpatient = pod === 'EL' || pod === 'NEL_LS' || pod === 'NEL_SS';
      if (inpatient !== (row.bed_days !== '')) problem('activity.csv', line, `bed_days "${row.bed_days}" on a ${pod} row`);
      if (row.bed_days !== '' && !WHOLE.test(row.bed_days)) problem('activity.csv', line, `bed_days "${row.bed_days}"`);
    });
  }

  if (header(join(dir, 'finance.csv')) !== 'org_code,month,category,amount_gbp') problem('finance.csv', 1, 'wrong header');
  const present = new Set<string>();
  readCsv(join(dir, 'finance.csv')).forEach((row, i) => {
    const line = i + 2;
    org('finance.csv', line, row.org_code);
    if (!months.has(row.month)) problem('finance.csv', line, `month "${row.month}" is not in ${expect.from}..${expect.to}`);
    const category = row.category.trim().toLowerCase();
    if (!isFinanceCategory(category)) problem('finance.csv', line, `unknown category "${row.category}"`);
    if (!MONEY_2DP.test(row.amount_gbp)) problem('finance.csv', line, `amount "${row.amount_gbp}" is not pounds to 2 dp`);
    present.add(`${row.org_code.trim().toUpperCase()}|${row.month}|${category}`);
  });
  for (const code of codes) {
    for (const month of months) {
      for (const category of INCLUDED) {
        if (!present.has(`${code}|${month}|${category}`)) problem('finance.csv', 0, `${code} ${month} has no ${category}`);
      }
    }
  }
  return problems;
}
