/**
 * Messages between the main thread and range-worker.js (plain JavaScript, so these types are
 * the only statement of the protocol: keep them in step with the worker).
 */

/** Contract columns the worker looks at, in the order the streaming reader checks each row. */
export const SLOTS = ['org_code', 'date', 'pod', 'currency', 'los_days'] as const;
export const LOS_SLOT = 4;

export interface RangeJob {
  path: string;
  /** Byte offsets; `start` is a line start, `end` a line start or the end of the file. */
  start: number;
  end: number;
  /** Fields in the header: a record with any other number is a bad row. */
  width: number;
  /** Position in the header of each SLOTS column, -1 for an absent optional column. */
  fields: number[];
  maxFields: number;
  /** Longest line (bytes, without its line break) the streaming reader would not call too long, + 1. */
  maxLineBytes: number;
  /** Distinct values per column the worker keeps before it gives the file back to the streaming reader. */
  dictionaryLimit: number;
}

export interface TupleTableExport {
  size: number;
  /** Five ids per tuple: org, date, pod, currency dictionary ids, and oddLos (0, or 1 + los id). */
  keys: Int32Array;
  count: Float64Array;
  /** Σ of plain-digit los_days cells. */
  days: Float64Array;
  /** Rows that had a plain-digit los_days cell. */
  daysRows: Float64Array;
  /** A sum went past 2^53: only the streaming reader reports that exactly. */
  overflow: boolean;
}

export interface ScannedMessage {
  type: 'scanned';
  /** LFs in the range: the next range's first line is this range's first line + `lines`. */
  lines: number;
  /** Records (blank lines not counted). */
  records: number;
  /** Records with a number of fields other than the header's. */
  misshapen: number;
  /** Per slot, the distinct cell values in id order. */
  values: string[][];
  /** Per los_days id, the value the worker summed for plain digits, else -1. */
  plainLos: number[];
  tuples: TupleTableExport;
}

export interface UnusualMessage {
  type: 'unusual';
  /** Line within the range (0-based). */
  line: number;
  reason: string;
}

export interface FoundIssue {
  /** Line within the range (0-based). */
  line: number;
  /** Index into SLOTS, or -1 for a record whose field count is not the header's. */
  slot: number;
  fieldCount: number;
  /** The cell, or the whole line for a misshapen record. */
  value: string;
}

export interface IssuesMessage {
  type: 'issues';
  issues: FoundIssue[];
}

export type WorkerMessage = ScannedMessage | UnusualMessage | IssuesMessage;

/** Main → worker: list the issues of bad values (`bad[slot][id] === 1`), stopping after `limit`. */
export interface FindIssuesRequest {
  type: 'issues';
  bad: Uint8Array[];
  limit: number;
}
