// The hostile files of tools/fixtures/bad/MANIFEST.json that are too big to commit (entries with
// "generated": true). Each is written into a directory at test time, byte for byte the same on
// every run (the manifest pins each one's SHA-256), from a reused 1 MB buffer so that making
// them costs no memory either.
//
//   node -r ./tools/scripts/register-ts.js tools/corpus/make-corpus.ts DIR [NAME...]
import { FileHandle, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeZipBomb } from './zip-bomb';

const MiB = 1024 * 1024;
const ACTIVITY_HEADER = 'org_code,month,pod,currency,count\n';
const ACTIVITY_ROW = 'RXF,2025-04,EL,FF12A,1\n';

type Generator = (path: string) => Promise<void>;

export const GENERATORS: Readonly<Record<string, Generator>> = {
  /** A good row, one 200 MB line (an unquoted currency of 200 MiB of "A"), a good row. */
  'activity-200mb-line.csv': (path) =>
    withFile(path, async (out) => {
      await out.text(`${ACTIVITY_HEADER}${ACTIVITY_ROW}RXF,2025-04,EL,`);
      await out.repeat(Buffer.alloc(MiB, 'A'), 200);
      await out.text(',1\nRXF,2025-05,EL,FF12A,2\n');
    }),

  /** The whole file is one 200 MB line without a line break: the header never ends. */
  'finance-200mb-single-line.csv': (path) =>
    withFile(path, async (out) => {
      await out.text('org_code,month,category,');
      await out.repeat(Buffer.alloc(MiB, 'amount_gbp'), 200);
    }),

  /** A real ZIP of a 1 GiB activity.csv (valid rows, header once), about 1 MB on disk. */
  'activity-zip-bomb.csv': async (path) => {
    const rowsPerChunk = Math.floor(MiB / ACTIVITY_ROW.length);
    await writeZipBomb(path, {
      entryName: 'activity.csv',
      head: Buffer.from(ACTIVITY_HEADER),
      chunk: Buffer.from(ACTIVITY_ROW.repeat(rowsPerChunk)),
      repeats: 1024,
    });
  },

  /** 500,000 bad rows cycling through four faults: far more issues than are stored. */
  'activity-500k-bad-rows.csv': (path) =>
    withFile(path, async (out) => {
      const cycle = ['RXF,2025-04,EL,FF12A,-1\n', 'RXF,2025-13,EL,FF12A,1\n', 'RXF,2025-04,XX,FF12A,1\n', 'R!,2025-04,EL,FF12A,1\n'];
      await out.text(ACTIVITY_HEADER);
      await out.repeat(Buffer.from(cycle.join('').repeat(5000)), 25);
    }),

  /**
   * 480,000 plain records (over 4 MB, so read by the parallel reader) with four bad rows far
   * apart: lines 100,002 (impossible date), 250,003 (unknown POD), 400,004 (negative length of
   * stay) and 480,005, the last (a date with no day).
   */
  'activity_records-bad-rows-far-apart.csv': (path) =>
    withFile(path, async (out) => {
      const rows = (n: number) => Buffer.from('RXF,2025-04-01,EL,FF12A,2\n'.repeat(n));
      await out.text('org_code,date,pod,currency,los_days\n');
      await out.repeat(rows(10_000), 10);
      await out.text('RXF,2025-02-30,EL,FF12A,2\n');
      await out.repeat(rows(10_000), 15);
      await out.text('RXF,2025-04-01,XRAY,FF12A,2\n');
      await out.repeat(rows(10_000), 15);
      await out.text('RXF,2025-04-01,EL,FF12A,-7\n');
      await out.repeat(rows(10_000), 8);
      await out.text('RXF,2025-04,EL,FF12A,2\n');
    }),
};

export const GENERATED_NAMES = Object.keys(GENERATORS);

/** Writes one generated file into `dir` and returns its path. */
export async function makeCorpusFile(dir: string, name: string): Promise<string> {
  const generate = GENERATORS[name];
  if (!generate) throw new Error(`no generator for ${name} (known: ${GENERATED_NAMES.join(', ')})`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await generate(path);
  return path;
}

/** Writes the generated files named (default: all) into `dir`; returns name → path. */
export async function makeCorpus(dir: string, names: readonly string[] = GENERATED_NAMES): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const name of names) paths.set(name, await makeCorpusFile(dir, name));
  return paths;
}

interface Output {
  text(text: string): Promise<void>;
  repeat(chunk: Buffer, times: number): Promise<void>;
}

async function withFile(path: string, fill: (out: Output) => Promise<void>): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await fill({
      text: (text) => writeAll(handle, Buffer.from(text, 'utf8')),
      repeat: async (chunk, times) => {
        for (let i = 0; i < times; i++) await writeAll(handle, chunk);
      },
    });
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

async function main([dir, ...names]: string[]): Promise<void> {
  if (!dir) throw new Error('usage: make-corpus DIR [NAME...]');
  for (const [name, path] of await makeCorpus(dir, names.length ? names : GENERATED_NAMES)) console.log(`${name}\t${path}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
