// Every file of the hostile corpus (tools/fixtures/bad/MANIFEST.json) through its data-contract
// reader: rejected with the exact file, line, column and reason the manifest states, nothing
// returned under `reject`, only the good rows under `quarantine`, and the big files read in
// bounded memory.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import { BadFileError, BundleError, formatIssue, neutraliseFormula, readActivityRecords, UnreadableFileError } from '@nhsp/data-contract';
import { GENERATED_NAMES, makeCorpus } from './make-corpus';
import { BAD_DIR, ManifestEntry, OnError, READER_NAMES, ReadOutcome, loadManifest, readEntry } from './manifest';
import { MB, measureMemory } from './memory';
import { centralDirectoryEntry } from './zip-bomb';

const manifest = loadManifest();
const entries = manifest.entries;
const byName = new Map(entries.map((entry) => [entry.file, entry]));
const NOT_CORPUS = new Set(['MANIFEST.json', '.gitattributes']);
const COMMIT_LIMIT = 100 * 1024;
/** Growth allowed while reading a 200 MB line or a zip bomb: generous, yet far below the file. */
const RSS_GROWTH_LIMIT = 300 * MB;
/** What a rejected read may keep: its issues, never the file. */
const HEAP_RETAINED_LIMIT = 32 * MB;

let generatedDir: string;
const paths = new Map<string, string>();

beforeAll(async () => {
  generatedDir = await mkdtemp(join(tmpdir(), 'hostile-corpus-'));
  for (const entry of entries.filter((e) => !e.generated)) paths.set(entry.file, join(BAD_DIR, entry.file));
  for (const [name, path] of await makeCorpus(generatedDir)) paths.set(name, path);
});
afterAll(() => (generatedDir ? rm(generatedDir, { recursive: true, force: true }) : undefined));

type Attempt = { value: ReadOutcome } | { error: Error };

/** Runs the read to completion, keeping whichever of value or error it gave. */
async function attempt(entry: ManifestEntry, onError: OnError): Promise<Attempt> {
  return readEntry(entry, paths.get(entry.file)!, onError).then(
    (value) => ({ value }),
    (error: Error) => ({ error }),
  );
}

function rejection(outcome: Attempt): BadFileError | BundleError {
  expect(outcome).not.toHaveProperty('value');
  const { error } = outcome as { error: Error };
  if (!(error instanceof BadFileError || error instanceof BundleError)) throw error;
  return error;
}

/** The manifest's issues, reasons as regular expressions, in reported order. */
function expectedIssues(entry: ManifestEntry) {
  return entry.issues!.map((issue) => ({
    file: issue.file ?? entry.file,
    line: issue.line,
    column: issue.column,
    reason: expect.stringMatching(new RegExp(issue.reason)),
  }));
}

function located(issues: ReadOutcome['issues'], count = issues.length) {
  return issues.slice(0, count).map(({ file, line, column, reason }) => ({ file, line, column, reason }));
}

function expectIssues(entry: ManifestEntry, issues: ReadOutcome['issues'], issueCount: number): void {
  const wanted = expectedIssues(entry);
  if (entry.storedIssues !== undefined) {
    expect(issues).toHaveLength(entry.storedIssues);
    expect(located(issues, wanted.length)).toEqual(wanted);
    expect(issues[issues.length - 1].line).toBe(entry.lastStoredLine);
  } else {
    expect(located(issues)).toEqual(wanted);
  }
  expect(issueCount).toBe(entry.issueCount);
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: MB }), hash);
  return hash.digest('hex');
}

describe('the corpus', () => {
  it('has at least 30 files, each committed one listed and small, each generated one made by make-corpus', () => {
    expect(entries.length).toBeGreaterThanOrEqual(30);
    expect(byName.size).toBe(entries.length);
    const committed = readdirSync(BAD_DIR).filter((name) => !NOT_CORPUS.has(name)).sort();
    expect(committed).toEqual(entries.filter((e) => !e.generated).map((e) => e.file).sort());
    for (const name of committed) {
      const info = statSync(join(BAD_DIR, name));
      const size = info.isDirectory() ? readdirSync(join(BAD_DIR, name)).reduce((n, f) => n + statSync(join(BAD_DIR, name, f)).size, 0) : info.size;
      expect([name, size <= COMMIT_LIMIT]).toEqual([name, true]);
    }
    expect(entries.filter((e) => e.generated).map((e) => e.file).sort()).toEqual([...GENERATED_NAMES].sort());
  });

  it('covers every reader', () => {
    expect(new Set(entries.map((e) => e.reader))).toEqual(new Set(READER_NAMES));
  });

  it('generates the same bytes every run: size and SHA-256 as pinned in the manifest', async () => {
    for (const entry of entries.filter((e) => e.generated)) {
      const path = paths.get(entry.file)!;
      expect([entry.file, statSync(path).size, await sha256(path)]).toEqual([entry.file, entry.bytes, entry.sha256]);
    }
  });

  it('the zip bomb is a real ZIP whose activity.csv expands to 1 GiB of CSV', async () => {
    const entry = entries.find((e) => e.zipEntry)!;
    const zip = readFileSync(paths.get(entry.file)!);
    const inside = centralDirectoryEntry(zip);
    expect(inside).toMatchObject({ name: entry.zipEntry!.name, uncompressed: entry.zipEntry!.uncompressedBytes });
    let expanded = 0;
    let crc = 0;
    let head = '';
    await pipeline(
      [zip.subarray(inside.dataOffset, inside.dataOffset + inside.compressed)],
      // 1 MB output chunks: with the default 16 KB, the callbacks cost more than inflating.
      createInflateRaw({ chunkSize: MB }),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (head.length < 64) head += chunk.toString('utf8', 0, 64);
          expanded += chunk.length;
          crc = crc32(chunk, crc);
          done();
        },
      }),
    );
    expect(expanded).toBe(entry.zipEntry!.uncompressedBytes);
    expect(crc).toBe(inside.crc);
    expect(head).toMatch(/^org_code,month,pod,currency,count\nRXF,2025-04,EL,FF12A,1\n/);
    expect(zip.length * 100).toBeLessThan(expanded);
  });
});

