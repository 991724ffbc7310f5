import { Readable } from 'node:stream';
import { BadFileError, readActivity, readActivityRecords } from './index';
import { TempFiles, csv } from './testing/temp-files';

const files = new TempFiles();
afterAll(() => files.remove());

const known = ['RXF', 'RAN'];

const malformed = csv([
  'org_code,month,pod,currency,count', // 1
  'RXF,2025-04,EL,FF12A,10', // 2
  'RXF,2025-13,EL,FF12A,1', // 3
  'RXF,2025-04,XX,FF12A,1', // 4
  'RZZ,2025-04,EL,FF12A,1', // 5
  'RXF,2025-04,EL,FF12A,-3', // 6
  'RXF,2025-04,EL,FF12A,1.5', // 7
  'RXF,2025-04,EL,FF12A', // 8
  'RAN,2025-04,EL,,4', // 9
  'rxf,2025-04,el, ff12a ,5', // 10
  'RAN,April,DC,FF12A,many', // 11
  'R!,2025-04,DC,FF12A,2', // 12
]);

const expectedIssues = [
  { line: 3, column: 'month', value: '2025-13', reason: '"2025-13" is not a month: month 13 is not 1..12 (expected YYYY-MM)' },
  { line: 4, column: 'pod', value: 'XX', reason: expect.stringMatching(/^unknown POD "XX" \(expected one of EL, DC, /) },
  { line: 5, column: 'org_code', value: 'RZZ', reason: 'unknown trust "RZZ" (not in trusts.csv)' },
  { line: 6, column: 'count', value: '-3', reason: '"-3" is negative (counts are non-negative integers)' },
  { line: 7, column: 'count', value: '1.5', reason: '"1.5" is not a whole number (counts are non-negative integers)' },
  { line: 8, column: null, value: 'RXF,2025-04,EL,FF12A', reason: '4 field(s) where the header has 5' },
  { line: 9, column: 'currency', value: '', reason: 'currency is empty (a value is required)' },
  { line: 11, column: 'month', value: 'April', reason: '"April" is not a month (expected YYYY-MM)' },
  { line: 11, column: 'count', value: 'many', reason: '"many" is not a number (counts are non-negative integers)' },
  { line: 12, column: 'org_code', value: 'R!', reason: '"R!" is not an ODS organisation code (expected 3 to 5 letters and digits, e.g. RXF)' },
].map((issue) => ({ file: 'activity.csv', ...issue }));

describe('readActivity on bad rows', () => {
  const path = files.write('activity.csv', malformed);

  it('rejects by default, with every bad row as an issue and nothing returned', async () => {
    const error: BadFileError = await readActivity(path, { knownOrgCodes: known }).catch((e) => e);
    expect(error).toBeInstanceOf(BadFileError);
    expect(error.file).toBe('activity.csv');
    expect(error.issues).toEqual(expectedIssues);
    expect(error.issueCount).toBe(10);
    expect(error.message).toContain('activity.csv:6:count: "-3" is negative (counts are non-negative integers)');
  });

  it('quarantines: good rows summed and returned with the issues', async () => {
    const result = await readActivity(path, { knownOrgCodes: known, onError: 'quarantine' });
    expect(result.rows).toEqual([{ orgCode: 'RXF', month: '2025-04', pod: 'EL', currency: 'FF12A', count: 15, bedDays: null }]);
    expect(result.issues).toEqual(expectedIssues);
    expect(result.recordsRead).toBe(11);
    expect(result.badRecords).toBe(9);
  });

  it('accepts any well-formed org code when no trust list is given', async () => {
    const result = await readActivity(path, { onError: 'quarantine' });
    expect(result.rows.map((row) => row.orgCode)).toEqual(['RXF', 'RZZ']);
  });

  it('stores at most maxIssues issues but counts them all', async () => {
    const lines = ['org_code,month,pod,currency,count', ...Array.from({ length: 1500 }, () => 'RXF,2025-04,EL,FF12A,-1')];
    const result = await readActivity(files.write('many-bad.csv', csv(lines)), { onError: 'quarantine' });
    expect(result.issues).toHaveLength(1000);
    expect(result.issueCount).toBe(1500);
    expect(result.issues[999].line).toBe(1001);
  });
});

describe('readActivity tolerance', () => {
  it('takes columns in any order, names in any case, quoted fields, CRLF and optional bed days', async () => {
    const text = csv(
      [
        '\uFEFF Count ,extra,POD,Currency,MONTH,Org_Code,bed_days',
        '3,"x, y",nel_ls,"fz12a",2025-05,rxf,12',
        '2,,NEL_LS,FZ12A,2025-05,RXF,',
        '4,,NEL_LS,FZ12A,2025-05,RXF,3',
      ],
      '\r\n',
    );
    const result = await readActivity(files.write('any-order.csv', text), { knownOrgCodes: [' rxf '] });
    expect(result.rows).toEqual([{ orgCode: 'RXF', month: '2025-05', pod: 'NEL_LS', currency: 'FZ12A', count: 9, bedDays: 15 }]);
  });

  it('reads a Node stream under a display name, with chunks split inside characters', async () => {
    const bytes = Buffer.from(csv(['\uFEFForg_code,month,pod,currency,count,note', 'RXF,2025-04,EL,FF12A,1,café ✓', 'RXF,2025-04,EL,FF12A,2,naïve']));
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const result = await readActivity({ stream: Readable.from([Buffer.alloc(0), ...chunks]), name: 'upload-7.csv' });
    expect(result.columns[0]).toBe('org_code');
    expect(result.file).toBe('upload-7.csv');
    expect(result.rows[0].count).toBe(3);
  });

  it('reads a header-only file as valid with zero rows', async () => {
    const result = await readActivity(files.write('header-only.csv', 'org_code,month,pod,currency,count\r\n'));
    expect(result.rows).toEqual([]);
    expect(result.issueCount).toBe(0);
  });
});

describe('readActivityRecords', () => {
  it('aggregates one row per spell to counts by month, bed days = Σ los_days', async () => {
    const text = csv([
      'org_code,date,pod,currency,los_days', // 1
      'RXF,2025-04-01,EL,FF12A,3', // 2
      'RXF,2025-04-30,EL,ff12a,0', // 3
      'RXF,2025-05-02,EL,FF12A,', // 4
      'RXF,2025-02-29,EL,FF12A,1', // 5: 2025 is not a leap year
      'RXF,2025-04-03,EL,FF12A,2.5', // 6
      'RXF,04/05/2025,EL,FF12A,1', // 7
    ]);
    const result = await readActivityRecords(files.write('activity_records.csv', text), { onError: 'quarantine' });
    expect(result.rows).toEqual([
      { orgCode: 'RXF', month: '2025-04', pod: 'EL', currency: 'FF12A', count: 2, bedDays: 3 },
      { orgCode: 'RXF', month: '2025-05', pod: 'EL', currency: 'FF12A', count: 1, bedDays: null },
    ]);
    expect(result.issues.map(({ line, column, reason }) => ({ line, column, reason }))).toEqual([
      { line: 5, column: 'date', reason: '"2025-02-29" is not a calendar date (expected YYYY-MM-DD)' },
      { line: 6, column: 'los_days', reason: '"2.5" is not a whole number (lengths of stay are non-negative integers)' },
      { line: 7, column: 'date', reason: '"04/05/2025" is not a date (expected YYYY-MM-DD)' },
    ]);
  });
});

describe('counts are judged exactly, not as doubles', () => {
  it('calls 1e30 too large, and 1e-400 and 1.0000000000000001 fractional rather than 0 and 1', async () => {
    const text = csv([
      'org_code,month,pod,currency,count', // 1
      'RXF,2025-04,EL,FF12A,1e30', // 2
      'RXF,2025-04,EL,FF12A,1e400', // 3
      'RXF,2025-04,EL,FF12A,1e-400', // 4
      'RXF,2025-04,EL,FF12A,1.0000000000000001', // 5
      'RXF,2025-04,EL,FF12A,2.0', // 6
      'RXF,2025-04,EL,FF12A,-0', // 7
    ]);
    const result = await readActivity(files.write('exact-counts.csv', text), { onError: 'quarantine' });
    expect(result.issues.map(({ line, reason }) => [line, reason])).toEqual([
      [2, '"1e30" is too large (counts are non-negative integers)'],
      [3, '"1e400" is too large (counts are non-negative integers)'],
      [4, '"1e-400" is not a whole number (counts are non-negative integers)'],
      [5, '"1.0000000000000001" is not a whole number (counts are non-negative integers)'],
    ]);
    expect(result.rows.map((row) => row.count)).toEqual([2]);
  });
});

describe('currency codes', () => {
  it('are letters and digits: formulas, SQL and over-long text are bad cells, in records too', async () => {
    const text = csv([
      'org_code,month,pod,currency,count', // 1
      'RXF,2025-04,EL, ff12a ,1', // 2
      `RXF,2025-04,EL,"=cmd|' /C calc'!A0",1`, // 3
      "RXF,2025-04,EL,'; DROP TABLE activity; --,1", // 4
      `RXF,2025-04,EL,${'A'.repeat(21)},1`, // 5
    ]);
    const result = await readActivity(files.write('currencies.csv', text), { onError: 'quarantine' });
    const reason = 'is not an NCC currency code (expected up to 20 letters and digits, e.g. FF12A)';
    expect(result.issues.map(({ line, column, reason }) => [line, column, reason])).toEqual([
      [3, 'currency', `"=cmd|' /C calc'!A0" ${reason}`],
      [4, 'currency', `"'; DROP TABLE activity; --" ${reason}`],
      [5, 'currency', `"${'A'.repeat(21)}" ${reason}`],
    ]);
    expect(result.rows.map((row) => row.currency)).toEqual(['FF12A']);
    const records = await readActivityRecords(
      files.write('records-currency.csv', csv(['org_code,date,pod,currency', 'RXF,2025-04-01,EL,+SUM(A1:A9)'])),
      { onError: 'quarantine' },
    );
    expect(records.issues[0]).toMatchObject({ line: 2, column: 'currency', reason: `"+SUM(A1:A9)" ${reason}` });
  });
});
