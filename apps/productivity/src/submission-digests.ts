// What a run's input identity holds of the history of submissions, derived once per state of
// ingestion's submissions and process rather than once per run: every current activity and
// finance submission (the plan view's ledger keys, a run's own submissions) and the digests of
// its history and of the optional returns. Kept under the version ingestion's view names in the
// run's own snapshot (v_submissions_version, moved in every transaction that changes a
// submission), so what a run gets is what its snapshot's views hold. A whole-history recompute is
// 84 runs, each of which read and hashed up to 84 months of 194 trusts (about 20 s of PostgreSQL
// and the parsing of every row on the event loop, per recompute); now the first run of a state
// reads them and the others read one row.
//
// The digests are the same values as before (linesSha256 of the same lines), so fingerprints of
// stored runs still match: a run's lines are those of one range of months (returns: up to its
// period, trust costs up to its financial year), and the state's lines, sorted once, keep their
// order when filtered to a range.
import { createHash, Hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HeldBySubmissionsVersion, SubmissionsVersionReader } from '@nhsp/persistence';
import { HistoryRepository, ReturnSubmissionRow, SubmissionRow } from './repositories/history.repository';
import { asRange, SharedSubmissions } from './submission-rows';

/** Lines sorted as linesSha256 sorts them, with what a range selects them by. */
interface SortedLine {
  line: string;
  /** Activity and finance: the month. Returns: the period (a trust-cost return's is its year). */
  at: string;
  trustCosts: boolean;
}

/**
 * Lines already sorted, each ended by a newline, as the bytes linesSha256 hashes, written out once:
 * the sha256 of a selection is of its lines' bytes, fed a run of neighbouring lines at a time. A
 * range selects runs of neighbours (a trust's months, a return's periods), and every period of a
 * recompute joined and encoded up to 80,000 lines of the state again only to hash them.
 */
class SortedText {
  private text?: { bytes: Buffer; starts: Uint32Array };

  constructor(private readonly lines: readonly SortedLine[]) {}

  /** sha256 of the lines `selected` picks, in their order; undefined for none (as linesSha256). */
  sha256(selected: (line: SortedLine) => boolean): string | undefined {
    const { bytes, starts } = (this.text ??= written(this.lines));
    let hash: Hash | undefined;
    let from = -1;
    for (let i = 0; i <= this.lines.length; i++) {
      if (i < this.lines.length && selected(this.lines[i])) {
        if (from < 0) from = i;
        continue;
      }
      if (from < 0) continue;
      (hash ??= createHash('sha256')).update(bytes.subarray(starts[from], starts[i]));
      from = -1;
    }
    return hash?.digest('hex');
  }
}

/** The lines' bytes, each line's newline included, and where each line starts (one more: the end). */
function written(lines: readonly SortedLine[]): { bytes: Buffer; starts: Uint32Array } {
  const bytes = Buffer.from(lines.map((l) => `${l.line}\n`).join(''));
  const starts = new Uint32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) starts[i + 1] = starts[i] + Buffer.byteLength(lines[i].line) + 1;
  return { bytes, starts };
}

const byLine = (a: SortedLine, b: SortedLine) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0);

/**
 * Activity and finance submissions and the digests of their ranges asked for so far: a state's
 * (SubmissionDigests) or, where ingestion names no state, those one read took (run-inputs.ts).
 */
export class HeldHistory {
  private readonly lines: SortedText;
  private readonly digests = new Map<string, string | undefined>();
  private readonly shared: SharedSubmissions;

  constructor(readonly rows: readonly SubmissionRow[]) {
    this.shared = new SharedSubmissions(rows);
    this.lines = new SortedText(rows.map((r) => ({ line: `${r.org_code}|${r.month}|${r.kind}|${r.content_sha256}`, at: r.month, trustCosts: false })).sort(byLine));
  }

  /** The submissions of the months from..to (inclusive), in the order HistoryRepository.submissions reads them. */
  of(from: string, to: string): SubmissionRow[] {
    return asRange(
      this.rows.filter((r) => r.month >= from && r.month <= to),
      this.shared,
      from,
      to,
    );
  }

  /** linesSha256 of of(from, to) as run-inputs.ts makes a run's historySha256. */
  sha256(from: string, to: string): string | undefined {
    const key = `${from}|${to}`;
    if (!this.digests.has(key)) this.digests.set(key, this.lines.sha256((l) => l.at >= from && l.at <= to));
    return this.digests.get(key);
  }
}

/** Optional returns' submissions, as sorted lines, and the digests asked for so far (as HeldHistory). */
export class HeldReturns {
  private readonly digests = new Map<string, string | undefined>();
  private readonly lines: SortedText;

  constructor(rows: readonly ReturnSubmissionRow[]) {
    this.lines = new SortedText(rows.map((r) => ({ line: `${r.kind}|${r.org_code}|${r.period}|${r.content_sha256}`, at: r.period, trustCosts: r.kind === 'trust_costs' })).sort(byLine));
  }

  /** The returnsSha256 of a period: monthly returns up to it, trust costs up to its financial year. */
  sha256(period: string, financialYearStart: number): string | undefined {
    const year = String(financialYearStart);
    const key = `${period}|${year}`;
    if (!this.digests.has(key)) this.digests.set(key, this.lines.sha256((l) => l.at <= (l.trustCosts ? year : period)));
    return this.digests.get(key);
  }
}

/** What readRunInputsOf gets of the history of submissions in one snapshot. */
export interface SnapshotSubmissions {
  /** The current activity and finance submissions of the months from..to. */
  submissions(from: string, to: string): SubmissionRow[];
  historySha256(from: string, to: string): string | undefined;
  returnsSha256(period: string, financialYearStart: number): Promise<string | undefined>;
}

@Injectable()
export class SubmissionDigests {
  private readonly version = new SubmissionsVersionReader();
  private readonly history = new HeldBySubmissionsVersion<HeldHistory>();
  private readonly returns = new HeldBySubmissionsVersion<HeldReturns>();

  /**
   * The submissions of `db`'s snapshot, held under its version; null where ingestion names no
   * version (the caller reads and hashes them itself).
   */
  async of(db: EntityManager): Promise<SnapshotSubmissions | null> {
    const version = await this.version.read(db);
    if (!version) return null;
    const repository = new HistoryRepository(db);
    const history = await this.history.get(version, async () => new HeldHistory(await repository.allSubmissions()));
    // The returns only when a digest is asked for (a run asks; the ledger alone does not).
    const returns = () =>
      this.returns.get(version, async () => new HeldReturns(await repository.allReturnSubmissions()));
    return {
      submissions: (from, to) => history.of(from, to),
      historySha256: (from, to) => history.sha256(from, to),
      returnsSha256: async (period, financialYearStart) => (await returns()).sha256(period, financialYearStart),
    };
  }
}
