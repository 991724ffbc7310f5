import { execFileSync } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { ActivityReadOptions, readActivityRecords } from '../activity';
import { TempFiles, csv } from '../testing/temp-files';
import { ReadChoice } from './parallel-records';
import { lineAlignedBoundaries } from './plan';

const files = new TempFiles();
afterAll(() => files.remove());

const HEADER = 'org_code,date,pod,currency,los_days';
const KNOWN = ['RXF', 'RAN', 'RJ7', 'RWF'];

/** Deterministic records: a few trusts, two months, a few PODs and currencies, some empty los_days. */
function generatedLines(count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return (state >>> 0) % n;
  };
  const pick = <T>(values: T[]): T => values[next(values.length)];
  return Array.from({ length: count }, () => {
    const day = String(1 + next(30)).padStart(2, '0');
    const los = next(5) === 0 ? '' : String(next(40));
    return [pick(['RXF', 'rxf', 'RAN', 'RJ7', 'RWF']), `2025-0${pick([4, 5])}-${day}`, pick(['EL', 'DC', 'NEL_LS', 'op', 'AE']), pick(['FF12A', 'HN12E', 'WF01B']), los].join(',');
  });
}

/** Bad variants of a row; a variant of another length makes the row misshapen instead, so range boundaries do not move. */
const FAULTS: ((fields: string[]) => string[])[] = [
  ([org, ...rest]) => [`${org[0]}!${org.slice(2)}`, ...rest], // not an ODS code
  ([, ...rest]) => ['RZZ', ...rest], // unknown trust
  ([org, date, ...rest]) => [org, `${date.slice(0, 5)}02-30`, ...rest], // not a calendar date
  ([org, date, pod, ...rest]) => [org, date, 'X'.repeat(pod.length), ...rest], // unknown POD
  ([org, date, pod, ...rest]) => [org, date, ' '.repeat(pod.length), ...rest], // POD empty
  ([org, date, pod, currency, los]) => [`#${org.slice(1)}`, date, pod, `${currency.slice(0, 2)}-${currency.slice(3)}`, los], // two bad cells
  ([org, date, pod, currency, los]) => [org, date, pod, currency, `-${los}`.slice(0, los.length)], // negative or not a number
];

function plant(lines: string[], at: Iterable<number>): void {
  let fault = 0;
  for (const index of at) {
    if (index < 1 || index >= lines.length) continue;
    const planted = FAULTS[fault++ % FAULTS.length](lines[index].split(',')).join(',');
    const sameLength = planted.length === lines[index].length && planted !== lines[index];
    lines[index] = sameLength ? planted : lines[index].replace(/,([^,]*)$/, ';$1');
  }
}

/** 0-based indexes (header = 0) of the first and last line of every range `workers` ranges would cut. */
async function linesAroundBoundaries(path: string, text: string, workers: number): Promise<number[]> {
  const handle = await open(path, 'r');
  const size = (await handle.stat()).size;
  const dataStart = text.indexOf('\n') + 1;
  const boundaries = await lineAlignedBoundaries(handle, dataStart, size, workers);
  await handle.close();
  expect(boundaries.length).toBe(workers + 1);
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length - 1;
  return boundaries.slice(1, -1).flatMap((boundary) => [lineAt(boundary) - 1, lineAt(boundary)]);
}

type Outcome = { ok: unknown } | { error: Record<string, unknown> };

async function settle(read: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: await read };
  } catch (error) {
    const { name, message, issues, issueCount, sha256 } = error as Record<string, unknown>;
    return { error: { name, message, issues, issueCount, sha256 } };
  }
}

/** Reads the file both ways; the outcomes (rows, issues, counts, sha256, or the error) must be equal. */
async function bothWays(path: string, options: ActivityReadOptions, workers: number): Promise<{ choice: ReadChoice; outcome: Outcome }> {
  const choices: ReadChoice[] = [];
  const parallel = await settle(readActivityRecords(path, { ...options, parallel: { workers, minBytes: 0, onChoice: (c) => choices.push(c) } }));
  const streaming = await settle(readActivityRecords(path, { ...options, parallel: false }));
  expect(parallel).toEqual(streaming);
  expect(choices).toHaveLength(1);
  return { choice: choices[0], outcome: parallel };
}

