// Why a calculation of a month differs from the one before, in plain English, from what each
// run recorded of its inputs (its release's manifest: the run's inputs and settings): the board answers'
// revision causes in a reader's words. Productivity's GET /revisions gives the full account.
import { plainEnglishCauses, RecordedRun, revisionCauses } from '@nhsp/board-answers';
import type { RevisionRow } from './report-data';

/** One sentence per cause; the first run of a month has none to compare with. */
export function whatChanged(previous: RecordedRun | undefined, run: RecordedRun, org: string): string[] {
  return plainEnglishCauses(previous ? revisionCauses(previous, run, org) : null);
}

/** Each release's row with what changed against the one before (whatChanged); the SQL path's and the report model's. */
export function revisionRows(rows: Array<Omit<RevisionRow, 'changes'> & { settings: unknown; inputs: unknown }>, org: string): RevisionRow[] {
  return rows.map(({ settings, inputs, ...row }, i) => ({
    ...row,
    changes: whatChanged(i > 0 ? { settings: rows[i - 1].settings, inputs: rows[i - 1].inputs } : undefined, { settings, inputs }, org),
  }));
}
