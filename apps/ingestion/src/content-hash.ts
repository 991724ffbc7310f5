// Fingerprint of one org-month's rows (one org-year's for trust costs), independent of row order
// and number formatting, so a restatement with the same figures is recognisably unchanged
// (productivity flags RESTATED only when an activity or finance hash differs).
import { createHash } from 'node:crypto';
import { ActivityRecord, FinanceRecord, FinancialYear, MedicineRecord, OperationsRecord, TrustCostRecord, WorkforceRecord } from '@nhsp/domain';

export interface OrgMonthHash {
  orgCode: string;
  month: string;
  contentSha256: string;
}

/** A return's content hash per trust and period: `YYYY-MM`, or for trust costs the year `YYYY`. */
export interface OrgPeriodHash {
  orgCode: string;
  period: string;
  contentSha256: string;
}

export function activityHashes(rows: readonly ActivityRecord[]): OrgMonthHash[] {
  return byMonth(hashByOrgPeriod(rows, (r) => r.month, (r) => `${r.pod},${r.currency},${r.count},${r.bedDays ?? ''}`));
}

export function financeHashes(rows: readonly FinanceRecord[]): OrgMonthHash[] {
  return byMonth(hashByOrgPeriod(rows, (r) => r.month, (r) => `${r.category},${r.amount.toFixed()}`));
}

export function trustCostHashes(rows: readonly TrustCostRecord[]): OrgPeriodHash[] {
  return hashByOrgPeriod(rows, (r) => String(r.year), (r) => `${r.pod},${r.currency},${r.activity.toFixed()},${r.cost.toFixed()}`);
}

export function workforceHashes(rows: readonly WorkforceRecord[]): OrgPeriodHash[] {
  return hashByOrgPeriod(rows, (r) => r.month, (r) => `${r.staffGroup},${r.wte.toFixed()}`);
}

export function operationsHashes(rows: readonly OperationsRecord[]): OrgPeriodHash[] {
  return hashByOrgPeriod(rows, (r) => r.month, (r) => `${r.measure},${r.dimension},${r.value.toFixed()}`);
}

export function medicinesHashes(rows: readonly MedicineRecord[]): OrgPeriodHash[] {
  return hashByOrgPeriod(rows, (r) => r.month, (r) => `${r.molecule},${r.product},${r.quantity.toFixed()},${r.cost.toFixed()}`);
}

const byMonth = (hashes: OrgPeriodHash[]): OrgMonthHash[] => hashes.map(({ period, ...h }) => ({ ...h, month: period }));

function hashByOrgPeriod<T extends { orgCode: string }>(rows: readonly T[], periodOf: (row: T) => string, line: (row: T) => string): OrgPeriodHash[] {
  const groups = new Map<string, { orgCode: string; period: string; lines: string[] }>();
  for (const row of rows) {
    const period = periodOf(row);
    const key = `${row.orgCode}|${period}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { orgCode: row.orgCode, period, lines: [] }));
    group.lines.push(line(row));
  }
  return [...groups.values()].map(({ orgCode, period, lines }) => ({
    orgCode,
    period,
    contentSha256: createHash('sha256').update(lines.sort().join('\n')).digest('hex'),
  }));
}

export function monthsOf(rows: readonly { month: string }[]): string[] {
  return [...new Set(rows.map((r) => r.month))].sort();
}

/** The months of the financial years a trust-cost return covers (2024 → 2024-04 … 2025-03). */
export function monthsOfYears(rows: readonly { year: number }[]): string[] {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  return years.flatMap((year) => FinancialYear.of(year).months.map(String));
}
