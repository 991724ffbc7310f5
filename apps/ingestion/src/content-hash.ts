// Fingerprint of one org-month's rows, independent of row order and number formatting, so a
// restatement with the same figures is recognisably unchanged (productivity flags RESTATED
// only when this hash differs).
import { createHash } from 'node:crypto';
import { ActivityRecord, FinanceRecord } from '@nhsp/domain';

export interface OrgMonthHash {
  orgCode: string;
  month: string;
  contentSha256: string;
}

export function activityHashes(rows: readonly ActivityRecord[]): OrgMonthHash[] {
  return hashByOrgMonth(rows, (r) => `${r.pod},${r.currency},${r.count},${r.bedDays ?? ''}`);
}

export function financeHashes(rows: readonly FinanceRecord[]): OrgMonthHash[] {
  return hashByOrgMonth(rows, (r) => `${r.category},${r.amount.toFixed()}`);
}

function hashByOrgMonth<T extends { orgCode: string; month: string }>(rows: readonly T[], line: (row: T) => string): OrgMonthHash[] {
  const groups = new Map<string, { orgCode: string; month: string; lines: string[] }>();
  for (const row of rows) {
    const key = `${row.orgCode}|${row.month}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { orgCode: row.orgCode, month: row.month, lines: [] }));
    group.lines.push(line(row));
  }
  return [...groups.values()].map(({ orgCode, month, lines }) => ({
    orgCode,
    month,
    contentSha256: createHash('sha256').update(lines.sort().join('\n')).digest('hex'),
  }));
}

export function monthsOf(rows: readonly { month: string }[]): string[] {
  return [...new Set(rows.map((r) => r.month))].sort();
}
