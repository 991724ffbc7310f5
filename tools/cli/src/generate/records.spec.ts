import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Month } from '@nhsp/domain';
import { generateBundle } from './generate';
import { DEFAULT_OPTIONS, GenerateOptions } from './options';
import { dayPatternOf } from './profiles';
import { loadReference } from './reference';
import { activityKey, ActivityTotals, addActivity, readAggregatedActivity, readCsv } from './spec-support';
import { validateBundle } from './spec-validate';

const reference = loadReference();
/** Two months around the planted missing month, so the records must also leave it out. */
const OPTIONS: GenerateOptions = {
  ...DEFAULT_OPTIONS,
  trusts: 8,
  from: Month.of(2025, 7),
  to: Month.of(2025, 8),
  monthRecordsTarget: 400_000,
};

describe('generate --records: one row per spell, consistent with the aggregates', () => {
  let root: string;
  let records: Record<string, string>[];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nhsp-records-'));
    await generateBundle(join(root, 'records'), { ...OPTIONS, records: true }, undefined, reference);
    await generateBundle(join(root, 'aggregates'), OPTIONS, undefined, reference);
    records = readCsv(join(root, 'records', 'activity_records.csv'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes only rows the data contract accepts, and no activity.csv beside them', () => {
    expect(validateBundle(join(root, 'records'), reference, { trusts: 8, from: '2025-07', to: '2025-08', records: true })).toEqual([]);
    expect(() => readFileSync(join(root, 'records', 'activity.csv'))).toThrow(/ENOENT/);
  });

  it('aggregates to exactly the counts and bed days of activity.csv for the same options', () => {
    const aggregated = new Map<string, ActivityTotals>();
    for (const r of records) {
      addActivity(aggregated, activityKey(r.org_code, r.date.slice(0, 7), r.pod, r.currency), 1, Number(r.los_days || 0));
    }
    const expected = readAggregatedActivity(join(root, 'aggregates'));
    expect(records.length).toBeGreaterThan(20_000);
    expect(aggregated.size).toBe(expected.size);
    expect(new Map([...aggregated].sort())).toEqual(new Map([...expected].sort()));
  });

  it('gives lengths of stay only to inpatient spells and dates planned care on working days', () => {
    const inpatient = new Set(['EL', 'NEL_LS', 'NEL_SS']);
    expect(records.filter((r) => inpatient.has(r.pod.trim().toUpperCase()) !== (r.los_days !== ''))).toEqual([]);
    const planned = records.filter((r) => dayPatternOf(r.pod.trim().toUpperCase() as never) === 'working_days');
    const weekend = planned.filter((r) => [0, 6].includes(new Date(`${r.date}T00:00:00Z`).getUTCDay()));
    expect(planned.length).toBeGreaterThan(5000);
    expect(weekend.length / planned.length).toBeLessThan(0.03);
    const emergencies = records.filter((r) => r.pod.trim().toUpperCase() === 'AE');
    const emergencyWeekend = emergencies.filter((r) => [0, 6].includes(new Date(`${r.date}T00:00:00Z`).getUTCDay()));
    expect(emergencyWeekend.length / emergencies.length).toBeGreaterThan(0.2);
  });

  it('writes the same reference, finance and deflator files in both modes', () => {
    for (const file of ['trusts.csv', 'cost_weights.csv', 'deflators.csv', 'finance.csv']) {
      expect(readFileSync(join(root, 'records', file)).equals(readFileSync(join(root, 'aggregates', file)))).toBe(true);
    }
  });

  it('writes identical records for the same seed', async () => {
    const again = join(root, 'again');
    await generateBundle(again, { ...OPTIONS, records: true }, undefined, reference);
    const file = 'activity_records.csv';
    expect(readFileSync(join(again, file)).equals(readFileSync(join(root, 'records', file)))).toBe(true);
  });
});
