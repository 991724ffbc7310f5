import { join } from 'node:path';
import { formatIssues, neutraliseFormula, readTrusts, toCsv } from './index';

describe('toCsv', () => {
  it('quotes per RFC 4180, ends every line with \\n and writes null as empty', () => {
    expect(toCsv(['org_code', 'name', 'value'], [['RXF', 'A, B "C"', 1.5], ['RAN', 'two\nlines', null]])).toBe(
      'org_code,name,value\nRXF,"A, B ""C""",1.5\nRAN,"two\nlines",\n',
    );
  });

  it('neutralises every text cell a spreadsheet would run as a formula, numbers kept', () => {
    const rows = [['=HYPERLINK("http://evil.example","x")', '@SUM(1+1)', '+1+2', '-0.05'], ['\tcmd', '－1+1', 'Acute - Teaching', '-2']];
    expect(toCsv(['a', 'b', 'c', 'd'], rows)).toBe(
      'a,b,c,d\n"\'=HYPERLINK(""http://evil.example"",""x"")",\'@SUM(1+1),\'+1+2,-0.05\n\'\tcmd,\'－1+1,Acute - Teaching,-2\n',
    );
  });

  it('writes every real trust name unchanged', async () => {
    const { rows } = await readTrusts(join(__dirname, '../../../tools/fixtures/sample/trusts.csv'));
    expect(rows.length).toBeGreaterThan(100);
    const written = toCsv(['name', 'region', 'peer_group'], rows.map((t) => [t.name, t.region, t.peerGroup]));
    expect(written).toBe(['name,region,peer_group', ...rows.map((t) => [t.name, t.region, t.peerGroup].map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))].join('\n') + '\n');
    expect(rows.map((t) => neutraliseFormula(t.name))).toEqual(rows.map((t) => t.name));
  });

  it('refuses rows whose width differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['x']])).toThrow('CSV row 2 has 1 cells where the header has 2');
  });
});

describe('neutraliseFormula', () => {
  it('prefixes text that a spreadsheet would run as a formula', () => {
    expect(neutraliseFormula("'=SUM(A1)")).toBe("'=SUM(A1)");
    expect(['=SUM(A1)', '+1+2', '-cmd', '@x', '\tx', '\rx'].map(neutraliseFormula)).toEqual([
      "'=SUM(A1)",
      "'+1+2",
      "'-cmd",
      "'@x",
      "'\tx",
      "'\rx",
    ]);
  });

  it('leaves numbers, plain text and non-text alone', () => {
    expect(['-0.05', '+3', '-1.2E-3', 'Acute - Teaching', ''].map(neutraliseFormula)).toEqual(['-0.05', '+3', '-1.2E-3', 'Acute - Teaching', '']);
    expect([-3, null].map(neutraliseFormula)).toEqual([-3, null]);
  });
});

describe('formatIssues', () => {
  it('writes file:line:column: reason, and says how many were not stored', () => {
    const issue = { file: 'activity.csv', line: 17, column: 'count', value: '-3', reason: '"-3" is negative (counts are non-negative integers)' };
    expect(formatIssues([issue], 5)).toBe(
      'activity.csv:17:count: "-3" is negative (counts are non-negative integers)\n… and 4 more issue(s) not listed',
    );
  });
});
