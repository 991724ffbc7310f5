// What a run derives from the activity and finance submissions of its history range: each month's
// identity (the rows it is made of, history-cache.ts) and the ledger's trust-month keys
// (plan-ledger.ts). A range handed out by a state's HeldHistory (submission-digests.ts) is all the
// submissions of its months, so both are those of the whole state, derived once, restricted to
// the range: each of a recompute's 84 runs walked up to 84 months of 194 trusts' submissions,
// writing out a line or key text for each, to derive them again. Any other rows are derived as
// before. The same values, in the same order, either way (submission-rows.spec.ts).
import type { LedgerKey, SubmissionRow } from './repositories/history.repository';

/** The identity of a month's rows: its current activity and finance submissions (sorted lines). */
export function monthIdentities(history: readonly SubmissionRow[]): Map<string, string> {
  const lines = new Map<string, string[]>();
  for (const r of history) {
    if (r.kind !== 'activity' && r.kind !== 'finance') continue;
    const list = lines.get(r.month) ?? [];
    list.push(`${r.org_code}|${r.kind}|${r.batch_id}|${r.content_sha256}`);
    lines.set(r.month, list);
  }
  return new Map([...lines].map(([month, list]) => [month, list.sort().join('\n')]));
}

/** One key per trust-month with an activity or finance submission among `rows` (of a trust `listed`), in the order first met. */
export function ledgerKeysOf(rows: readonly SubmissionRow[], listed: (orgCode: string) => boolean = () => true): LedgerKey[] {
  const byMonth = new Map<string, LedgerKey>();
  for (const r of rows) {
    if (!listed(r.org_code) || (r.kind !== 'activity' && r.kind !== 'finance')) continue;
    const at = `${r.org_code}|${r.month}`;
    const key = byMonth.get(at) ?? { org_code: r.org_code, month: r.month, activity_sha256: '', finance_sha256: '' };
    key[r.kind === 'activity' ? 'activity_sha256' : 'finance_sha256'] = r.content_sha256;
    byMonth.set(at, key);
  }
  return [...byMonth.values()];
}

/** A state's submissions and what is derived from all of them, each made when first asked for. */
export class SharedSubmissions {
  private identities?: Map<string, string>;
  private keys?: LedgerKey[];

  constructor(private readonly rows: readonly SubmissionRow[]) {}

  monthIdentities(): ReadonlyMap<string, string> {
    return (this.identities ??= monthIdentities(this.rows));
  }

  /** Shared by the runs: never changed once made (a run's weighing copies a key). */
  ledgerKeys(): readonly LedgerKey[] {
    return (this.keys ??= ledgerKeysOf(this.rows));
  }
}

interface Range {
  shared: SharedSubmissions;
  from: string;
  to: string;
}

const ranges = new WeakMap<readonly SubmissionRow[], Range>();

/** Marks `rows` as every submission of `shared`'s months from..to (inclusive). */
export function asRange(rows: SubmissionRow[], shared: SharedSubmissions, from: string, to: string): SubmissionRow[] {
  ranges.set(rows, { shared, from, to });
  return rows;
}

/** monthIdentities of the rows of `history` in `months`. */
export function identitiesOfMonths(history: readonly SubmissionRow[], months: readonly string[]): Map<string, string> {
  const own = new Set(months);
  const range = ranges.get(history);
  if (!range) return monthIdentities(history.filter((r) => own.has(r.month)));
  const out = new Map<string, string>();
  for (const [month, identity] of range.shared.monthIdentities()) {
    if (own.has(month) && month >= range.from && month <= range.to) out.set(month, identity);
  }
  return out;
}

/** ledgerKeysOf `history`, of the trusts `listed`. */
export function ledgerKeysOfHistory(history: readonly SubmissionRow[], listed: (orgCode: string) => boolean): LedgerKey[] {
  const range = ranges.get(history);
  if (!range) return ledgerKeysOf(history, listed);
  const { from, to } = range;
  return range.shared.ledgerKeys().filter((k) => k.month >= from && k.month <= to && listed(k.org_code));
}
