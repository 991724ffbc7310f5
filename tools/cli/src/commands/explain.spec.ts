import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { explainEstimate } from '@nhsp/board-answers';
import { computePeriod, resolveSettings } from '@nhsp/methodology';
import { parseArgs } from '../args';
import { loadBundleInputs } from '../bundle-inputs';
import { explainCommand, formatExplanation } from './explain';

const GOLDEN_BUNDLE = resolve(__dirname, '../../../fixtures/golden/bundle');

describe('cli explain', () => {
  let result: ReturnType<typeof computePeriod>;
  beforeAll(async () => {
    const { inputs } = await loadBundleInputs(GOLDEN_BUNDLE);
    result = computePeriod(inputs, '2025-12', resolveSettings());
  });

  it('gives contributions that add up, the largest movers first, and the flags with their evidence', () => {
    const x = explainEstimate(result, 'RYR');
    const sum = (parts: { contribution: { toNumber(): number } }[]) => parts.reduce((s, p) => s + p.contribution.toNumber(), 0);
    expect(sum(x.output)).toBeCloseTo(x.outputGrowth!.toNumber(), 12);
    expect(sum(x.input)).toBeCloseTo(x.inputGrowth!.toNumber(), 12);
    const sizes = x.largestMovers.map((m) => Math.abs(m.contribution.toNumber()));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(x.flags.map((f) => f.code)).toEqual(['POD_SHIFT', 'OUTLIER']);
    expect(x.flags[0].evidence).toMatch(/share \d+\.\d+% → \d+\.\d+%/);
    expect(x.flags[1].evidence).toMatch(/outside ±10\.00%/);
  });

  it('places the trust in its peer group, sector and England', () => {
    const x = explainEstimate(result, 'RYR');
    expect(x.peers.map((p) => p.kind).sort()).toEqual(['national', 'peer_group', 'sector']);
    const teaching = x.peers.find((p) => p.group === 'Acute - Teaching')!;
    expect(teaching).toMatchObject({ rank: 1, of: 5 });
    expect(teaching.score.toFixed(2)).toBe('1.00');
  });

  it('names the missing months of a trust without an estimate', () => {
    const x = explainEstimate(result, 'RAN');
    expect(x.status).toBe('missing_data');
    expect(formatExplanation(x)).toMatch(/MISSING_DATA: 2025-06: no activity/);
  });
});

describe('cli explain with notifications.csv', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'nhsp-explain-'));
    await cp(GOLDEN_BUNDLE, tmp, { recursive: true });
    await writeFile(
      join(tmp, 'notifications.csv'),
      ['org_code,month,category,text', 'RYR,2024-06,restated_finance,Base-year agency spend restated', 'RYR,2026-01,other,After the period'].join('\n'),
    );
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  async function explain(argv: string[]): Promise<{ code: number; stdout: string }> {
    const out: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    try {
      return { code: await explainCommand.run(parseArgs(argv)), stdout: out.join('\n') };
    } finally {
      log.mockRestore();
    }
  }

  it('flags TRUST_NOTIFICATION as compute does, with the notifications of the period as its evidence', async () => {
    const text = await explain(['--data', tmp, '--period', '2025-12', '--org', 'RYR']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('TRUST_NOTIFICATION: 2024-06 restated_finance: Base-year agency spend restated');
    expect(text.stdout).not.toContain('After the period');

    const json = await explain(['--data', tmp, '--period', '2025-12', '--org', 'RYR', '--json']);
    const flags = JSON.parse(json.stdout).flags as Array<{ code: string; evidence: string }>;
    // RYR, the planted outlier, also moves more than the stability band allows (§10), as compute flags it.
    expect(flags.map((f) => f.code)).toEqual(['POD_SHIFT', 'OUTLIER', 'TRUST_NOTIFICATION', 'UNSTABLE']);
    expect(flags[2].evidence).toBe('2024-06 restated_finance: Base-year agency spend restated');
  });

  it('leaves a trust without a notification for the period unflagged', async () => {
    const { code, stdout } = await explain(['--data', tmp, '--period', '2025-12', '--org', 'RXF']);
    expect(code).toBe(0);
    expect(stdout).not.toContain('TRUST_NOTIFICATION');
  });
});
