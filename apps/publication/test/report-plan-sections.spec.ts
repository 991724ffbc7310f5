// The plan view's page parts (issue 13 item 5) rendered from the golden history bundle's expected
// files: every figure shown is the file's value, formatted by the glossary's formatter, and carries
// the exact value; Month 12 reads as a finished year; non-acute trusts carry the board paper's
// caveat; UNSTABLE is explained; names are escaped.
import { formatFigure, UNIT_DISPLAYS } from '@nhsp/board-answers';
import { englandPlanSection, trustPlanSection, TrustPlanView } from '../src/report/plan-sections';
import type { PlanTrust, SensitivityRow } from '../src/report/plan-types';
import { goldenIndex, goldenStability, goldenTargets, goldenTrusts, SECTOR_TRUSTS } from './plan-golden';
import { chartTableRows, chartTableValues, count, fact, hasFact } from './plan-markup';

const growth = (v: string | null) => formatFigure('measure', 'productivity_growth', v);
const spread = (v: string | null) => formatFigure('measure', 'band', v);

function trustView(period: string, org: string, overrides: Partial<TrustPlanView> = {}, sensitivity: SensitivityRow[] = []): TrustPlanView {
  const trust = goldenTrusts(period).get(org)!;
  const index = goldenIndex(period);
  return {
    trust,
    period,
    target: goldenTargets(period).find((t) => t.level === 'trust' && t.group_name === org) ?? null,
    stability: goldenStability(period).rows.find((s) => s.org_code === org) ?? null,
    sensitivity,
    index: index.filter((r) => r.level === 'trust' && r.group_name === org),
    peerIndex: index.filter((r) => r.level === 'peer_group' && r.group_name === trust.peer_group),
    ...overrides,
  };
}

describe('England plan section', () => {
  const englandOf = (period: string) =>
    englandPlanSection({ period, targets: goldenTargets(period), index: goldenIndex(period).filter((r) => r.level === 'national'), rankStability: goldenStability(period).rank });

  it('mid-year (Month 7): trusts on track, England’s needs for the rest of the year, the projected full year', () => {
    const markup = englandOf('2025-10').toString();
    const england = goldenTargets('2025-10').find((t) => t.level === 'national')!;
    const trusts = goldenTargets('2025-10').filter((t) => t.level === 'trust');
    expect(trusts).toHaveLength(20);
    expect(fact(markup, 'productivity_growth')).toEqual({ value: england.productivity_growth, text: growth(england.productivity_growth) });
    expect(markup).toContain('data-figure="trusts_on_track" data-value="3">3 of 20 trusts</strong>');
    expect(markup).toContain('On track for 2%?');
    for (const code of ['required_output_growth_rest', 'required_productivity_growth_rest', 'projected_full_year_growth'] as const) {
      expect(fact(markup, code)).toEqual({ value: england[code], text: growth(england[code]) });
    }
    expect(fact(markup, 'savings_needed_gbp')).toEqual({ value: '323742014.29', text: '£323,742,014' });
    expect(fact(markup, 'on_track')).toEqual({ value: 'false', text: 'No' });
  });

  it('at Month 12 the year reads as complete: no rest of the year, the year’s growth', () => {
    const markup = englandOf('2026-03').toString();
    const england = goldenTargets('2026-03').find((t) => t.level === 'national')!;
    expect(markup).toContain('2025/26 is complete');
    expect(markup).toContain('data-figure="trusts_on_track" data-value="3">3 of 19 trusts</strong> reached the');
    expect(markup).toContain('How 2025/26 ended against the 2% target');
    expect(markup).not.toContain('On track for 2%?');
    for (const code of ['required_output_growth_rest', 'required_productivity_growth_rest', 'savings_needed_gbp', 'projected_full_year_growth']) expect(hasFact(markup, code)).toBe(false);
    expect(fact(markup, 'productivity_growth')).toEqual({ value: england.productivity_growth, text: growth(england.productivity_growth) });
  });

  it('draws the national index since 2019/20 against 100 and the 2% path, its table beside it', () => {
    const mid = englandOf('2025-10').toString();
    const national = goldenIndex('2025-10').filter((r) => r.level === 'national');
    const values = chartTableValues(mid, 'plan-england-index-table');
    // Per year: England's index, then the path 100 × 1.02^k.
    expect(values.filter((_, i) => i % 2 === 0)).toEqual(national.map((r) => r.index_value));
    expect(values[1]).toBe('100');
    expect(values[3]).toBe('102');
    expect(mid).toContain('2025/26 (so far)');
    expect(mid).toContain('nhsp-chart-pair__table');
    // Latest complete year 2024/25: 107.995… = 8.00% above 2019/20.
    expect(mid).toContain(`stood at ${UNIT_DISPLAYS.index.format('107.995396958973')}: 8.00% above 2019/20`);
    expect(mid).toContain('data-figure="rank_stability" data-value="0.887218045112782"');
    const end = englandOf('2026-03').toString();
    expect(end).not.toContain('(so far)');
    expect(end).toContain('In 2025/26, the latest complete year');
  });

  it('at Month 1 counts the eleven months left and has no rank stability yet', () => {
    const row = (level: string, group: string, onTrack: boolean) => ({
      period: '2025-04', level, group_name: group, productivity_growth: onTrack ? '0.031' : '0.004', target: '0.02', on_track: onTrack,
      required_output_growth_rest: '0.05', required_productivity_growth_rest: '0.021', savings_needed_gbp: '1234.5', projected_full_year_growth: '0.01',
    });
    const markup = englandPlanSection({
      period: '2025-04',
      targets: [row('national', 'England', false), row('trust', 'AAA', true), row('trust', 'BBB', false), row('region', 'London', true)],
      index: goldenIndex('2025-10').filter((r) => r.level === 'national' && r.year !== '2025/26'),
      rankStability: { period: '2025-04', rank_stability: null },
    }).toString();
    expect(markup).toContain('data-value="1">1 of 2 trusts</strong> are');
    expect(markup).toContain('Over the remaining 11 months of 2025/26, against the same months of 2024/25');
    expect(fact(markup, 'savings_needed_gbp').text).toBe('£1,235');
    expect(hasFact(markup, 'rank_stability')).toBe(false);
    expect(markup).not.toContain('data-figure="rank_stability"');
  });

  it('links every term to the glossary', () => {
    const markup = englandOf('2025-10').toString();
    expect(markup).toContain('href="/report/glossary#measure-required-output-growth-rest"');
    expect(markup).toContain('href="/report/glossary#measure-savings-needed-gbp"');
  });
});

