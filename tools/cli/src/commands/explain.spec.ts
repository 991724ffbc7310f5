import { resolve } from 'node:path';
import { explainEstimate } from '@nhsp/board-answers';
import { computePeriod, resolveSettings } from '@nhsp/methodology';
import { loadBundleInputs } from '../bundle-inputs';
import { formatExplanation } from './explain';

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
