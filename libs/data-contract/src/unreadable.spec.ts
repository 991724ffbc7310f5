import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { BadFileError, UnreadableFileError, readActivity, readFinance, readTrusts } from './index';
import { TempFiles, csv } from './testing/temp-files';

const files = new TempFiles();
afterAll(() => files.remove());

const HEADER = 'org_code,month,pod,currency,count';
const ROWS = [HEADER, 'RXF,2025-04,EL,FF12A,10', 'RXF,2025-05,EL,FF12A,11'];

async function rejection(read: Promise<unknown>): Promise<UnreadableFileError> {
  const error = await read.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(UnreadableFileError);
  expect(error).toBeInstanceOf(BadFileError);
  return error;
}

describe('files that cannot be read at all are rejected whole', () => {
  it('UTF-16 with a byte-order mark', async () => {
    const path = files.write('utf16.csv', Buffer.from(`\uFEFF${csv(ROWS)}`, 'utf16le'));
    const error = await rejection(readActivity(path, { onError: 'quarantine' }));
    expect(error.issues).toEqual([
      { file: 'utf16.csv', line: 1, column: null, value: null, reason: 'the file is UTF-16 encoded (expected UTF-8)' },
    ]);
    expect(error.message).toContain('utf16.csv');
  });

  it('UTF-16 without a byte-order mark (NUL bytes)', async () => {
    const error = await rejection(readActivity(files.write('utf16-nobom.csv', Buffer.from(csv(ROWS), 'utf16le'))));
    expect(error.reason).toMatch(/NUL bytes: binary or UTF-16 \(expected UTF-8 text\)/);
  });

  it('invalid UTF-8, reported at its line', async () => {
    const latin1 = Buffer.from(csv([...ROWS, 'RXF,2025-06,EL,FF12A,1,Caf\xe9']), 'latin1');
    const path = files.write('latin1.csv', latin1);
    const error = await rejection(readActivity(path));
    expect(error.issues[0].line).toBe(4);
    expect(error.reason).toMatch(/invalid UTF-8/);
  });

  it('a binary file', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const error = await rejection(readActivity(files.write('picture.csv', png)));
    expect(error.reason).toBe('the file is a PNG image, not CSV text (expected a UTF-8 CSV file)');
  });

  it('a compressed file says so rather than blaming the text encoding, however it is chunked', async () => {
    const gzipped = gzipSync(csv(ROWS));
    const byteByByte = Readable.from(Array.from(gzipped, (byte) => Buffer.from([byte])));
    const error = await rejection(readActivity({ stream: byteByByte, name: 'activity.csv' }));
    expect(error.issues).toEqual([
      { file: 'activity.csv', line: 1, column: null, value: null, reason: 'the file is gzip-compressed, not CSV text (expected a UTF-8 CSV file)' },
    ]);
    const zip = Buffer.from('504b03041400000008000000210000000000', 'hex');
    expect((await rejection(readActivity({ bytes: zip, name: 'activity.csv' }))).reason).toBe(
      'the file is a ZIP archive (a zipped file or an .xlsx workbook), not CSV text (expected a UTF-8 CSV file)',
    );
  });

  it('an empty file, or one holding only a byte-order mark and blank lines', async () => {
    for (const [name, content] of [['empty.csv', ''], ['bom-only.csv', '\uFEFF\r\n\r\n']]) {
      const error = await rejection(readActivity(files.write(name, content)));
      expect(error.issues[0]).toEqual({
        file: name,
        line: null,
        column: null,
        value: null,
        reason: 'the file is empty (expected a header line: org_code,month,pod,currency,count (optional: bed_days))',
      });
    }
  });

  it('a semicolon-separated file, naming the expected columns', async () => {
    const path = files.write('semicolons.csv', csv(ROWS.map((line) => line.replace(/,/g, ';'))));
    const error = await rejection(readActivity(path));
    expect(error.issues[0].line).toBe(1);
    expect(error.reason).toBe(
      'missing column(s) org_code, month, pod, currency, count: expected a comma-separated header with ' +
        'org_code,month,pod,currency,count (optional: bed_days), in any order; found ' +
        '"org_code;month;pod;currency;count" (it looks separated by ";"; columns must be separated by commas)',
    );
  });

  it('a file of another kind (wrong header)', async () => {
    const error = await rejection(readFinance(files.write('finance.csv', csv(ROWS))));
    expect(error.reason).toMatch(/^missing column\(s\) category, amount_gbp: expected a comma-separated header with org_code,month,category,amount_gbp/);
  });

  it('JSON instead of CSV', async () => {
    const error = await rejection(readTrusts(files.write('trusts.json', '{"org_code": "RXF"}\n')));
    expect(error.reason).toMatch(/^missing column\(s\) org_code, name, region, trust_type, peer_group: .* found a first line naming none of these columns \(not shown: the file is not a data-contract file\)$/);
  });

  it('never quotes the first line of a file that is not a data-contract file (a secret saved as trusts.csv)', async () => {
    const secret = 'root:$6$Zr8x1Qe0$saltedhashsaltedhash:19000:0:99999:7:::';
    const error = await rejection(readTrusts(files.write('trusts.csv', `${secret}\ndaemon:*:19000:0:99999:7:::\n`)));
    expect(error.issues).toEqual([expect.objectContaining({ line: 1, value: null })]);
    expect(`${error.message} ${JSON.stringify(error.issues)}`).not.toContain('root');
    expect(error.reason).toContain('not shown: the file is not a data-contract file');
    // A header that names contract columns is shown: that file was meant as trusts.csv.
    const meant = await rejection(readTrusts(files.write('trusts.csv', 'org_code;name;region;trust_type;peer_group\n')));
    expect(meant.reason).toContain('found "org_code;name;region;trust_type;peer_group" (it looks separated by ";"');
  });

  it('a header naming a contract column twice', async () => {
    const error = await rejection(readActivity(files.write('twice.csv', csv([`${HEADER},Count`]))));
    expect(error.reason).toBe('the header names column "count" 2 times');
  });

  it('a missing file', async () => {
    const error = await rejection(readActivity(`${files.dir}/nowhere/activity.csv`));
    expect(error.issues[0]).toMatchObject({ file: 'activity.csv', line: null, reason: 'no such file' });
  });
});

