import { contributionTotal, largestMovers } from './contributions';
import { flagRevisions, measureRevisions } from './revisions';
import { plainEnglishCauses, revisionCauses } from './revision-causes';

describe('board answers', () => {
  it('names the largest movers by absolute contribution, ties by component, and totals only what has a contribution', () => {
    const parts = [
      { component: 'pay_bank', contribution: '-0.03' },
      { component: 'EL', contribution: '0.03' },
      { component: 'AE', contribution: null },
      { component: 'APC', contribution: '0.1' },
    ];
    expect(largestMovers(parts, 2).map((p) => p.component)).toEqual(['APC', 'EL']);
    expect(largestMovers(parts).map((p) => p.component)).toEqual(['APC', 'EL', 'pay_bank']);
    expect(contributionTotal(parts)!.toFixed()).toBe('0.1');
    expect(contributionTotal([{ component: 'AE', contribution: null }])).toBeNull();
  });

  it('gives each measure before, after and the exact difference, and the flags gained and lost', () => {
    const revisions = measureRevisions({ a: '0.1', b: null }, { a: '0.12', b: '1' }, ['a', 'b'] as const);
    expect(revisions).toEqual([
      { measure: 'a', before: '0.1', after: '0.12', difference: '0.02' },
      { measure: 'b', before: null, after: '1', difference: null },
    ]);
    expect(flagRevisions(['POD_SHIFT', 'OUTLIER'], ['POD_SHIFT', 'RESTATED'])).toEqual({ added: ['RESTATED'], removed: ['OUTLIER'] });
  });

  it('reads the causes of a revision from runs recorded in any form, for the trust and for others', () => {
    const from = { settings: { thresholds: { podShift: 0.05 } }, inputs: { weightSetId: 'w1', submissions: { RAA: { '2025-04': { activity: 'a1', finance: 'f1' } }, RBB: { '2025-04': 'b1' } }, codeVersion: 'p@1' } };
    const to = {
      settings: { thresholds: { podShift: 0.1 } },
      inputs: { weightSetId: 'w1', submissions: { RAA: { '2025-04': { activity: 'a2', finance: 'f1' } }, RBB: { '2025-04': 'b2' } }, notifications: [{ id: 'n1', orgCode: 'RAA', month: '2025-05' }, 'junk'], codeVersion: 'p@2' },
    };
    const causes = revisionCauses(from, to, 'RAA');
    expect(causes.submissions).toEqual([{ orgCode: 'RAA', month: '2025-04', kind: 'activity', change: 'restated' }]);
    expect(causes.otherTrustsSubmissions).toEqual([{ orgCode: 'RBB', month: '2025-04', kind: 'submission', change: 'restated' }]);
    expect(causes.settings).toEqual([{ setting: 'thresholds.podShift', from: 0.05, to: 0.1 }]);
    expect(causes.notificationsAdded).toEqual([{ id: 'n1', orgCode: 'RAA', month: '2025-05' }]);
    expect(causes).toMatchObject({ weightSet: null, deflatorSet: null, codeVersion: { from: 'p@1', to: 'p@2' } });
    expect(causes.summary).toContain("1 org-month submission(s) of 1 other trust(s) changed; they move group figures, not RAA's");
    expect(plainEnglishCauses(causes)).toEqual([
      "This trust's data for 2025-04 was submitted again or changed.",
      "Data of 1 other trust(s) changed (this moves group figures and benchmarks, not this trust's growth).",
      'The trust raised a notification about 2025-05.',
      'The method settings changed.',
    ]);
    expect(revisionCauses({ settings: null, inputs: null }, { settings: undefined, inputs: 'x' }, 'RAA').summary).toEqual(['no recorded input changed']);
  });
});
