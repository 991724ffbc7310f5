import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { Bundle, BUNDLE_FILES, BundleOptions, readBundle } from './bundle';
import { ReadResult } from './csv/reader';
import { plainExact } from './csv/plain-exact';
import { RETURN_FILES } from './returns';

/**
 * A bundle read before, kept in a compact form keyed by the SHA-256 of every file it holds and
 * of the readers' own source: `nhsp compute` of one period of a seven-year national bundle spent
 * most of its time reading and validating the same 1.25 M rows that the previous command had
 * read. A cached bundle is the bundle readBundle returned (rows, issues, counts, hashes); any
 * change to a file's bytes, to the options or to the code that reads them is a different key,
 * so a cache entry is never stale. Off with NHSP_BUNDLE_CACHE=off; kept in NHSP_BUNDLE_CACHE_DIR
 * (default: the system's temporary folder), the last few bundles only.
 */
export async function readBundleCached(dir: string, options: BundleOptions = {}): Promise<Bundle> {
  if (process.env.NHSP_BUNDLE_CACHE === 'off') return readBundle(dir, options);
  const key = await bundleKey(dir, options);
  const path = join(cacheDir(), `${key}.bundle`);
  const cached = await readFile(path).catch(() => null);
  if (cached !== null) {
    // An entry this code cannot read (damaged on disk) is read again from the files.
    const bundle = (() => {
      try {
        return decodeBundle(cached, dir);
      } catch {
        return null;
      }
    })();
    if (bundle) return bundle;
  }
  const bundle = await readBundle(dir, options);
  const encoded = encodeBundle(bundle);
  if (encoded !== null) await store(path, encoded).catch(() => undefined); // a cache that cannot be written is no cache, not an error
  return bundle;
}

const FORMAT = 1;
const KEPT_ENTRIES = 4;

function cacheDir(): string {
  return process.env.NHSP_BUNDLE_CACHE_DIR ?? join(tmpdir(), 'nhsp-bundle-cache');
}

/** SHA-256 of this library's and the domain's source: what decides how a file is read. */
let codeHash: string | null = null;
function readersHash(): string {
  if (codeHash) return codeHash;
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(__dirname);
  walk(join(__dirname, '../../domain/src'));
  return (codeHash = hash.digest('hex'));
}

async function bundleKey(dir: string, options: BundleOptions): Promise<string> {
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
  const same = rowsOf.every((row) => {
    const keys = Object.keys(row);
    return keys.length === fields.length && keys.every((k, i) => k === fields[i]);
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
      const indexes = Int32Array.from(values, (v) => positions.get(v as string) ?? positions.set(v as string, positions.size).size - 1);
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

function decodeBundle(file: Buffer, dir: string): Bundle | null {
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
  const result = (name: string): ReadResult<never> | null => {
    const encoded = data.results[name];
    return encoded ? (decodeResult(encoded, base, body) as ReadResult<never>) : null;
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

function decodeResult(encoded: EncodedResult, file: Buffer, body: number): ReadResult<unknown> {
  const { count, fields, kinds, dictionaries, sections, ...rest } = encoded;
  // Each value as the reader made it: the same strings, numbers and decimal form (plainExact).
  const decoded = sections.map(([at, length], c): unknown[] => {
    const offset = file.byteOffset + body + at;
    const values: unknown[] = new Array(count);
    switch (kinds[c]) {
      case 'string': {
        const dictionary = dictionaries[c]!;
        const indexes = new Int32Array(file.buffer, offset, length / 4);
        for (let r = 0; r < count; r++) values[r] = dictionary[indexes[r]];
        return values;
      }
      case 'number': {
        const numbers = new Float64Array(file.buffer, offset, length / 8);
        for (let r = 0; r < count; r++) values[r] = Number.isNaN(numbers[r]) ? null : numbers[r];
        return values;
      }
      case 'decimal': {
        const texts = file.toString('utf8', body + at, body + at + length).split('\n');
        for (let r = 0; r < count; r++) values[r] = texts[r] === '' ? null : plainExact(texts[r]);
        return values;
      }
      default:
        return JSON.parse(file.toString('utf8', body + at, body + at + length)) as unknown[];
    }
  });
  const rows: Record<string, unknown>[] = new Array(count);
  for (let r = 0; r < count; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < fields.length; c++) row[fields[c]] = decoded[c][r];
    rows[r] = row;
  }
  return { ...rest, rows };
}

/** Written whole then renamed, so that a reader never sees half an entry; older entries beyond the last few are removed. */
async function store(path: string, bytes: Buffer): Promise<void> {
  const dir = cacheDir();
  await mkdir(dir, { recursive: true });
  const partial = `${path}.${randomUUID()}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, path);
  const entries = (await readdir(dir)).filter((name) => name.endsWith('.bundle'));
  if (entries.length <= KEPT_ENTRIES) return;
  const dated = await Promise.all(entries.map(async (name) => ({ name, at: (await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0 })));
  for (const { name } of dated.sort((a, b) => b.at - a.at).slice(KEPT_ENTRIES)) await rm(join(dir, name), { force: true });
}
