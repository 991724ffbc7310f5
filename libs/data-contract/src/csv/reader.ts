import { BadFileError, DEFAULT_MAX_ISSUES, Issue, IssueCollector, OnError, UnreadableFileError, quoted } from '../issues';
import { CsvRecord, CsvRecordParser, DEFAULT_LIMITS, RecordLimits } from './record-parser';
import { CsvSource, EncodingProblem, Utf8Decoder, openSource, sourceName } from './source';
import { CellError, CellParser } from './values';

export interface ReadOptions {
  /** `reject` (default): any bad row fails the read. `quarantine`: good rows are returned with the issues. */
  onError?: OnError;
  /** Issues stored (all are counted); default 1000. */
  maxIssues?: number;
  /** Name used in issues; defaults to the file's base name (or the contract name for streams). */
  name?: string;
  limits?: Partial<RecordLimits>;
}

/** What every reader returns. */
export interface ReadResult<T> {
  file: string;
  rows: T[];
  /** Stored issues (at most `maxIssues`); empty unless read with `onError: 'quarantine'`. */
  issues: Issue[];
  /** All issues found, including those not stored. */
  issueCount: number;
  /** Data records read (header and blank lines not counted). */
  recordsRead: number;
  /** Records left out because they had at least one issue. */
  badRecords: number;
  /** The header as written in the file. */
  columns: string[];
  /** SHA-256 of the bytes read, hex, for recognising a file loaded before. */
  sha256: string;
  bytes: number;
}

/** The columns a file kind needs; names as the contract writes them, matched case-insensitively. */
export interface ColumnSpec {
  required: readonly string[];
  optional?: readonly string[];
}

/** A cursor over the current data record, reporting each bad cell as an issue. */
export class Row {
  fields: string[] = [];
  line = 0;
  ok = true;

  constructor(
    private readonly index: ReadonlyMap<string, number>,
    private readonly issues: IssueCollector,
    private readonly rejecting: boolean,
  ) {}

  /** False once a rejected read has an issue: nothing will be returned, so readers stop keeping rows. */
  get wanted(): boolean {
    return !(this.rejecting && this.issues.count > 0);
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  raw(column: string): string {
    const at = this.index.get(column);
    return at === undefined ? '' : this.fields[at];
  }

  /** Parses a cell that must hold a value; reports an issue and returns undefined when it does not. */
  parse<T>(column: string, parse: CellParser<T>): T | undefined {
    const raw = this.raw(column);
    if (raw.trim() === '') {
      this.fail(column, raw, `${column} is empty (a value is required)`);
      return undefined;
    }
    return this.attempt(column, raw, parse);
  }

  /** Parses a cell of an optional column: null when the column is absent or the cell empty. */
  parseOptional<T>(column: string, parse: CellParser<T>): T | null | undefined {
    const raw = this.raw(column);
    if (raw.trim() === '') return null;
    return this.attempt(column, raw, parse);
  }

  fail(column: string | null, value: string | null, reason: string): void {
    this.ok = false;
    this.issues.add(this.line, column, value, reason);
  }

  private attempt<T>(column: string, raw: string, parse: CellParser<T>): T | undefined {
    const outcome = parse.outcome;
    if (outcome !== undefined) {
      const hit = outcome(raw);
      if (hit.error === undefined) return hit.value;
      this.fail(column, raw, hit.error.message);
      return undefined;
    }
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      this.fail(column, raw, error.message);
      return undefined;
    }
  }
}

/** The file as a whole cannot be read; becomes an UnreadableFileError. */
class Unreadable extends Error {
  constructor(
    readonly line: number | null,
    reason: string,
  ) {
    super(reason);
  }
}

export interface CsvPass {
  file: string;
  issues: IssueCollector;
  columns: string[];
  recordsRead: number;
  badRecords: number;
  sha256: string;
  bytes: number;
  onError: OnError;
}

/**
 * Streams a CSV file through `onRow` once, header checked first. Memory is bounded by one
 * chunk, one record and what `onRow` keeps. Throws UnreadableFileError for a file that cannot
 * be read; row problems are left in `issues` for the caller to apply `onError`.
 */
