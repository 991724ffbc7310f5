// Reads and validates every file of an upload before anything is stored: trusts first, then
// activity, finance, the trusts' returns and notifications against stored ∪ uploaded trusts, then
// the national files. All problems of all files are collected so the submitter sees everything to
// fix in one answer. `on_error` as the data contract has it: `reject` (default) refuses the upload
// for any bad row; `quarantine` stores the good rows and reports the bad ones. A file that cannot
// be read at all is refused either way, and so are the reference files (cost weights, deflators),
// which are stored as sent for their owners to read whole.
import { readFile } from 'node:fs/promises';
import { ActivityRecord, FinanceRecord, MedicineRecord, OperationsRecord, Trust, TrustCostRecord, UnitCostRecord, WorkforceRecord } from '@nhsp/domain';
import {
  BadFileError,
  Issue,
  NotificationRecord,
  OnError,
  readActivity,
  readActivityRecords,
  readDeflators,
  readFinance,
  readMedicines,
  readNccSchedule,
  readNotifications,
  readOperations,
  readTrustCosts,
  readTrusts,
  readUnitCosts,
  readWorkforce,
  requireRows,
} from '@nhsp/data-contract';
import { FileKind, KNOWN_FILE_NAMES, PROCESSING_ORDER, fileKindOf } from './file-kinds';

/** A file on disk (multer's temp file or a file of an operator's folder) and the name it was sent as. */
export interface IncomingFile {
  fileName: string;
  path: string;
}

interface Parsed<K extends string, R> {
  kind: K;
  fileName: string;
  sha256: string;
  rows: R[];
}

export type ParsedFile =
  | Parsed<'trusts', Trust>
  | Parsed<'activity', ActivityRecord>
  | Parsed<'finance', FinanceRecord>
  | Parsed<'trust_costs', TrustCostRecord>
  | Parsed<'workforce', WorkforceRecord>
  | Parsed<'operations', OperationsRecord>
  | Parsed<'medicines', MedicineRecord>
  | Parsed<'unit_costs', UnitCostRecord>
  | Parsed<'notifications', NotificationRecord>
  | { kind: 'cost_weights' | 'deflators'; fileName: string; sha256: string; rowCount: number; content: Buffer };

/** The issues found (at most the readers' stored number) and how many there were in all. */
export interface Issues {
  issues: Issue[];
  issueCount: number;
}

/** ok: what to store and, under quarantine, the bad rows left out. */
export type ReadOutcome = ({ ok: true; files: ParsedFile[]; quarantined: Issues }) | ({ ok: false } & Issues);

interface ReadResultLike<R> extends Issues {
  file: string;
  rows: R[];
  sha256: string;
}

export async function readBundle(incoming: readonly IncomingFile[], storedOrgCodes: readonly string[], onError: OnError = 'reject'): Promise<ReadOutcome> {
  const refused: Issues = { issues: [], issueCount: 0 };
  const quarantined: Issues = { issues: [], issueCount: 0 };
  const add = (into: Issues, fileName: string, found: Issues) => {
    // Readers name files by contract name; report the name the client sent.
    found.issues.forEach((issue) => into.issues.push({ ...issue, file: fileName }));
    into.issueCount += found.issueCount;
  };

  const byKind = new Map<FileKind, IncomingFile>();
  for (const file of incoming) {
    const kind = fileKindOf(file.fileName);
    if (!kind) {
      add(refused, file.fileName, oneIssue(file.fileName, `unknown file name: expected one of ${KNOWN_FILE_NAMES.join(', ')}`));
    } else if (byKind.has(kind)) {
      add(refused, file.fileName, oneIssue(file.fileName, 'the same file was sent more than once in this upload'));
    } else {
      byKind.set(kind, file);
    }
  }

  const files: ParsedFile[] = [];
  const knownOrgCodes = new Set(storedOrgCodes);
  for (const kind of PROCESSING_ORDER) {
    const file = byKind.get(kind);
    if (!file) continue;
    try {
      const { parsed, setAside } = await readOne(kind, file, knownOrgCodes, onError);
      if (parsed.kind === 'trusts') parsed.rows.forEach((t) => knownOrgCodes.add(t.orgCode));
      add(quarantined, file.fileName, setAside);
      files.push(parsed);
    } catch (error) {
      if (!(error instanceof BadFileError)) throw error;
      add(refused, file.fileName, error);
    }
  }
  return refused.issueCount > 0 ? { ok: false, ...refused } : { ok: true, files, quarantined };
}

async function readOne(
  kind: FileKind,
  file: IncomingFile,
  knownOrgCodes: ReadonlySet<string>,
  onError: OnError,
): Promise<{ parsed: ParsedFile; setAside: Issues }> {
  const source = { path: file.path, name: file.fileName };
  const options = { onError, knownOrgCodes };
  const { fileName } = file;
  switch (kind) {
    case 'trusts':
      return withRows(kind, fileName, await readTrusts(source, { onError }));
    case 'activity':
      return withRows('activity', fileName, await readActivity(source, options));
    case 'activity_records':
      return withRows('activity', fileName, await readActivityRecords(source, options));
    case 'finance':
      return withRows(kind, fileName, await readFinance(source, options));
    case 'trust_costs':
      return withRows(kind, fileName, await readTrustCosts(source, options));
    case 'workforce':
      return withRows(kind, fileName, await readWorkforce(source, options));
    case 'operations':
      return withRows(kind, fileName, await readOperations(source, options));
    case 'medicines':
      return withRows(kind, fileName, await readMedicines(source, options));
    case 'unit_costs':
      // National: no trust to check.
      return withRows(kind, fileName, await readUnitCosts(source, { onError }));
    case 'notifications': {
      // The reader compute and explain use: one notification per distinct row, trusts checked.
      const result = await readNotifications(source, options);
      return { parsed: { kind, fileName, sha256: result.sha256, rows: result.rows }, setAside: result };
    }
    case 'cost_weights':
    case 'deflators': {
      // Stored as sent (consumers parse them); read here only to reject bad ones early.
      const content = await readFile(file.path);
      const read = kind === 'cost_weights' ? readNccSchedule : readDeflators;
      const result = requireRows(await read({ bytes: content, name: file.fileName }, { onError: 'reject' }));
      return { parsed: { kind, fileName, sha256: result.sha256, rowCount: result.rows.length, content }, setAside: { issues: [], issueCount: 0 } };
    }
  }
}

/**
 * A batch of nothing is refused: a header-only file ("nothing to store"), and under quarantine a
 * file whose every row was bad (refused with those rows' issues, so nothing of the upload is stored).
 */
function withRows<K extends ParsedFile['kind'], R>(kind: K, fileName: string, result: ReadResultLike<R>): { parsed: ParsedFile; setAside: Issues } {
  if (result.rows.length === 0 && result.issueCount > 0) throw new BadFileError(result.file, result.issues, result.issueCount, result.sha256);
  const { sha256, rows } = requireRows(result);
  return { parsed: { kind, fileName, sha256, rows } as ParsedFile, setAside: { issues: result.issues, issueCount: result.issueCount } };
}

function oneIssue(file: string, reason: string): Issues {
  return { issues: [{ file, line: null, column: null, value: null, reason }], issueCount: 1 };
}
