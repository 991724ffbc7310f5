import { Pod } from '@nhsp/domain';
import { IssueCollector } from '../issues';
import { Row } from '../csv/reader';
import { CellParser } from '../csv/values';
import { LOS_SLOT, SLOTS } from './protocol';

/** The cell parsers readActivityRecords uses, so both paths judge a value by the same code. */
export interface ActivityRecordCells {
  org: CellParser<string>;
  date: CellParser<string>;
  pod: CellParser<Pod>;
  currency: CellParser<string>;
  losDays: CellParser<number>;
}

/** What a distinct cell value means: its parsed value, or the reason it is bad. */
export type Verdict = { ok: true; value: string | number | null } | { ok: false; reason: string };

/** Keeps the reason of the one issue a probe row reports, unshortened (the real collector shortens once). */
class LastIssue extends IssueCollector {
  reason = '';

  constructor() {
    super('', Number.MAX_SAFE_INTEGER);
  }

  override add(_line: number | null, _column: string | null, _value: string | null, reason: string): void {
    this.count++;
    this.reason = reason;
  }
}

/**
 * Judges each distinct cell value once, through the streaming reader's own Row (empty checks,
 * error wrapping) and cell parsers, so that a value is good or bad, and says why, in exactly
 * the words the streaming reader would use. Workers send distinct values; rows never come here.
 */
export class CellJudge {
  private readonly issue = new LastIssue();
  private readonly row = new Row(new Map(SLOTS.map((column) => [column, 0])), this.issue, false);
  private readonly parsers: CellParser<string | number>[];
  private readonly verdicts = SLOTS.map(() => new Map<string, Verdict>());

  constructor(cells: ActivityRecordCells) {
    this.parsers = [cells.org, cells.date, cells.pod, cells.currency, cells.losDays];
  }

  judge(slot: number, raw: string): Verdict {
    const known = this.verdicts[slot].get(raw);
    if (known) return known;
    const verdict = this.probe(slot, raw);
    this.verdicts[slot].set(raw, verdict);
    return verdict;
  }

  private probe(slot: number, raw: string): Verdict {
    const row = this.row;
    row.fields = [raw];
    row.ok = true;
    const column = SLOTS[slot];
    const value = slot === LOS_SLOT ? row.parseOptional(column, this.parsers[slot]) : row.parse(column, this.parsers[slot]);
    return row.ok ? { ok: true, value: value ?? null } : { ok: false, reason: this.issue.reason };
  }
}