export async function readCsv(
  source: CsvSource,
  contractName: string,
  spec: ColumnSpec,
  options: ReadOptions,
  onRow: (row: Row) => void,
): Promise<CsvPass> {
  const file = options.name ?? sourceName(source, contractName);
  const onError = options.onError ?? 'reject';
  const issues = new IssueCollector(file, options.maxIssues ?? DEFAULT_MAX_ISSUES);
  const decoder = new Utf8Decoder();
  let row: Row | null = null;
  let columns: string[] = [];
  let width = 0;
  let recordsRead = 0;
  let badRecords = 0;

  const onRecord = (record: CsvRecord): void => {
    if (!row) {
      if (record.problem) throw new Unreadable(record.line, `the header line is malformed: ${record.problem}`);
      columns = record.fields;
      width = record.fieldCount;
      row = new Row(columnIndex(columns, spec, record.line), issues, onError === 'reject');
      return;
    }
    recordsRead++;
    row.fields = record.fields;
    row.line = record.line;
    row.ok = true;
    if (record.problem) row.fail(null, null, `malformed record: ${record.problem}`);
    else if (record.fieldCount !== width) {
      row.fail(null, record.fields.join(','), `${record.fieldCount} field(s) where the header has ${width}`);
    } else onRow(row);
    if (!row.ok) badRecords++;
  };
  const parser = new CsvRecordParser(onRecord, { ...DEFAULT_LIMITS, ...options.limits });
  const push = (text: string): void => parser.push(text);

  try {
    for await (const chunk of openSource(source)) decoder.write(chunk, push);
    decoder.end(push);
    parser.end();
    if (!row) throw new Unreadable(null, `the file is empty (expected a header line: ${expectedHeader(spec)})`);
  } catch (error) {
    throw new UnreadableFileError({ file, column: null, value: null, ...explain(error, parser.line) });
  }
  return {
    file,
    issues,
    columns,
    recordsRead,
    badRecords,
    sha256: decoder.sha256,
    bytes: decoder.bytes,
    onError,
  };
}

function explain(error: unknown, line: number): { line: number | null; reason: string } {
  if (error instanceof Unreadable) return { line: error.line, reason: error.message };
  if (error instanceof EncodingProblem) return { line, reason: error.message };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return { line: null, reason: 'no such file' };
  if (code === 'EISDIR') return { line: null, reason: 'is a directory, not a file' };
  if (code) return { line: null, reason: `could not be read (${code})` };
  throw error;
}

/** Fails the read under `reject`, or returns the result with its issues under `quarantine`. */
export function finish<T>(pass: CsvPass, rows: T[]): ReadResult<T> {
  const { file, issues, columns, recordsRead, badRecords, sha256, bytes } = pass;
  if (issues.count > 0 && pass.onError === 'reject') {
    throw new BadFileError(file, issues.issues, issues.count, sha256);
  }
  return { file, rows, issues: issues.issues, issueCount: issues.count, recordsRead, badRecords, columns, sha256, bytes };
}

export function expectedHeader(spec: ColumnSpec): string {
  const optional = spec.optional?.length ? ` (optional: ${spec.optional.join(', ')})` : '';
  return `${spec.required.join(',')}${optional}`;
}

const normalise = (name: string): string => name.replace(/^\uFEFF/, '').trim().toLowerCase();

/** Maps each contract column to its position; a file without every required column is unreadable. */
function columnIndex(header: string[], spec: ColumnSpec, line: number): Map<string, number> {
  const positions = new Map<string, number[]>();
  header.forEach((name, at) => {
    const key = normalise(name);
    positions.set(key, [...(positions.get(key) ?? []), at]);
  });
  const index = new Map<string, number>();
  const missing: string[] = [];
  for (const column of [...spec.required, ...(spec.optional ?? [])]) {
    const at = positions.get(normalise(column));
    if (!at) {
      if (spec.required.includes(column)) missing.push(column);
      continue;
    }
    if (at.length > 1) throw new Unreadable(line, `the header names column ${quoted(column)} ${at.length} times`);
    index.set(column, at[0]);
  }
  if (missing.length > 0) {
    throw new Unreadable(
      line,
      `missing column(s) ${missing.join(', ')}: expected a comma-separated header with ${expectedHeader(spec)}, ` +
        `in any order; found ${shownHeader(header, spec)}`,
    );
  }
  return index;
}

/**
 * The header as a message may show it: quoted when it names a column of this contract (a file
 * meant as one, missing a column or split by the wrong separator); otherwise not at all, so that
 * an error never echoes the first line of a file that is not a data-contract file (a path to a
 * link to /etc/shadow once came back with its first line quoted).
 */
function shownHeader(header: string[], spec: ColumnSpec): string {
  const contract = new Set([...spec.required, ...(spec.optional ?? [])].map(normalise));
  const named = header.flatMap((cell) => cell.split(/[;\t|]/)).some((name) => contract.has(normalise(name)));
  if (named) return `${quoted(header.join(','))}${delimiterHint(header)}`;
  return 'a first line naming none of these columns (not shown: the file is not a data-contract file)';
}

function delimiterHint(header: string[]): string {
  if (header.length !== 1) return '';
  const used = [';', '\t', '|'].find((delimiter) => header[0].includes(delimiter));
  if (!used) return '';
  return ` (it looks separated by ${used === '\t' ? 'tabs' : `"${used}"`}; columns must be separated by commas)`;
}
