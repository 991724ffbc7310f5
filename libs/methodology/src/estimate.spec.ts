import Decimal from 'decimal.js';
import { Exact, FinanceRecord, YearToDate } from '@nhsp/domain';
import { aggregate } from './aggregates';
import { computePeriod } from './compute';
import { estimateTrust } from './estimate';
import { resolveSettings } from './settings';
import { activity, bundle, deflatorSeries, finance, scheduleRow, trust } from './spec-helpers';
import { estimateInputs } from './compute';

// Weights: EL01 = 100, AE01 = 50, DC01 = 200; EL mean 100, AE mean 50.
const schedule = [
  scheduleRow('Elective Inpatients', 'EL01', 10, 1000),
  scheduleRow('Emergency Care', 'AE01', 10, 500),
  scheduleRow('Daycase', 'DC01', 10, 2000),
];
const deflators = deflatorSeries([[2025, '0.04', '0.05']]); // prices 4%, pay 5%
const base = '2024-04';
const current = '2025-04';

function spend(org: string, month: string, pay: number, nonPay: number): FinanceRecord[] {
  return [finance(org, month, 'pay_substantive', pay), finance(org, month, 'non_pay_drugs', nonPay)];
}

function run(records: { activity: ReturnType<typeof activity>[]; finance: FinanceRecord[] }, settings = resolveSettings(), period = current) {
  return computePeriod(bundle({ trusts: [trust('RAA'), trust('RBB', { region: 'Midlands' })], schedule, deflators, ...records }), period, settings);
}

const sum = (values: (Decimal | null)[]) => values.reduce<Decimal>((a, v) => a.plus(v ?? 0), new Exact(0));

describe('a trust estimate', () => {
  const result = run({
    activity: [
      activity('RAA', base, 'EL', 'EL01', 100), // 10,000
      activity('RAA', base, 'AE', 'AE01', 200), // 10,000
      activity('RAA', current, 'EL', 'EL01', 110), // 11,000
      activity('RAA', current, 'AE', 'AE01', 150), // 7,500
      activity('RAA', current, 'AE', 'NEW1', 50), // fallback: AE mean 50 → 2,500
    ],
    finance: [...spend('RAA', base, 1000, 500), ...spend('RAA', current, 1050, 520), finance('RAA', current, 'depreciation', 999)],
  });
  const raa = result.estimates.find((e) => e.trust.orgCode === 'RAA')!;

  it('weighs activity, deflates spend by category and divides the ratios', () => {
    const m = raa.measures!;
    expect(m.cwaBase.toString()).toBe('20000');
    expect(m.cwaCurrent.toString()).toBe('21000');
    expect(m.outputGrowth.toString()).toBe('0.05');
    // real(current) = 1050 / 1.05 + 520 / 1.04 = 1000 + 500; depreciation is excluded.
    expect(m.realSpendBase.toString()).toBe('1500');
    expect(m.realSpendCurrent.toString()).toBe('1500');
    expect(m.inputGrowth.toString()).toBe('0');
    expect(m.productivityGrowth.toString()).toBe('0.05');
    expect(m.costPerWau.toString()).toBe(new Exact(1500).div(21000).toString());
  });

  it('splits growth into POD and category contributions that add up exactly', () => {
    expect(sum(raa.byPod.map((p) => p.contribution)).toString()).toBe(raa.measures!.outputGrowth.toString());
    expect(sum(raa.byCategory.map((c) => c.contribution)).toString()).toBe(raa.measures!.inputGrowth.toString());
    expect(raa.byCategory.find((c) => c.category === 'depreciation')).toMatchObject({ excluded: true, contribution: null });
  });

  it('flags fallback-weighted activity above 0.5% of CWA and a POD share moving over 5 points', () => {
    // unweighted 2,500 of 41,000 = 6.1%; AE share 50% → 47.6% (2.4 points), EL 50% → 52.4%: no shift.
    expect(raa.unweighted.cwa.toString()).toBe('2500');
    expect(raa.flags).toEqual(['UNWEIGHTED_ACTIVITY']);
  });

  it('names the months and the data missing, and gives no estimate', () => {
    const rbb = result.estimates.find((e) => e.trust.orgCode === 'RBB')!;
    expect(rbb.status).toBe('missing_data');
    expect(rbb.measures).toBeNull();
    expect(rbb.flags).toEqual(['MISSING_DATA']);
    expect(rbb.missing).toEqual([
      { month: base, missing: ['activity', 'finance'] },
      { month: current, missing: ['activity', 'finance'] },
    ]);
  });

  it('records the settings it was computed with', () => {
    expect(raa.settings).toMatchObject({ equalisation: 'opproc-dc', workingDays: 'off', deflatorSeries: 'test-series' });
  });

  it('aggregates only trusts with an estimate, and their contributions add up', () => {
    const england = result.aggregates.find((a) => a.level === 'national')!;
    expect(england.trusts).toBe(1);
    expect(england.productivityGrowth!.toString()).toBe('0.05');
    expect(sum(england.contributions.map((c) => c.output)).toString()).toBe(england.outputGrowth!.toString());
    expect(result.aggregates.find((a) => a.level === 'region' && a.group === 'Midlands')!.productivityGrowth).toBeNull();
  });
});

