import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { Bundle, BUNDLE_FILES, BundleOptions, readBundle } from './bundle';
import { storeCacheEntry } from './cache-entry';
import { ReadResult } from './csv/reader';
import { plainExactBytes } from './csv/plain-exact';
import { RETURN_FILES } from './returns';
import { sourceHash } from './source-hash';

/**
 * A bundle read before, kept in a compact form keyed by the SHA-256 of every file it holds and
 * of the readers' own source: `nhsp compute` of one period of a seven-year national bundle spent
 * most of its time reading and validating the same 1.25 M rows that the previous command had
 * read. A cached bundle is the bundle readBundle returned (rows, issues, counts, hashes); any
 * change to a file's bytes, to the options or to the code that reads them is a different key,
 * so a cache entry is never stale. Off with NHSP_BUNDLE_CACHE=off; kept in NHSP_BUNDLE_CACHE_DIR
 * (default: the system's temporary folder), the last few bundles only.
 */
export async function readBundleCached(dir: string, options: BundleOptions = {}, only: BundleRowsKept = {}, knownKey?: string): Promise<Bundle> {
  if (!bundleCacheOn()) return keepRows(await readBundle(dir, options), only);
  const key = knownKey ?? (await bundleKey(dir, options));
  const path = join(cacheDir(), `${key}.bundle`);
  const cached = await readFile(path).catch(() => null);
  if (cached !== null) {
    // An entry this code cannot read (damaged on disk) is read again from the files.
    const bundle = (() => {
      try {
        return decodeBundle(cached, dir, only);
      } catch {
        return null;
      }
    })();
    if (bundle) return bundle;
  }
  const bundle = await readBundle(dir, options);
  const encoded = encodeBundle(bundle);
  if (encoded !== null) await storeCacheEntry(path, encoded, KEPT_ENTRIES).catch(() => undefined); // a cache that cannot be written is no cache, not an error
  return keepRows(bundle, only);
}

/**
 * Rows a caller does not need, left out of what is returned (every row is still read and
 * validated: issues and counts are the whole files'). One period of `nhsp compute` reads the
 * monthly returns of 14 of a seven-year bundle's 84 months, and their rows were two thirds of
 * the objects the run kept alive (and copied in every garbage collection).
 */
export interface BundleRowsKept {
  /** workforce.csv, operations.csv and medicines.csv: only rows of these months (YYYY-MM). */
  returnMonths?: ReadonlySet<string>;
  /**
   * activity.csv and finance.csv: only rows of these months, for a caller that has what the other
   * months give from elsewhere (the CLI's ledger cache: tools/cli/src/ledger-cache.ts).
   */
  activityMonths?: ReadonlySet<string>;
  /**
   * trust_costs.csv: only each trust's rows of its latest return year up to this one (the one
   * return a period's cost index reads; the other years were a fifth of the rows decoded).
   */
  trustCostsUpTo?: number;
}

/** Each trust's latest year up to `upTo` among rows 0..count−1 (row r of trust orgCode(r), year year(r)). */
function latestYears(count: number, orgCode: (r: number) => string, year: (r: number) => number, upTo: number): Map<string, number> {
  const latest = new Map<string, number>();
  for (let r = 0; r < count; r++) {
    const y = year(r);
    if (y <= upTo && !(latest.get(orgCode(r))! >= y)) latest.set(orgCode(r), y);
  }
  return latest;
}

/** The returns that are monthly (`month` field); trust costs are yearly and unit costs have no date. */
const MONTHLY_RETURNS = ['workforce', 'operations', 'medicines'] as const;

function keepRows(bundle: Bundle, only: BundleRowsKept): Bundle {
  const { returnMonths: months, trustCostsUpTo: upTo, activityMonths } = only;
  if (!months && upTo === undefined && !activityMonths) return bundle;
  const inMonths = <T extends { month: string }>(result: ReadResult<T> | null): ReadResult<T> | null =>
    result && activityMonths ? { ...result, rows: result.rows.filter((row) => activityMonths.has(row.month)) } : result;
  const [activity, finance] = [inMonths(bundle.activity), inMonths(bundle.finance)];
  const returns = { ...bundle.returns };
  for (const name of months ? MONTHLY_RETURNS : []) {
    const result = returns[name] as ReadResult<{ month: string }> | null;
    if (result) (returns as Record<string, unknown>)[name] = { ...result, rows: result.rows.filter((row) => months!.has(row.month)) };
  }
  const costs = returns.trustCosts;
  if (costs && upTo !== undefined) {
    const rows = costs.rows;
    const latest = latestYears(rows.length, (r) => rows[r].orgCode, (r) => rows[r].year, upTo);
    returns.trustCosts = { ...costs, rows: rows.filter((row) => latest.get(row.orgCode) === row.year) };
  }
  return { ...bundle, activity, finance, returns };
}

