import { scheduleRow, trust } from '../spec-helpers';
import { computePacks } from './packs';
import { figures, findRow, packInputs } from './spec-helpers';

// Schedule weights: EL FF01A = 1000 / 10 = 100, NEL_LS NL01A = 200. ZZ99Z has no weight.
const schedule = [scheduleRow('Elective Inpatients', 'FF01A', 10, 1000), scheduleRow('Non-Elective Inpatient - Long Stay', 'NL01A', 10, 2000)];
const teaching = { peerGroup: 'Acute - Teaching' };
const rows = computePacks(
  packInputs({
    trusts: [trust('RAA'), trust('RBB'), trust('RCC'), trust('RDD'), trust('RTT', teaching), trust('RMH', { sector: 'mental_health', peerGroup: 'Mental Health' })],
    schedule,
    trustCosts: [
      // The pack of FY 2025/26 uses the latest year ≤ 2024 each trust holds.
      ['RAA', 2024, 'EL', 'FF01A', 10, 1200], // 1200 / (10 × 100) = 1.2
      ['RAA', 2024, 'EL', 'ZZ99Z', 10, 5000], // no schedule weight: left out, fallback weights are not used
      ['RAA', 2024, 'NEL_LS', 'NL01A', 5, 1000], // 1000 / (5 × 200) = 1
      ['RAA', 2025, 'EL', 'FF01A', 10, 9999], // after FY t − 1: not used
      ['RAA', 2023, 'EL', 'FF01A', 10, 1], // older than the latest: not used
      ['RBB', 2024, 'EL', 'FF01A', 10, 1000], // 1
      ['RCC', 2023, 'EL', 'FF01A', 20, 1600], // 0.8 (its latest year up to 2024)
      ['RDD', 2025, 'EL', 'FF01A', 20, 1600], // only a year after FY t − 1
      ['RTT', 2024, 'EL', 'FF01A', 10, 1500], // 1.5, alone in its peer group
    ],
  }),
  '2025-05',
);

describe('cost_index (§11): Σ trust cost / Σ activity × w by the five acute groups', () => {
  it('benchmarks against the 0.25 point of the peer group; £ = max(0, v − b) × Σ activity × w', () => {
    // PERCENTILE.INC([0.8, 1, 1.2], 0.25) = 0.9; RAA: (1.2 − 0.9) × 1000.
    expect(figures(findRow(rows, 'RAA', 'cost_index', 'elective'))).toEqual({ value: '1.2', benchmark: '0.9', group: 'Acute - Large', units: null, unit: null, gbp: '300', missing: [] });
    expect(findRow(rows, 'RAA', 'cost_index', 'elective')!.expectedCostGbp!.toString()).toBe('1000');
    expect(figures(findRow(rows, 'RCC', 'cost_index', 'elective'))).toMatchObject({ value: '0.8', benchmark: '0.9', gbp: '0' });
    expect(figures(findRow(rows, 'RTT', 'cost_index', 'elective'))).toMatchObject({ value: '1.5', benchmark: '1.5', group: 'Acute - Teaching', gbp: '0' });
  });

  it('names the data lacking: no return up to FY t − 1, or no weighted row of the group', () => {
    expect(findRow(rows, 'RDD', 'cost_index', 'elective')!.missing).toEqual([{ file: 'trust_costs.csv', items: ['a return for 2024/25 or earlier'] }]);
    expect(figures(findRow(rows, 'RBB', 'cost_index', 'non_elective_long_stay'))).toMatchObject({
      value: null,
      benchmark: null,
      gbp: null,
      missing: [{ file: 'trust_costs.csv', items: ['NEL_LS rows with a schedule weight (2024/25)'] }],
    });
    expect(figures(findRow(rows, 'RAA', 'cost_index', 'non_elective_long_stay'))).toMatchObject({ value: '1', benchmark: '1' });
  });

  it('gives every acute trust, and only acute trusts, a row for each of the five groups', () => {
    expect(rows.filter((r) => r.orgCode === 'RDD' && r.metric === 'cost_index').map((r) => r.dimension)).toEqual([
      'non_elective_long_stay', 'ae_short_stay', 'elective', 'outpatient', 'other',
    ]);
    expect(rows.filter((r) => r.orgCode === 'RMH' && r.metric.startsWith('cost_index'))).toEqual([]);
  });
});

describe('cost_index_detail: the same index per <POD>:<HRG subchapter> the trust reports', () => {
  it('has a row per dimension with a weighted row, against the peer group’s 0.25 point of that dimension', () => {
    expect(rows.filter((r) => r.orgCode === 'RAA' && r.metric === 'cost_index_detail').map((r) => r.dimension)).toEqual(['EL:FF', 'NEL_LS:NL']);
    expect(figures(findRow(rows, 'RAA', 'cost_index_detail', 'EL:FF'))).toMatchObject({ value: '1.2', benchmark: '0.9', gbp: '300' });
    expect(rows.filter((r) => r.orgCode === 'RBB' && r.metric === 'cost_index_detail').map((r) => r.dimension)).toEqual(['EL:FF']);
  });
});