describe('flags and settings', () => {
  it('raises POD_SHIFT and OUTLIER when activity moves setting and growth exceeds 10%', () => {
    const r = run({
      activity: [activity('RAA', base, 'EL', 'EL01', 100), activity('RAA', current, 'EL', 'EL01', 100), activity('RAA', current, 'AE', 'AE01', 100)],
      finance: [...spend('RAA', base, 1000, 500), ...spend('RAA', current, 1050, 520)],
    });
    const raa = r.estimates.find((e) => e.trust.orgCode === 'RAA')!;
    expect(raa.flags).toEqual(['POD_SHIFT', 'OUTLIER']);
    expect(raa.podShifts.map((s) => s.pod).sort()).toEqual(['AE', 'EL']);
  });

  it('treats the thresholds as strict: exactly 10% productivity growth is not an outlier', () => {
    const r = run({
      activity: [activity('RAA', base, 'EL', 'EL01', 100), activity('RAA', current, 'EL', 'EL01', 110)],
      finance: [...spend('RAA', base, 1000, 500), ...spend('RAA', current, 1050, 520)],
    });
    expect(r.estimates[0].measures!.productivityGrowth.toString()).toBe('0.1');
    expect(r.estimates[0].flags).toEqual([]);
  });

  it('scales current elective counts by WD(base) / WD(current) when working days are on', () => {
    // April 2024: 22 weekdays less Easter Monday (1st) = 21; April 2025: 20. EL scaled by 21/20, AE not.
    const records = {
      activity: [
        activity('RAA', base, 'EL', 'EL01', 100),
        activity('RAA', base, 'AE', 'AE01', 100),
        activity('RAA', current, 'EL', 'EL01', 100),
        activity('RAA', current, 'AE', 'AE01', 100),
      ],
      finance: [...spend('RAA', base, 1000, 500), ...spend('RAA', current, 1050, 520)],
    };
    const on = run(records, resolveSettings({ workingDays: 'on' })).estimates[0].measures!;
    expect(on.cwaCurrent.toString()).toBe(new Exact(10000).times(21).div(20).plus(5000).toString());
    expect(run(records).estimates[0].measures!.cwaCurrent.toString()).toBe('15000');
  });

  it('counts excluded categories in input when the setting includes them', () => {
    const records = {
      activity: [activity('RAA', base, 'EL', 'EL01', 1), activity('RAA', current, 'EL', 'EL01', 1)],
      finance: [...spend('RAA', base, 1000, 500), ...spend('RAA', current, 1050, 520), finance('RAA', current, 'exceptional', 104)],
    };
    expect(run(records).estimates[0].measures!.realSpendCurrent.toString()).toBe('1500');
    expect(run(records, resolveSettings({ excludedCategories: [] })).estimates[0].measures!.realSpendCurrent.toString()).toBe('1600');
  });

  it('gives empty measures for a zero base', () => {
    const r = run({
      activity: [activity('RAA', base, 'EL', 'EL01', 0), activity('RAA', current, 'EL', 'EL01', 5)],
      finance: [...spend('RAA', base, 1000, 500), ...spend('RAA', current, 1050, 520)],
    });
    expect(r.estimates[0]).toMatchObject({ status: 'zero_base', measures: null, flags: [] });
  });

  it('refuses activity in a POD the schedule does not have', () => {
    const inputs = estimateInputs(
      bundle({
        trusts: [trust('RAA')],
        schedule,
        deflators,
        activity: [activity('RAA', base, 'AMB', '01', 1), activity('RAA', current, 'EL', 'EL01', 1)],
        finance: [...spend('RAA', base, 1, 1), ...spend('RAA', current, 1, 1)],
      }),
      resolveSettings(),
    );
    expect(() => estimateTrust(trust('RAA'), YearToDate.of(current), inputs)).toThrow(/RAA 2024-04: POD AMB is absent/);
  });

  it('leaves growth empty for an aggregate with no estimates', () => {
    expect(aggregate('sector', 'ambulance', current, []).productivityGrowth).toBeNull();
  });
});