describe('activity_records.csv read in parallel equals the streaming read', () => {
  it.each([
    ['LF', '\n', 4],
    ['CRLF', '\r\n', 3],
  ])('%s: bad rows planted on both sides of every range boundary', async (_name, eol, workers) => {
    const lines = [HEADER, ...generatedLines(6000, 7)];
    const path = files.write(`planted-${workers}.csv`, csv(lines, eol));
    const around = await linesAroundBoundaries(path, csv(lines, '\n').replaceAll('\n', eol), workers);
    plant(lines, [...around, 1, 2, 500, 501, 502, lines.length - 1]);
    const text = csv(lines, eol);
    files.write(`planted-${workers}.csv`, text);
    expect(await linesAroundBoundaries(path, text, workers)).toEqual(around);

    const quarantined = await bothWays(path, { knownOrgCodes: KNOWN, onError: 'quarantine' }, workers);
    expect(quarantined.choice).toEqual({ path: 'parallel', workers });
    const result = (quarantined.outcome as { ok: { issues: { line: number }[]; rows: unknown[]; issueCount: number } }).ok;
    const badLines = new Set(result.issues.map((issue) => issue.line));
    for (const index of around) expect(badLines).toContain(index + 1);
    expect(result.issueCount).toBeGreaterThan(around.length);
    expect(result.rows.length).toBeGreaterThan(50);

    const rejected = await bothWays(path, { knownOrgCodes: KNOWN }, workers);
    expect(rejected.choice.path).toBe('parallel');
    expect((rejected.outcome as { error: { name: string } }).error.name).toBe('BadFileError');
  });

  it('stores the first maxIssues issues across ranges and counts the rest', async () => {
    const lines = [HEADER, ...generatedLines(3000, 11)];
    plant(lines, Array.from({ length: 1500 }, (_, i) => 2 * i + 1));
    const path = files.write('many-bad.csv', csv(lines));
    for (const maxIssues of [1, 7, 400, 5000]) {
      const { choice, outcome } = await bothWays(path, { knownOrgCodes: KNOWN, onError: 'quarantine', maxIssues }, 4);
      expect(choice.path).toBe('parallel');
      const { issues, issueCount } = (outcome as { ok: { issues: unknown[]; issueCount: number } }).ok;
      expect(issues).toHaveLength(Math.min(maxIssues, issueCount));
    }
  });

  it('judges odd lengths of stay, blank and misshapen lines, codes in any case and spacing', async () => {
    const lines = [
      HEADER, // 1
      'rxf,2025-04-01, el ,ff12a,2.0', // 2: whole number written as a decimal
      'RXF,2025-04-02,EL,FF12A, 3 ', // 3
      '', // 4: blank
      '   ', // 5: whitespace only, also blank
      'RXF,2025-04-03,EL,FF12A,1e3', // 6
      'RXF,2025-04-04,EL,FF12A,-1', // 7
      'RXF,2025-04-05,EL,FF12A,   ', // 8: empty after trimming
      'RXF,2025-04-06,EL,FF12A,1.5', // 9
      'RXF,2025-04-07,EL,FF12A,9007199254740993', // 10: too large
      'RXF,2025-04-08,EL', // 11: too few fields
      'RXF,2025-04-09,EL,FF12A,4,extra', // 12: too many
      ',,,,', // 13: every cell empty
      'RAN,2025-04-31,DC,FF12A,000012', // 14
      'RAN,2025-04-30,DC,FF12A,000012', // 15
    ];
    const path = files.write('odd-values.csv', csv(lines));
    for (const workers of [1, 2, 5]) {
      const { choice, outcome } = await bothWays(path, { knownOrgCodes: KNOWN, onError: 'quarantine' }, workers);
      expect(choice.path).toBe('parallel');
      const { rows } = (outcome as { ok: { rows: unknown[] } }).ok;
      expect(rows).toEqual([
        { orgCode: 'RXF', month: '2025-04', pod: 'EL', currency: 'FF12A', count: 4, bedDays: 1005 },
        { orgCode: 'RAN', month: '2025-04', pod: 'DC', currency: 'FF12A', count: 1, bedDays: 12 },
      ]);
    }
  });

  it('reads a file smaller than the worker count, with or without a final line break', async () => {
    const cases = {
      'one-row.csv': `${HEADER}\nRXF,2025-04-01,EL,FF12A,3`,
      'one-bad-row.csv': `${HEADER}\r\nRXF,2025-04-31,EL,FF12A,3\r\n`,
      'header-only.csv': `${HEADER}\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const path = files.write(name, text);
      for (const onError of ['quarantine', 'reject'] as const) {
        const { choice } = await bothWays(path, { onError }, 16);
        expect(choice.path).toBe('parallel');
        expect(text.length).toBeLessThan(100);
      }
    }
  });

  it('takes any column order, extra columns, a byte-order mark, UTF-8 text and no los_days column', async () => {
    const text = csv(['\uFEFFnote,POD,Date,currency,ORG_CODE', 'café ✓,EL,2025-04-01,FF12A,RXF', 'naïve,EL,2025-04-02,FF12A,RXF', 'x,EL,2025-04-02,FF12A,RQQ']);
    const { choice, outcome } = await bothWays(files.write('reordered.csv', text), { onError: 'quarantine', knownOrgCodes: KNOWN }, 2);
    expect(choice.path).toBe('parallel');
    expect((outcome as { ok: { rows: unknown[] } }).ok.rows).toEqual([
      { orgCode: 'RXF', month: '2025-04', pod: 'EL', currency: 'FF12A', count: 2, bedDays: null },
    ]);
  });
});

describe('worker threads', () => {
  it('start in a process run with V8 flags and a TypeScript loader (as services and the CLI are)', () => {
    const root = join(__dirname, '../../../..');
    const path = files.write('flags.csv', csv([HEADER, 'RXF,2025-04-01,EL,FF12A,3', 'RXF,2025-04-02,EL,FF12A,4']));
    const script = `require('./libs/data-contract/src/activity.ts').readActivityRecords(${JSON.stringify(path)}, { parallel: { minBytes: 0, workers: 2, onChoice: (c) => console.log(JSON.stringify(c)) } }).then((r) => console.log(JSON.stringify(r.rows)))`;
    const out = execFileSync(process.execPath, ['--max-old-space-size=512', '-r', './tools/scripts/register-ts.js', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(out.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { path: 'parallel', workers: 2 },
      [{ orgCode: 'RXF', month: '2025-04', pod: 'EL', currency: 'FF12A', count: 2, bedDays: 7 }],
    ]);
  });
  it('agrees on random files of near-valid cells, stray separators, spaces, UTF-8 and line breaks', async () => {
    const cells = {
      org: ['RXF', 'rxf', ' RAN ', 'RZZ', 'R!', '', 'RJ7\t', 'ŔXF'],
      date: ['2025-04-01', '2025-04-31', '2024-02-29', '2025-4-1', ' 2025-05-02 ', '', '2025-04-01x'],
      pod: ['EL', 'el', 'NEL_LS', 'XX', ' ', '', 'OP'],
      currency: ['FF12A', 'ff12a', 'HN12E', 'FF-2A', '', 'WF01B '],
      los: ['3', '', '0', '007', '2.0', '-1', '1e2', ' 4 ', '9007199254740993', 'x', '12'],
    };
    const breaks = ['\n', '\r\n'];
    for (let seed = 1; seed <= 12; seed++) {
      let state = seed * 7919;
      const next = (n: number): number => {
        state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
        return state % n;
      };
      const pick = (values: string[]): string => values[next(values.length)];
      const lines = Array.from({ length: 400 }, () => {
        const roll = next(40);
        if (roll === 0) return '';
        if (roll === 1) return '  ';
        const row = [pick(cells.org), pick(cells.date), pick(cells.pod), pick(cells.currency), pick(cells.los)];
        if (roll === 2) row.pop();
        if (roll === 3) row.push('extra');
        return row.join(',');
      });
      const eol = breaks[seed % 2];
      const text = [HEADER, ...lines].join(eol) + (seed % 3 === 0 ? '' : eol);
      const path = files.write(`random-${seed}.csv`, text);
      const { choice } = await bothWays(path, { knownOrgCodes: KNOWN, onError: 'quarantine', maxIssues: 50 + seed * 20 }, 1 + (seed % 4));
      expect(choice.path).toBe('parallel');
    }
  });

  it('serves concurrent reads, each with its own result', async () => {
    const texts = [1, 2, 3].map((seed) => csv([HEADER, ...generatedLines(2000 * seed, seed)]));
    const paths = texts.map((text, i) => files.write(`concurrent-${i}.csv`, text));
    const parallel = { minBytes: 0, workers: 2 };
    const together = await Promise.all(paths.map((path) => readActivityRecords(path, { parallel })));
    for (const [i, path] of paths.entries()) {
      expect(together[i]).toEqual(await readActivityRecords(path, { parallel: false }));
      expect(together[i].recordsRead).toBe(2000 * (i + 1));
    }
  });
});

describe('files that are not plain are read by the streaming reader', () => {
  const rows = ['RXF,2025-04-01,EL,FF12A,3', 'RXF,2025-04-02,EL,FF12A,4'];
  it.each([
    ['a quoted field', csv([HEADER, rows[0], '"RXF",2025-04-02,EL,FF12A,4']), /quoted field/],
    ['a lone CR line break', `${HEADER}\n${rows[0]}\r${rows[1]}\n`, /lone CR/],
    ['Latin-1 bytes', Buffer.concat([Buffer.from(`${HEADER},note\n${rows[0]},caf`), Buffer.from([0xe9]), Buffer.from('\n')]), /not UTF-8/],
    ['a NUL byte', Buffer.from(`${HEADER}\n${rows[0]}\n\0${rows[1]}\n`), /NUL/],
    ['a quoted header', csv(['"org_code",date,pod,currency', rows[0]]), /header/],
    ['an empty file', '', /header/],
  ])('%s', async (name, content, reason) => {
    const path = files.write(`${name.replace(/\W+/g, '-')}.csv`, content);
    const { choice } = await bothWays(path, { onError: 'quarantine' }, 2);
    expect(choice).toEqual({ path: 'streaming', reason: expect.stringMatching(reason) });
  });

  it('a record longer than the record limit', async () => {
    const path = files.write('long.csv', csv([HEADER, ...rows, `RXF,2025-04-03,EL,${'F'.repeat(200)},1`]));
    const { choice } = await bothWays(path, { onError: 'quarantine', limits: { maxRecordChars: 100 } }, 2);
    expect(choice).toEqual({ path: 'streaming', reason: expect.stringMatching(/longer than the record limit/) });
  });

  it('a source that is not a file path, and a file under minBytes by default', async () => {
    const choices: ReadChoice[] = [];
    const onChoice = (choice: ReadChoice): number => choices.push(choice);
    await readActivityRecords({ bytes: csv([HEADER, ...rows]), name: 'upload.csv' }, { parallel: { onChoice } });
    await readActivityRecords(files.write('small.csv', csv([HEADER, ...rows])), { parallel: { onChoice } });
    expect(choices).toEqual([
      { path: 'streaming', reason: 'not a file path' },
      { path: 'streaming', reason: expect.stringMatching(/^smaller than \d+ bytes$/) },
    ]);
  });
});
