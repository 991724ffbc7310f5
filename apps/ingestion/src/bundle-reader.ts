// Reads and validates every file of an upload before anything is stored: trusts first, then
// activity, finance and notifications against stored ∪ uploaded trusts, then reference files. All problems of
// all files are collected so the submitter sees everything to fix in one answer.
import { readFile } from 'node:fs/promises';
import { ActivityRecord, FinanceRecord, Trust } from '@nhsp/domain';
import {
  BadFileError,
  Issue,
  NotificationRecord,
  readActivity,
  readActivityRecords,
  readDeflators,
  readFinance,
  readNccSchedule,
  readNotifications,
  readTrusts,
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
  | Parsed<'notifications', NotificationRecord>
  | { kind: 'cost_weights' | 'deflators'; fileName: string; sha256: string; rowCount: number; content: Buffer };

export type ReadOutcome = { ok: true; files: ParsedFile[] } | { ok: false; issues: Issue[]; issueCount: number };

export async function readBundle(incoming: readonly IncomingFile[], storedOrgCodes: readonly string[]): Promise<ReadOutcome> {
  const issues: Issue[] = [];
  let issueCount = 0;
  const problem = (issue: Issue) => {
    issues.push(issue);
    issueCount++;
  };

  const byKind = new Map<FileKind, IncomingFile>();
  for (const file of incoming) {
    const kind = fileKindOf(file.fileName);
    if (!kind) {
      problem(fileIssue(file.fileName, `unknown file name: expected one of ${KNOWN_FILE_NAMES.join(', ')}`));
    } else if (byKind.has(kind)) {
      problem(fileIssue(file.fileName, 'the same file was sent more than once in this upload'));
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
      const parsed = await readOne(kind, file, knownOrgCodes);
      if (parsed.kind === 'trusts') parsed.rows.forEach((t) => knownOrgCodes.add(t.orgCode));
      files.push(parsed);
    } catch (error) {
      if (!(error instanceof BadFileError)) throw error;
      // Readers name files by contract name; report the name the client sent.
      error.issues.forEach((issue) => issues.push({ ...issue, file: file.fileName }));
      issueCount += error.issueCount;
    }
  }
  return issueCount > 0 ? { ok: false, issues, issueCount } : { ok: true, files };
}

async function readOne(kind: FileKind, file: IncomingFile, knownOrgCodes: ReadonlySet<string>): Promise<ParsedFile> {
  const source = { path: file.path, name: file.fileName };
  const options = { onError: 'reject' as const, knownOrgCodes };
  switch (kind) {
    case 'trusts': {
      const result = requireRows(await readTrusts(source, { onError: 'reject' }));
      return { kind, fileName: file.fileName, sha256: result.sha256, rows: result.rows };
    }
    case 'activity':
    case 'activity_records': {
      const read = kind === 'activity' ? readActivity : readActivityRecords;
      const result = requireRows(await read(source, options));
      return { kind: 'activity', fileName: file.fileName, sha256: result.sha256, rows: result.rows };
    }
    case 'finance': {
      const result = requireRows(await readFinance(source, options));
      return { kind, fileName: file.fileName, sha256: result.sha256, rows: result.rows };
    }
    case 'notifications': {
      // The reader compute and explain use: one notification per distinct row, trusts checked.
      const result = await readNotifications(source, options);
      return { kind, fileName: file.fileName, sha256: result.sha256, rows: result.rows };
    }
    case 'cost_weights':
    case 'deflators': {
      // Reference files are stored as sent (consumers parse them); read here only to reject bad ones early.
      const content = await readFile(file.path);
      const read = kind === 'cost_weights' ? readNccSchedule : readDeflators;
      const result = requireRows(await read({ bytes: content, name: file.fileName }, { onError: 'reject' }));
      return { kind, fileName: file.fileName, sha256: result.sha256, rowCount: result.rows.length, content };
    }
  }
}

function fileIssue(file: string, reason: string): Issue {
  return { file, line: null, column: null, value: null, reason };
}