/** The read under `reject`; for the big files, also within the memory bounds. */
async function rejectingRead(entry: ManifestEntry): Promise<Attempt> {
  const read = () => attempt(entry, 'reject');
  if (!entry.measureMemory) return read();
  const { outcome, peakRssGrowth, heapRetained } = await measureMemory(read);
  expect(peakRssGrowth).toBeLessThan(RSS_GROWTH_LIMIT);
  expect(heapRetained).toBeLessThan(HEAP_RETAINED_LIMIT);
  return outcome;
}

const inBoundedMemory = (entry: ManifestEntry) =>
  entry.measureMemory ? `, in bounded memory (RSS growth < ${RSS_GROWTH_LIMIT / MB} MB, heap kept < ${HEAP_RETAINED_LIMIT / MB} MB)` : '';

describe.each(entries.filter((e) => e.expect === 'unreadable').map((e) => [e.file, e] as const))('unreadable: %s', (name, entry) => {
  it(`is rejected whole${inBoundedMemory(entry)}: ${entry.hostile}`, async () => {
    const error = rejection(await rejectingRead(entry));
    expect(error).toBeInstanceOf(UnreadableFileError);
    expect((error as UnreadableFileError).file).toBe(name);
    expectIssues(entry, error.issues, error.issueCount);
    const [issue] = error.issues;
    expect(error.message).toBe(`${name}: cannot be read\n${formatIssue(issue)}`);
    expect(error.message).toContain(issue.line === null ? `${name}: ` : `${name}:${issue.line}: `);
  });

  it('is rejected whole under quarantine too: no rows from a file that cannot be read', async () => {
    const error = rejection(await attempt(entry, 'quarantine'));
    expect(error).toBeInstanceOf(UnreadableFileError);
    expectIssues(entry, error.issues, error.issueCount);
  });
});

describe.each(entries.filter((e) => e.expect === 'bad-rows').map((e) => [e.file, e] as const))('bad rows: %s', (name, entry) => {
  it(`is rejected under reject with every bad row located, nothing returned${inBoundedMemory(entry)}: ${entry.hostile}`, async () => {
    const rejected = rejection(await rejectingRead(entry));
    expect(rejected).not.toBeInstanceOf(UnreadableFileError);
    expectIssues(entry, rejected.issues, rejected.issueCount);
    const first = rejected.issues[0];
    // The message a submitter reads: file:line:column: reason.
    expect(rejected.message).toContain(`${first.file}:${first.line}:${first.column ? `${first.column}:` : ''} ${first.reason}`);
    if (rejected instanceof BundleError) expect(rejected.rejectedFiles.sort()).toEqual(entry.rejectedFiles);
    else expect(rejected.file).toBe(name);
  });

  it('under quarantine returns only the good rows, with the same issues', async () => {
    const outcome = await attempt(entry, 'quarantine');
    if ('error' in outcome) throw outcome.error;
    expectIssues(entry, outcome.value.issues, outcome.value.issueCount);
    if (entry.rowsUnderQuarantine !== undefined) expect(outcome.value.rows).toHaveLength(entry.rowsUnderQuarantine);
  });
});

describe.each(entries.filter((e) => e.expect === 'valid').map((e) => [e.file, e] as const))('valid: %s', (_name, entry) => {
  it(`is read without error: ${entry.hostile}`, async () => {
    const outcome = await attempt(entry, 'reject');
    if ('error' in outcome) throw outcome.error;
    expect(outcome.value.rows).toHaveLength(entry.rowsUnderQuarantine!);
    expect(outcome.value.issueCount).toBe(0);
  });
});

describe.each(entries.filter((e) => e.expect === 'kept-as-data').map((e) => [e.file, e] as const))('kept as data: %s', (_name, entry) => {
  it(`keeps the text verbatim, and writing it for a spreadsheet defuses it: ${entry.hostile}`, async () => {
    const outcome = await attempt(entry, 'reject');
    if ('error' in outcome) throw outcome.error;
    const rows = outcome.value.rows as Record<string, unknown>[];
    expect(rows).toHaveLength(entry.rowsUnderQuarantine!);
    for (const [column, values] of Object.entries(entry.keptValues!)) {
      expect(rows.map((row) => row[column])).toEqual(values);
      for (const value of values.filter((v) => /^[=+\-@]/.test(v))) expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
  });
});

describe('the parallel records reader on a hostile file', () => {
  it('reports exactly what the streaming reader reports', async () => {
    const entry = byName.get('activity_records-bad-rows-far-apart.csv')!;
    const path = paths.get(entry.file)!;
    const choices: string[] = [];
    const read = (parallel: false | { onChoice: (choice: { path: string }) => void }) =>
      readActivityRecords(path, { onError: 'quarantine', parallel }).then(({ rows, issues, issueCount }) => ({ rows, issues, issueCount }));
    const parallel = await read({ onChoice: (choice) => choices.push(choice.path) });
    const streaming = await read(false);
    expect(choices).toEqual(['parallel']);
    expect(parallel).toEqual(streaming);
    expect(located(parallel.issues)).toEqual(expectedIssues(entry));
  });
});
