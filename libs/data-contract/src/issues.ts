/** One problem found in an input file, precise enough for a submitter to fix it. */
export interface Issue {
  /** Display name of the file, e.g. `activity.csv`. */
  file: string;
  /** 1-based physical line where the record starts; null for a problem with the file as a whole. */
  line: number | null;
  /** Contract column name (e.g. `count`); null when the problem is the record or the file. */
  column: string | null;
  /** The offending cell as written (shortened if very long); null when there is no single cell. */
  value: string | null;
  /** A sentence saying what is wrong and what was expected. */
  reason: string;
}

import { detach } from './csv/detach';

export type OnError = 'reject' | 'quarantine';

export const DEFAULT_MAX_ISSUES = 1000;
const MAX_VALUE_CHARS = 200;
const MAX_REASON_CHARS = 400;

/** Shortens text that may come from a hostile file so that stored issues stay small. */
export function shorten(text: string, max = MAX_VALUE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Line breaks, other control characters, and characters that reorder or end lines on screen. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from a file made safe to print as one line of a report: control characters escaped
 * (`\r`, `\u0000`), so that a cell holding a line break or a bidi override cannot forge or hide
 * other lines of an error report or a log.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Quotes a cell for a message, shortened and printable. */
export function quoted(value: string): string {
  return `"${printable(shorten(value, 60))}"`;
}

/**
 * Collects every issue of a file but stores only the first `max`, so that a hostile file with
 * millions of bad rows cannot exhaust memory; `count` still says how many there were. Stored
 * text is detached from the chunk it was read from.
 */
export class IssueCollector {
  readonly issues: Issue[] = [];
  count = 0;

  constructor(
    readonly file: string,
    private readonly max = DEFAULT_MAX_ISSUES,
  ) {}

  add(line: number | null, column: string | null, value: string | null, reason: string): void {
    this.count++;
    if (this.issues.length >= this.max) return;
    this.issues.push({
      file: this.file,
      line,
      column,
      value: value === null ? null : detach(shorten(value)),
      // Printable as well: messages of the domain parsers quote cells as they are.
      reason: detach(shorten(printable(reason), MAX_REASON_CHARS)),
    });
  }
}

/** `activity.csv:17:count: "-3" is negative (counts are non-negative integers)` */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line, issue.column].filter((part) => part !== null && part !== '').join(':');
  return `${where}: ${issue.reason}`;
}

/** A readable report, one issue a line; `total` (when more issues were counted than stored) adds a closing note. */
export function formatIssues(issues: readonly Issue[], total = issues.length): string {
  const lines = issues.map(formatIssue);
  if (total > issues.length) lines.push(`… and ${total - issues.length} more issue(s) not listed`);
  return lines.join('\n');
}

const ISSUES_IN_MESSAGE = 20;

function summary(issues: readonly Issue[], total: number): string {
  const shown = issues.slice(0, ISSUES_IN_MESSAGE);
  return formatIssues(shown, Math.max(total, shown.length));
}

/**
 * A file rejected as a whole: either it has bad rows and `onError` is `reject`, or it could
 * not be read at all (see UnreadableFileError). Nothing of the file is returned.
 */
export class BadFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: Issue[],
    readonly issueCount: number,
    readonly sha256: string | null = null,
    headline = `${file}: rejected, ${issueCount} issue(s)`,
  ) {
    super(`${headline}\n${summary(issues, issueCount)}`);
    this.name = 'BadFileError';
  }
}

/** A file that cannot be read at all: missing, empty, binary, wrongly encoded, or without the expected header. */
export class UnreadableFileError extends BadFileError {
  constructor(issue: Issue) {
    super(issue.file, [issue], 1, null, `${issue.file}: cannot be read`);
    this.name = 'UnreadableFileError';
  }

  get reason(): string {
    return this.issues[0].reason;
  }
}

/** One error for a whole bundle, listing the problems of every file. */
export class BundleError extends Error {
  constructor(
    readonly issues: Issue[],
    readonly issueCount: number,
    /** Files that were rejected (unreadable, or with bad rows under `reject`). */
    readonly rejectedFiles: string[],
  ) {
    super(
      `bundle rejected (${rejectedFiles.join(', ') || 'bundle layout'}): ${issueCount} issue(s)\n${summary(issues, issueCount)}`,
    );
    this.name = 'BundleError';
  }
}

/**
 * A file read whole must hold at least one data row where it is to be stored as a batch or set
 * (ingestion, weight and deflator sets): a header-only file is refused rather than stored as a
 * batch of nothing. The readers themselves accept it (a bundle's optional file may be empty).
 */
export function requireRows<T extends { file: string; rows: readonly unknown[]; sha256: string }>(result: T): T {
  if (result.rows.length > 0) return result;
  const issue: Issue = { file: result.file, line: null, column: null, value: null, reason: 'the file has a header but no data rows: there is nothing to store' };
  throw new BadFileError(result.file, [issue], 1, result.sha256);
}