const FORMAT = 1;
const KEPT_ENTRIES = 4;

/** Whether bundles are cached (NHSP_BUNDLE_CACHE=off turns it off). */
export function bundleCacheOn(): boolean {
  return process.env.NHSP_BUNDLE_CACHE !== 'off';
}

/** The folder entries are kept in (NHSP_BUNDLE_CACHE_DIR, default the system's temporary folder). */
export function cacheDir(): string {
  return process.env.NHSP_BUNDLE_CACHE_DIR ?? join(tmpdir(), 'nhsp-bundle-cache');
}

/** SHA-256 of this library's and the domain's source: what decides how a file is read. */
function readersHash(): string {
  return sourceHash([__dirname, join(__dirname, '../../domain/src')]);
}

/** The key of a bundle's entry: its files' bytes, the readers' code and the options; what else a caller caches of the bundle can be keyed by it. */
export async function bundleKey(dir: string, options: BundleOptions = {}): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ FORMAT, code: readersHash(), onError: options.onError ?? 'reject', maxIssues: options.maxIssues ?? null }));
  for (const name of [...Object.values(BUNDLE_FILES), ...Object.values(RETURN_FILES)]) {
    const bytes = await readFile(join(dir, name)).catch(() => null);
    hash.update(`\u0000${name}\u0000`).update(bytes === null ? 'absent' : createHash('sha256').update(bytes).digest('hex'));
  }
  return hash.digest('hex');
}

/**
 * A ReadResult's rows by column, in a binary section after a JSON header: strings as Int32
 * indexes into a list of their distinct values, numbers as Float64 (NaN for null), decimals as
 * their exact text, one a line. Parsing the same rows as JSON text took a third of the time of
 * reading the CSV files again.
 */
type Kind = 'string' | 'number' | 'decimal' | 'json';
interface EncodedResult extends Omit<ReadResult<unknown>, 'rows'> {
  count: number;
  fields: string[];
  kinds: Kind[];
  dictionaries: (string[] | null)[];
  /** Byte offset and length of each column's section. */
  sections: [number, number][];
}

type Slots = Record<string, ReadResult<unknown> | null>;

function slots(bundle: Bundle): Slots {
  return {
    trusts: bundle.trusts,
    activity: bundle.activity,
    finance: bundle.finance,
    costWeights: bundle.costWeights,
    deflators: bundle.deflators,
    ...Object.fromEntries(Object.entries(bundle.returns).map(([name, result]) => [`returns.${name}`, result])),
  };
}

/** Sections laid end to end, each at a multiple of 8 bytes (Float64Array views need it). */
class Sections {
  readonly parts: Buffer[] = [];
  length = 0;

  add(bytes: Buffer): [number, number] {
    const at = this.length;
    const padded = Math.ceil(bytes.length / 8) * 8;
    this.parts.push(bytes, Buffer.alloc(padded - bytes.length));
    this.length += padded;
    return [at, bytes.length];
  }
}

/** The bundle as header and sections, or null when a row holds something this form cannot give back exactly. */
function encodeBundle(bundle: Bundle): Buffer | null {
  const sections = new Sections();
  const results: Record<string, EncodedResult | null> = {};
  for (const [name, result] of Object.entries(slots(bundle))) {
    if (!result) {
      results[name] = null;
      continue;
    }
    const encoded = encodeResult(result, sections);
    if (!encoded) return null;
    results[name] = encoded;
  }
  const header = Buffer.from(JSON.stringify({ FORMAT, issues: bundle.issues, issueCount: bundle.issueCount, results }));
  const start = Math.ceil((4 + header.length) / 8) * 8;
  const head = Buffer.alloc(start);
  head.writeUInt32LE(header.length, 0);
  header.copy(head, 4);
  return Buffer.concat([head, ...sections.parts]);
}

