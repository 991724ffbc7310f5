import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { TrustEstimate } from './estimate';
import { resolveSettings } from './settings';
import { trust } from './spec-helpers';
import { applyStability, averageRanks, band, isUnstable, monthMove, rankStability, revisionRange, spearman } from './stability';

const d = (values: (string | number)[]) => values.map((v) => new Exact(v));
const texts = (values: (Decimal | null)[]) => values.map((v) => (v === null ? null : v.toString()));

describe('how steady a figure is (methodology §10)', () => {
  it('moves month on month within a financial year, never across its start', () => {
    expect(monthMove(new Exact('0.031'), new Exact('0.025'), 7)!.toString()).toBe('0.006');
    expect(monthMove(new Exact('0.031'), new Exact('0.025'), 1)).toBeNull();
    expect(monthMove(new Exact('0.031'), null, 7)).toBeNull();
    expect(monthMove(null, new Exact('0.025'), 7)).toBeNull();
  });

  it('takes the band as PERCENTILE.INC of the absolute moves at 0.8', () => {
    // |moves| sorted 0.005, 0.01, 0.02, 0.03: h = 0.8 × 3 = 2.4 → 0.02 + 0.4 × 0.01.
    expect(band([new Exact('0.01'), new Exact('-0.03'), null, new Exact('0.02'), new Exact('-0.005')])!.toString()).toBe('0.024');
    // Three moves are enough: h = 1.6 → 0.01 + 0.6 × 0.01.
    expect(band(d(['-0.01', '0.02', '0']))!.toString()).toBe('0.016');
  });

  it('gives no band with fewer than 3 month moves', () => {
    expect(band(d(['0.01', '-0.05']))).toBeNull();
    expect(band([null, new Exact('0.01'), null, new Exact('0.02'), null])).toBeNull();
    expect(band([])).toBeNull();
  });

  it('measures the revision range over every vintage kept, 0 with one', () => {
    expect(revisionRange(d(['0.012', '0.015', '0.009', '0.013']))!.toString()).toBe('0.006');
    expect(revisionRange(d(['-0.004']))!.toString()).toBe('0');
    expect(revisionRange([])).toBeNull();
  });

  it('gives tied values the average of the ranks they span', () => {
    expect(texts(averageRanks(d([30, 10, 20, 10, 30, 30])))).toEqual(['5', '1.5', '3', '1.5', '5', '5']);
  });

  it("takes Spearman's correlation over average ranks, as the Pearson correlation of the ranks", () => {
    // Ranks x = 1, 2.5, 2.5, 4; y = 1, 3, 2, 4; mean 2.5: Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5,
    // r = 4.5 / √22.5 = √0.9 (the no-ties shortcut 1 − 6Σd²/(n(n² − 1)) would say 0.95).
    const r = spearman(d([1, 2, 2, 3]), d([1, 3, 2, 4]))!;
    expect(r.minus(new Exact('0.9').sqrt()).abs().lt('1e-38')).toBe(true);
    // Without ties it is the shortcut: Σd² = 2 over n = 4 → 1 − 12 / 60 = 0.8.
    expect(spearman(d([1, 2, 3, 4]), d([1, 3, 2, 4]))!.toString()).toBe('0.8');
    expect(spearman(d([1, 2, 3]), d([3, 2, 1]))!.toString()).toBe('-1');
    // Ranks that do not vary have no correlation.
    expect(spearman(d([1, 1, 1]), d([1, 2, 3]))).toBeNull();
  });

  it('gives national rank stability from Month 2, over at least 3 trusts with both months', () => {
    const pairs = [
      { growth: new Exact('0.01'), previousMonthGrowth: new Exact('0.02') },
      { growth: new Exact('0.03'), previousMonthGrowth: new Exact('0.01') },
      { growth: new Exact('0.02'), previousMonthGrowth: new Exact('0.03') },
    ];
    // Ranks 1, 3, 2 against 2, 1, 3: Σd² = 1 + 4 + 1 = 6 → 1 − 36 / 24 = −0.5.
    expect(rankStability(pairs, 5)!.toString()).toBe('-0.5');
    expect(rankStability(pairs, 1)).toBeNull();
    expect(rankStability(pairs.slice(0, 2), 5)).toBeNull();
  });

  it('flags UNSTABLE after the other flags, where the band is more than the threshold', () => {
    const settings = resolveSettings();
    expect(isUnstable(new Exact('0.02'), settings)).toBe(false);
    expect(isUnstable(new Exact('0.0200001'), settings)).toBe(true);
    expect(isUnstable(null, settings)).toBe(false);
    expect(isUnstable(new Exact('0.015'), resolveSettings({ thresholds: { ...settings.thresholds, unstableBand: 0.01 } }))).toBe(true);

    const estimate = (org: string, flags: TrustEstimate['flags']): TrustEstimate =>
      ({ trust: trust(org), measures: { productivityGrowth: new Exact(0) }, flags }) as unknown as TrustEstimate;
    const missing = { ...estimate('RCC', ['MISSING_DATA']), measures: null };
    const bands = new Map([
      ['RAA', new Exact('0.03')],
      ['RBB', new Exact('0.01')],
      ['RCC', new Exact('0.05')],
    ]);
    const [raa, rbb, rcc] = applyStability([estimate('RAA', ['OUTLIER', 'TRUST_NOTIFICATION']), estimate('RBB', []), missing], bands, settings);
    expect(raa.flags).toEqual(['OUTLIER', 'TRUST_NOTIFICATION', 'UNSTABLE']);
    expect(raa.band!.toString()).toBe('0.03');
    expect(rbb.flags).toEqual([]);
    expect(rcc).toBe(missing);
  });
});