describe('trust plan section, one trust of each sector', () => {
  describe.each(Object.entries(SECTOR_TRUSTS))('%s (%s)', (sector, org) => {
    it.each(['2025-10', '2026-03'])('period %s: figure with band, target, rest of year, index beside its peers', (period) => {
      const view = trustView(period, org, {}, [{ org_code: org, variant: 'base', productivity_growth: '0.01', spread: '0.0035' }]);
      const markup = trustPlanSection(view).toString();
      const target = view.target!;
      const band = view.stability!.band;
      expect(view.trust.sector).toBe(sector);
      expect(markup).toContain(`data-figure="figure_with_band" data-value="${target.productivity_growth}">${growth(target.productivity_growth)} ± ${spread(band)}</p>`);
      expect(fact(markup, 'band')).toEqual({ value: band, text: `± ${spread(band)}` });
      expect(fact(markup, 'sensitivity_spread')).toEqual({ value: '0.0035', text: '0.35 pts' });
      expect(fact(markup, 'on_track')).toEqual({ value: String(target.on_track), text: target.on_track ? 'Yes' : 'No' });
      if (period === '2025-10') {
        for (const code of ['required_output_growth_rest', 'required_productivity_growth_rest', 'projected_full_year_growth'] as const) {
          expect(fact(markup, code)).toEqual({ value: target[code], text: growth(target[code]) });
        }
        expect(fact(markup, 'savings_needed_gbp').value).toBe(target.savings_needed_gbp);
      } else {
        expect(hasFact(markup, 'required_output_growth_rest')).toBe(false);
        expect(markup).toContain('The full year against 2024/25.');
      }
      // Per year: the trust, its peer group, the path.
      const rows = chartTableRows(markup, `plan-trust-index-${org.toLowerCase()}-table`);
      expect(markup).toContain(`${view.trust.peer_group} (peer group)`);
      expect(rows.map((r) => r[0]).slice(0, view.index.length)).toEqual(view.index.map((r) => r.index_value));
      expect(rows.map((r) => r[1])).toEqual(view.peerIndex.map((r) => r.index_value));
    });

    it('carries the non-acute caveat for mental health, community and ambulance only', () => {
      const markup = trustPlanSection(trustView('2025-10', org)).toString();
      expect(count(markup, 'class="nhsp-caveat"')).toBe(sector === 'acute' ? 0 : 1);
      expect(count(markup, 'class="nhsp-caveat nhsp-caveat--short"')).toBe(sector === 'acute' ? 0 : 1);
    });
  });

  it('a trust whose index broke shows no index after the break, beside its peer group', () => {
    const markup = trustPlanSection(trustView('2026-03', 'RAE')).toString();
    const rows = chartTableRows(markup, 'plan-trust-index-rae-table');
    expect(rows.map((r) => r[0])).toEqual(['100', '75.8906399315198', null, null, null, null, null]);
    expect(markup).toContain('In 2020/21, the latest complete year');
  });

  it('a trust whose base year lacks a month has no rest-of-year figures, and says why', () => {
    const markup = trustPlanSection(trustView('2025-10', 'RXK')).toString();
    expect(fact(markup, 'required_output_growth_rest').text).toBe('Not available');
    expect(markup).toContain('A month of 2024/25 lacks activity or finance for SANDWELL AND WEST BIRMINGHAM HOSPITALS NHS TRUST');
    expect(fact(markup, 'projected_full_year_growth').text).toBe('–');
  });

  it('a trust without an estimate says so', () => {
    const markup = trustPlanSection(trustView('2026-03', 'RXK')).toString();
    expect(markup).toContain('has no estimate for April 2025 to March 2026');
  });

  it('explains UNSTABLE where the estimate carries it, and shows no band before three moves', () => {
    const unstable = trustPlanSection(trustView('2026-03', 'RV9')).toString();
    expect(goldenTrusts('2026-03').get('RV9')!.flags).toContain('UNSTABLE');
    expect(unstable).toContain('id="plan-unstable"');
    expect(unstable).toContain(`up to ± ${spread('0.0201573815954752')} from one month to the next, more than the 2.00 pts`);
    expect(unstable).toContain('href="/report/glossary#flag-unstable"');
    const steady = trustPlanSection(trustView('2026-03', 'RAE')).toString();
    expect(steady).not.toContain('id="plan-unstable"');
    const view = trustView('2026-03', 'RAE');
    const noBand = trustPlanSection({ ...view, stability: { ...view.stability!, band: null } }).toString();
    expect(fact(noBand, 'band').text).toBe('No band yet');
    expect(fact(noBand, 'sensitivity_spread').text).toBe('Not computed for this release');
    const noSpread = trustPlanSection({ ...view, sensitivity: [{ org_code: 'RAE', variant: 'base', productivity_growth: null, spread: null }] }).toString();
    expect(fact(noSpread, 'sensitivity_spread')).toEqual({ value: null, text: 'Not available' });
    expect(noBand).toContain(`data-value="${view.target!.productivity_growth}">${growth(view.target!.productivity_growth)}</p>`);
  });

  it('a trust that is ahead shows the savings as “ahead by”', () => {
    const markup = trustPlanSection(trustView('2025-10', 'RWK')).toString();
    expect(fact(markup, 'savings_needed_gbp')).toEqual({ value: '-7891173.12', text: 'ahead by £7,891,173' });
    expect(fact(markup, 'on_track').text).toBe('Yes');
    // Its target's label does not fit beside +2.84% ± 2.40 pts; bandFigure puts it on a line of
    // its own above the plot (libs/charts tight layouts) instead of drawing the band without it.
    expect(chartTableRows(markup, 'plan-band-rwk-table')).toEqual([['0.0283529444287262', '0.0240141840600369', '0.0043387603686893', '0.0523671284887631', '0.02']]);
  });

  it('escapes names', () => {
    const view = trustView('2025-10', 'RAE');
    const trust: PlanTrust = { ...view.trust, name: '<script>alert("x")</script> & Co', peer_group: 'Acute "Teaching" <b>' };
    const markup = trustPlanSection({ ...view, trust }).toString();
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<b>');
    expect(markup).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
  });
});