describe('hostile records', () => {
  it('reports a pathological single huge line and reads on', async () => {
    const huge = `RXF,2025-04,EL,${'A'.repeat(5 * 1024 * 1024)},1`;
    const path = files.write('huge.csv', csv([HEADER, huge, 'RXF,2025-04,EL,FF12A,2']));
    const result = await readActivity(path, { onError: 'quarantine' });
    expect(result.rows.map((row) => row.count)).toEqual([2]);
    expect(result.issues).toEqual([
      { file: 'huge.csv', line: 2, column: null, value: null, reason: 'malformed record: record longer than 4194304 characters' },
    ]);
  });

  it('reports an unclosed quote at its line', async () => {
    const path = files.write('unclosed.csv', csv([HEADER, 'RXF,2025-04,EL,FF12A,2', 'RXF,2025-04,"EL,FF12A,2', 'RXF,2025-05,EL,FF12A,2']));
    const result = await readActivity(path, { onError: 'quarantine' });
    expect(result.rows).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ line: 3, reason: 'malformed record: a quoted field is never closed (missing ")' });
  });
});

describe('memory', () => {
  const gc: () => void = (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc');
  })();

  /** `chunks` chunks of 1 MB of good rows, each followed by a bad row with a distinct 30-character POD. */
  function* spread(chunks: number): Generator<Buffer> {
    yield Buffer.from(`${HEADER}\n`);
    const good = Buffer.from('RXF,2025-04,EL,FF12A,1\n'.repeat(Math.floor((1024 * 1024) / 23)));
    for (let i = 0; i < chunks; i++) yield Buffer.concat([good, Buffer.from(`RXF,2025-04,BADPOD_${String(i).padStart(6, '0')}_xxxxxxxxxxxxxxxx,FF12A,1\n`)]);
  }

  it('kept issues and parser caches do not pin the 1 MB chunks their cells were sliced from', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const error: BadFileError = await readActivity({ stream: Readable.from(spread(64)), name: 'spread.csv' }).catch((e) => e);
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    expect(error.issues).toHaveLength(64);
    expect(error.issues[63]).toMatchObject({ line: 64 * 45590 + 65, column: 'pod', value: 'BADPOD_000063_xxxxxxxxxxxxxxxx' });
    // Pinned chunks would hold 64 MB or more; the issues themselves are a few kilobytes.
    expect(kept).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('reasons are one printable line', () => {
  it('escapes line breaks, NUL-like controls and bidi overrides from cells, so a cell cannot forge report lines', async () => {
    const text = csv([HEADER, 'RXF,2025-04,"EL\r\nactivity.csv:9:count: all fine",FF12A,1', 'RXF,2025-04,EL,FF12A,"1\u202e2"', 'RXF,2025-04,EL,FF12A,\u00074']);
    const error: BadFileError = await readActivity(files.write('forged.csv', text)).catch((e) => e);
    expect(error.issues.map(({ line, reason }) => [line, reason])).toEqual([
      [2, expect.stringMatching(/^unknown POD "EL\\r\\nactivity\.csv:9:count: all fine" \(expected one of EL, /)],
      [4, '"1\\u202e2" is not a number (counts are non-negative integers)'],
      [5, '"\\u00074" is not a number (counts are non-negative integers)'],
    ]);
    expect(error.issues[0].value).toBe('EL\r\nactivity.csv:9:count: all fine');
    expect(error.message.split('\n')).toHaveLength(1 + 3);
  });
});
