import { ActivityRecord, Pod } from '@nhsp/domain';
import { CellJudge, Verdict } from './judge';
import { LOS_SLOT, ScannedMessage } from './protocol';

/** What the ranges add up to, in the streaming reader's terms. */
export interface Merged {
  /** In the order each key's first good row appears in the file. */
  records: ActivityRecord[];
  recordsRead: number;
  badRecords: number;
  /** Issues per range, for asking each worker only for the issues that will be stored. */
  issuesPerRange: number[];
  /** Per range and slot, 1 for each dictionary id whose value is bad. */
  bad: Uint8Array[][];
}

/** Why the ranges cannot stand in for the streaming reader (it is then used instead). */
export class NotExact extends Error {}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

interface Total {
  record: ActivityRecord;
  daysRows: number;
}

/**
 * Judges every distinct value, drops the tuples holding a bad one (every row of such a tuple
 * is a bad row: they share its cells) and sums the rest by org, month, POD and currency.
 * Ranges are visited in file order and tuples in first-seen order, so keys come out in the
 * order of their first good row, as the streaming reader emits them.
 */
export function mergeRanges(scans: ScannedMessage[], judge: CellJudge): Merged {
  const totals = new Map<string, Total>();
  const records: ActivityRecord[] = [];
  const issuesPerRange: number[] = [];
  const bad: Uint8Array[][] = [];
  let recordsRead = 0;
  let badRecords = 0;

  for (const scan of scans) {
    const verdicts = scan.values.map((values, slot) => values.map((raw) => judge.judge(slot, raw)));
    checkPlainLos(scan, verdicts[LOS_SLOT]);
    bad.push(verdicts.map((slotVerdicts) => Uint8Array.from(slotVerdicts, (verdict) => (verdict.ok ? 0 : 1))));
    if (scan.tuples.overflow) throw new NotExact('a length-of-stay sum is too large to be exact');
    let issues = scan.misshapen;
    let badRows = scan.misshapen;
    const { keys, count, days, daysRows } = scan.tuples;
    for (let t = 0; t < scan.tuples.size; t++) {
      const k = t * 5;
      const cells = [verdicts[0][keys[k]], verdicts[1][keys[k + 1]], verdicts[2][keys[k + 2]], verdicts[3][keys[k + 3]]];
      const odd = keys[k + 4] > 0 ? verdicts[LOS_SLOT][keys[k + 4] - 1] : null;
      const badCells = cells.filter((verdict) => !verdict.ok).length + (odd && !odd.ok ? 1 : 0);
      if (badCells > 0) {
        issues += badCells * count[t];
        badRows += count[t];
        continue;
      }
      const [org, month, pod, currency] = cells.map((verdict) => (verdict as { value: string }).value);
      const oddDays = odd?.ok && odd.value !== null ? (odd.value as number) : null;
      const addedDays = days[t] + (oddDays === null ? 0 : oddDays * count[t]);
      const addedDaysRows = daysRows[t] + (oddDays === null ? 0 : count[t]);
      const key = `${org}|${month}|${pod}|${currency}`;
      let total = totals.get(key);
      if (!total) {
        const record = { orgCode: org, month, pod: pod as Pod, currency, count: 0, bedDays: null };
        totals.set(key, (total = { record, daysRows: 0 }));
        records.push(record);
      }
      add(total, count[t], addedDays, addedDaysRows);
    }
    issuesPerRange.push(issues);
    recordsRead += scan.records;
    badRecords += badRows;
  }
  return { records, recordsRead, badRecords, issuesPerRange, bad };
}

function add(total: Total, count: number, days: number, daysRows: number): void {
  const record = total.record;
  record.count += count;
  total.daysRows += daysRows;
  if (total.daysRows > 0) record.bedDays = (record.bedDays ?? 0) + days;
  // Past 2^53 the streaming reader reports the row that overflowed; only it knows which one.
  if (record.count > MAX_SAFE || (record.bedDays ?? 0) > MAX_SAFE) throw new NotExact('a total is too large to be exact');
}

/** The worker summed plain-digit cells itself; they must mean what the cell parser says. */
function checkPlainLos(scan: ScannedMessage, verdicts: Verdict[]): void {
  scan.plainLos.forEach((plain, id) => {
    if (plain < 0) return;
    const verdict = verdicts[id];
    if (!verdict.ok || verdict.value !== plain) {
      throw new NotExact(`los_days "${scan.values[LOS_SLOT][id]}" is not read as ${plain} by the cell parser`);
    }
  });
}
