// Table 1 (methodology §12) as the board paper writes it, from the golden history bundle's
// indicators.csv: windows ("March 2026", "Apr 2025–Mar 2026"), movements in points or per cent,
// each figure the file's value in the glossary's unit; the indicators a trust has no figure for
// named; the non-acute caveat for non-acute trusts only; names escaped.
import { formatFigure } from '@nhsp/board-answers';
import { KEY_INDICATORS } from '@nhsp/methodology';
import type { IndicatorViewRow } from '../src/report/plan-types';
import { indicatorChangeText, indicatorWindowText, table1Line, table1Section } from '../src/report/table1';
import { goldenIndicators, goldenTrusts, SECTOR_TRUSTS } from './plan-golden';
import { cell, count } from './plan-markup';

const national = (indicator: string, period: string, window: 'ytd' | 'month', base: string, current: string, change: string | null): IndicatorViewRow => ({
  period,
  level: 'national',
  group_name: 'England',
  indicator,
  window,
  base,
  current,
  change,
  change_kind: window === 'month' ? 'points' : 'relative',
});

describe('Table 1 wording', () => {
  it('writes windows as the board paper does', () => {
    expect(indicatorWindowText('month', '2025-12')).toBe('December 2025');
    expect(indicatorWindowText('ytd', '2025-11')).toBe('Apr–Nov 2025');
    expect(indicatorWindowText('ytd', '2026-01')).toBe('Apr 2025–Jan 2026');
    expect(indicatorWindowText('ytd', '2025-04')).toBe('April 2025');
  });

  it('writes a line as the board paper does', () => {
    expect(table1Line(national('theatre_utilisation', '2025-12', 'month', '0.70', '0.717', '0.017'))).toBe('Theatre utilisation, December 2025, +1.7 pts');
    expect(table1Line(national('agency_spend', '2025-11', 'ytd', '100', '58', '-0.42'))).toBe('Agency staff spend, Apr–Nov 2025, \u221242.00%');
    expect(indicatorChangeText({ change: null, change_kind: 'relative' })).toBe('–');
  });
});

describe('Table 1 for England', () => {
  const rows = [
    national('agency_spend', '2025-11', 'ytd', '100', '58', '-0.42'),
    national('theatre_utilisation', '2025-11', 'month', '0.70', '0.717', '0.017'),
    national('non_elective_bed_days', '2025-11', 'ytd', '1000', '982', '-0.018'),
    national('bank_spend', '2025-11', 'ytd', '0', '5', null),
  ];
  const markup = table1Section({ period: '2025-11', name: 'England', level: 'national', group_name: 'England', rows }).toString();

  it('lists the indicators in the board paper’s order with their windows, figures and movements', () => {
    const order = [...markup.matchAll(/data-row="([a-z_]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['non_elective_bed_days', 'theatre_utilisation', 'bank_spend', 'agency_spend']);
    expect(cell(markup, 'theatre_utilisation', 'window').text).toBe('November 2025');
    expect(cell(markup, 'theatre_utilisation', 'change')).toEqual({ value: '0.017', text: '+1.7 pts' });
    expect(cell(markup, 'theatre_utilisation', 'current')).toEqual({ value: '0.717', text: '71.7%' });
    expect(cell(markup, 'non_elective_bed_days', 'window').text).toBe('Apr–Nov 2025');
    expect(cell(markup, 'non_elective_bed_days', 'change').text).toBe('\u22121.80%');
    expect(cell(markup, 'non_elective_bed_days', 'base').text).toBe('1,000 bed days');
    expect(cell(markup, 'bank_spend', 'change')).toEqual({ value: null, text: '–' });
    expect(markup).toContain('has a base of zero a year earlier');
    expect(markup).toContain('href="/report/glossary#indicator-theatre-utilisation"');
    expect(count(markup, 'nhsp-caveat')).toBe(0);
  });

  it('names the indicators it has no figure for', () => {
    const missing = /data-missing-indicators="([^"]*)"/.exec(markup)![1].split(' ');
    expect(missing).toEqual(KEY_INDICATORS.filter((k) => !rows.some((r) => r.indicator === k)));
    expect(markup).toContain('no trust in England has the activity or return they are built from in both years');
  });
});

describe('Table 1 for a trust of each sector, from the golden bundle', () => {
  describe.each(['2025-10', '2026-03'])('period %s', (period) => {
    const all = goldenIndicators(period);
    it.each(Object.entries(SECTOR_TRUSTS))('%s (%s)', (sector, org) => {
      const trust = goldenTrusts(period).get(org)!;
      const markup = table1Section({ period, name: trust.name, level: 'trust', group_name: org, rows: all, sector: trust.sector }).toString();
      const mine = all.filter((r) => r.level === 'trust' && r.group_name === org);
      expect(mine.length > 0).toBe(sector === 'acute');
      for (const r of mine) {
        expect(cell(markup, r.indicator, 'base')).toEqual({ value: r.base, text: formatFigure('indicator', r.indicator, r.base) });
        expect(cell(markup, r.indicator, 'current')).toEqual({ value: r.current, text: formatFigure('indicator', r.indicator, r.current) });
        expect(cell(markup, r.indicator, 'change')).toEqual({ value: r.change, text: indicatorChangeText(r) });
        expect(cell(markup, r.indicator, 'window').text).toBe(r.window === 'month' ? (period === '2025-10' ? 'October 2025' : 'March 2026') : period === '2025-10' ? 'Apr–Oct 2025' : 'Apr 2025–Mar 2026');
      }
      const missing = /data-missing-indicators="([^"]*)"/.exec(markup)![1].split(' ');
      expect(missing).toEqual(KEY_INDICATORS.filter((k) => !mine.some((r) => r.indicator === k)));
      expect(count(markup, 'class="nhsp-caveat"')).toBe(sector === 'acute' ? 0 : 1);
      if (!mine.length) expect(markup).toContain(`No key operational indicators for ${trust.name}`);
    });
  });

  it('RAE in March 2026: theatre utilisation up 8.7 points, outpatient attendances per consultant up 2.85%', () => {
    const rows = goldenIndicators('2026-03');
    const markup = table1Section({ period: '2026-03', name: 'Bradford', level: 'trust', group_name: 'RAE', rows, sector: 'acute' }).toString();
    expect(cell(markup, 'theatre_utilisation', 'change').text).toBe('+8.7 pts');
    expect(cell(markup, 'outpatient_attendances_per_consultant_wte', 'change').text).toBe('+2.85%');
    expect(cell(markup, 'outpatient_attendances_per_consultant_wte', 'current').text).toBe('57.6 attendances per WTE-month');
    expect(table1Line(rows.find((r) => r.group_name === 'RAE' && r.indicator === 'theatre_utilisation')!)).toBe('Theatre utilisation, March 2026, +8.7 pts');
  });

  it('escapes names', () => {
    const markup = table1Section({ period: '2026-03', name: '<img src=x onerror=alert(1)>', level: 'trust', group_name: 'RAE', rows: goldenIndicators('2026-03') }).toString();
    expect(markup).not.toContain('<img');
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