function encodeResult(result: ReadResult<unknown>, sections: Sections): EncodedResult | null {
  const { rows, ...rest } = result;
  const rowsOf = rows as Record<string, unknown>[];
  const fields = rowsOf.length ? Object.keys(rowsOf[0]) : [];
  // Every row must have exactly these fields, in this order, for the rows to come back the same.
  // (for-in, not Object.keys: no array per row of a million; an inherited field fails the test, so no entry)
  const same = rowsOf.every((row) => {
    let i = 0;
    for (const k in row) if (k !== fields[i++]) return false;
    return i === fields.length;
  });
  if (!same) return null;
  const kinds: Kind[] = [];
  const dictionaries: EncodedResult['dictionaries'] = [];
  const placed: [number, number][] = [];
  for (const field of fields) {
    const values = rowsOf.map((row) => row[field]);
    let kind: Kind;
    let bytes: Buffer;
    let dictionary: string[] | null = null;
    if (values.every((v) => typeof v === 'string')) {
      const positions = new Map<string, number>();
      // A file repeats a trust's code and month on hundreds of consecutive rows: the last index is tried first.
      let last: unknown = undefined;
      let lastIndex = -1;
      const indexes = Int32Array.from(values, (v) => {
        if (v !== last) {
          last = v;
          lastIndex = positions.get(v as string) ?? positions.set(v as string, positions.size).size - 1;
        }
        return lastIndex;
      });
      [kind, bytes, dictionary] = ['string', Buffer.from(indexes.buffer), [...positions.keys()]];
    } else if (values.every((v) => v === null || (typeof v === 'number' && !Number.isNaN(v)))) {
      [kind, bytes] = ['number', Buffer.from(Float64Array.from(values, (v) => (v === null ? NaN : (v as number))).buffer)];
    } else if (values.every((v) => v === null || (v instanceof Decimal && v.constructor === Exact && v.isFinite()))) {
      [kind, bytes] = ['decimal', Buffer.from(values.map((v) => (v === null ? '' : exactText(v as Decimal))).join('\n'))];
    } else if (values.every((v) => v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')) {
      [kind, bytes] = ['json', Buffer.from(JSON.stringify(values))];
    } else return null;
    kinds.push(kind);
    dictionaries.push(dictionary);
    placed.push(sections.add(bytes));
  }
  return { ...rest, count: rowsOf.length, fields, kinds, dictionaries, sections: placed };
}

/**
 * The decimal's exact text in plain notation, written from its inner form (digit words of 7,
 * exponent of the first digit, sign; `-0` kept): toFixed was most of the cost of writing an
 * entry. plainExact of this text gives the same form back (bundle-cache.spec.ts).
 */
function exactText(value: Decimal): string {
  const { d, e, s } = value as unknown as { d: number[]; e: number; s: number };
  if (d[0] === 0) return s < 0 ? '-0' : '0';
  let digits = String(d[0]);
  for (let i = 1; i < d.length; i++) digits += String(d[i]).padStart(7, '0');
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--; // the last word's padding
  digits = digits.slice(0, end);
  const whole = e + 1; // digits before the point
  const text =
    whole <= 0 ? `0.${'0'.repeat(-whole)}${digits}` : whole >= digits.length ? digits + '0'.repeat(whole - digits.length) : `${digits.slice(0, whole)}.${digits.slice(whole)}`;
  return s < 0 ? `-${text}` : text;
}

function decodeBundle(file: Buffer, dir: string, only: BundleRowsKept): Bundle | null {
  const length = file.readUInt32LE(0);
  const data = JSON.parse(file.toString('utf8', 4, 4 + length)) as {
    FORMAT: number;
    issues: Bundle['issues'];
    issueCount: number;
    results: Record<string, EncodedResult | null>;
  };
  if (data.FORMAT !== FORMAT) return null;
  // Typed-array views need an aligned offset: a copy where the file's buffer does not give one.
  const base = file.byteOffset % 8 === 0 ? file : Buffer.from(file);
  const body = Math.ceil((4 + length) / 8) * 8;
  const monthly = new Set<string>(MONTHLY_RETURNS.map((name) => `returns.${name}`));
  // Which rows of a result are kept, from its columns (by field name), as keepRows decides; null: every row.
  const keeper = (name: string): RowFilter | null => {
    const months = name === 'activity' || name === 'finance' ? only.activityMonths : only.returnMonths;
    if (months && (monthly.has(name) || name === 'activity' || name === 'finance')) {
      return (column) => {
        const month = column('month');
        return (r) => months.has(month(r) as string);
      };
    }
    const upTo = only.trustCostsUpTo;
    if (upTo !== undefined && name === 'returns.trustCosts') {
      return (column, count) => {
        const orgCode = column('orgCode') as (r: number) => string;
        const year = column('year') as (r: number) => number;
        const latest = latestYears(count, orgCode, year, upTo);
        return (r) => latest.get(orgCode(r)) === year(r);
      };
    }
    return null;
  };
  const result = (name: string): ReadResult<never> | null => {
    const encoded = data.results[name];
    return encoded ? (decodeResult(encoded, base, body, keeper(name)) as ReadResult<never>) : null;
  };
  return {
    dir,
    trusts: result('trusts')!,
    activity: result('activity'),
    finance: result('finance'),
    costWeights: result('costWeights'),
    deflators: result('deflators'),
    returns: {
      trustCosts: result('returns.trustCosts'),
      workforce: result('returns.workforce'),
      operations: result('returns.operations'),
      medicines: result('returns.medicines'),
      unitCosts: result('returns.unitCosts'),
    },
    issues: data.issues,
    issueCount: data.issueCount,
  };
}

/** One column of an entry, read row by row in order. */
type ColumnReader = (row: number) => unknown;

/**
 * Each value as the reader made it: the same strings (the dictionary's), numbers and decimal
 * form (plainExact, from the bytes). Decimals are parsed as their row is reached, from the bytes, so that a row
 * left out costs no decimal, and no array of a million strings outlives a garbage collection.
 */
/** A column's reader, and for a column read in row order (decimals), how to pass over a row left out. */
function columnReader(kind: Kind, dictionary: string[] | null, file: Buffer, start: number, length: number): { read: ColumnReader; skip: (() => void) | null } {
  const offset = file.byteOffset + start;
  switch (kind) {
    case 'string': {
      const indexes = new Int32Array(file.buffer, offset, length / 4);
      return { read: (r) => dictionary![indexes[r]], skip: null };
    }
    case 'number': {
      const numbers = new Float64Array(file.buffer, offset, length / 8);
      return { read: (r) => (Number.isNaN(numbers[r]) ? null : numbers[r]), skip: null };
    }
    case 'decimal': {
      // Texts one a line: a cursor moves through them in row order. Newlines are found by a loop
      // over the bytes, not Buffer.indexOf: a million calls into C++ cost more than the scan.
      const bytes = new Uint8Array(file.buffer, file.byteOffset, file.length);
      const end = start + length;
      let at = start;
      const next = (): number => {
        let i = at;
        while (i < end && bytes[i] !== 10) i++;
        return i;
      };
      return {
        read: () => {
          const stop = next();
          const value = stop === at ? null : plainExactBytes(bytes, at, stop);
          at = stop + 1;
          return value;
        },
        skip: () => {
          at = next() + 1;
        },
      };
    }
    default: {
      const values = JSON.parse(file.toString('utf8', start, start + length)) as unknown[];
      return { read: (r) => values[r], skip: null };
    }
  }
}

/**
 * The rows as one object literal each, made by a function written for the entry's fields: the
 * same fields in the same order as the readers' records, without a keyed store per field
 * (a row of a million went through a chain of hidden-class transitions before). The field
 * names are written as JSON string literals, so a damaged entry cannot make code of them.
 */
const rowMakers = new Map<string, (values: ColumnReader[], r: number) => Record<string, unknown>>();
function rowMaker(fields: string[]): (values: ColumnReader[], r: number) => Record<string, unknown> {
  const key = JSON.stringify(fields);
  let make = rowMakers.get(key);
  if (!make) {
    const literal = fields.map((field, c) => `${JSON.stringify(field)}: values[${c}](r)`).join(', ');
    make = new Function('values', 'r', `return { ${literal} };`) as (values: ColumnReader[], r: number) => Record<string, unknown>;
    rowMakers.set(key, make);
  }
  return make;
}

/**
 * Which rows to keep, given a reader of each column by field name (only string and number columns
 * can be read out of row order) and the number of rows; null when a field is not a column.
 */
type RowFilter = (column: (field: string) => ColumnReader, count: number) => (row: number) => boolean;

function decodeResult(encoded: EncodedResult, file: Buffer, body: number, filter: RowFilter | null): ReadResult<unknown> {
  const { count, fields, kinds, dictionaries, sections, ...rest } = encoded;
  const columns = sections.map(([at, length], c) => columnReader(kinds[c], dictionaries[c], file, body + at, length));
  const readers = columns.map((column) => column.read);
  const make = rowMaker(fields);
  const byField = (field: string): ColumnReader => {
    const c = fields.indexOf(field);
    if (c < 0 || (kinds[c] !== 'string' && kinds[c] !== 'number')) throw new Error(`no column ${field} to choose rows by`);
    return readers[c];
  };
  const keep = count > 0 && filter ? filter(byField, count) : null;
  // Only the columns read in row order move past a row left out (activity has none: 400k rows a period leaves out).
  const skips = columns.flatMap((column) => (column.skip ? [column.skip] : []));
  const rows: Record<string, unknown>[] = keep ? [] : new Array(count);
  if (!keep) {
    for (let r = 0; r < count; r++) rows[r] = make(readers, r);
  } else {
    for (let r = 0; r < count; r++) {
      if (keep(r)) rows.push(make(readers, r));
      else for (const skip of skips) skip();
    }
  }
  return { ...rest, rows };
}
