import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../args';
import { computeCommand } from './compute';

// The golden bundle plus a notifications.csv: TRUST_NOTIFICATION goes on exactly the trusts
// with a notification for a base or current month of the period, after their other flags,
// and nothing else in estimates.csv moves.
const GOLDEN = resolve(__dirname, '../../../fixtures/golden');

const NOTIFICATIONS = [
  'org_code,month,category,text',
  'RXF,2025-05,epr_go_live,"EPR went live on 12 May 2025, coding backlog"',
  'ryr,2024-06,restated_finance,Base-year agency spend restated',
  'R1D,2025-08,coding_change,After the period: touches 2025-08 onwards only',
].join('\n');

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await computeCommand.run(parseArgs(argv)), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('cli compute with notifications.csv', () => {
  let tmp: string;
  let bundle: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'nhsp-notifications-'));
    bundle = join(tmp, 'bundle');
    await cp(join(GOLDEN, 'bundle'), bundle, { recursive: true });
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('flags TRUST_NOTIFICATION on the touched trusts in estimates.csv and lists the notifications in the summary', async () => {
    await writeFile(join(bundle, 'notifications.csv'), `${NOTIFICATIONS}\n`);
    const result = await run(['--data', bundle, '--period', '2025-06', '--out', join(tmp, 'out')]);
    expect(result.code).toBe(0);

    const expected = parseCsv(await readFile(join(GOLDEN, 'expected-2025-06/estimates.csv'), 'utf8'));
    const actual = new Map(parseCsv(await readFile(join(tmp, 'out/estimates.csv'), 'utf8')).map((r) => [r.org_code, r]));
    const flags = Object.fromEntries(expected.map((e) => [e.org_code, actual.get(e.org_code)!.flags]));
    const wanted = Object.fromEntries(expected.map((e) => [e.org_code, e.flags]));
    // RXF: current month 2025-05; RYR: base month 2024-06; R1D's 2025-08 is outside Month 3 of 2025/26.
    expect(flags).toEqual({ ...wanted, RXF: 'UNWEIGHTED_ACTIVITY|TRUST_NOTIFICATION', RYR: 'POD_SHIFT|OUTLIER|TRUST_NOTIFICATION' });
    // A notification explains a figure; it does not change it.
    for (const e of expected) {
      const mine = actual.get(e.org_code)!.productivity_growth;
      if (e.productivity_growth === '') expect(mine).toBe('');
      else expect(Math.abs(Number(mine) - Number(e.productivity_growth))).toBeLessThanOrEqual(1e-9 * Math.abs(Number(e.productivity_growth)));
    }

    expect(result.stdout).toMatch(/RXF\s+UNWEIGHTED_ACTIVITY\|TRUST_NOTIFICATION/);
    expect(result.stdout).toContain('Trust notifications: 3 read from notifications.csv, 2 trust(s) flagged TRUST_NOTIFICATION for this period.');
    expect(result.stdout).toContain('RXF   2025-05 epr_go_live: EPR went live on 12 May 2025, coding backlog');
    expect(result.stdout).toContain('RYR   2024-06 restated_finance: Base-year agency spend restated');
    expect(result.stdout).not.toContain('After the period');

    // The notification about 2025-08 touches 2025-08's year-to-date.
    const later = await run(['--data', bundle, '--period', '2025-08', '--out', join(tmp, 'out-08')]);
    expect(later.code).toBe(0);
    const r1d = parseCsv(await readFile(join(tmp, 'out-08/estimates.csv'), 'utf8')).find((r) => r.org_code === 'R1D')!;
    expect(r1d.flags.split('|')).toContain('TRUST_NOTIFICATION');
  });

  it('rejects a bad notifications.csv with file:line:column errors and writes nothing', async () => {
    await writeFile(
      join(bundle, 'notifications.csv'),
      ['org_code,month,category,text', 'RXF,2025-05,epr_go_live,fine', 'RXF,2025-05,go_live,bad category', 'RZZ,May 2025,other,'].join('\n'),
    );
    const result = await run(['--data', bundle, '--period', '2025-06', '--out', join(tmp, 'bad-out')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('notifications.csv:3:category: "go_live" is not a notification category');
    expect(result.stderr).toContain('notifications.csv:4:org_code: unknown trust "RZZ" (not in trusts.csv)');
    expect(result.stderr).toContain('notifications.csv:4:month: "May 2025" is not a month');
    expect(result.stderr).toContain('notifications.csv:4:text: text is empty');
    await expect(readFile(join(tmp, 'bad-out', 'estimates.csv'))).rejects.toThrow();
  });
});
