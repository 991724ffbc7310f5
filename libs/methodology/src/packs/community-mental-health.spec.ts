import { OperationsMeasure } from '@nhsp/domain';
import { scheduleRow, trust } from '../spec-helpers';
import { computePacks } from './packs';
import { figures, findRow, packInputs } from './spec-helpers';

// POD mean unit costs (§2 fallback weights): CHS (500 + 1500) / 20 = 100; MHPS 40000 / 100 = 400; IAPT 1000 / 10 = 100.
const schedule = [
  scheduleRow('Community Health Service', 'N01', 10, 500),
  scheduleRow('Community Health Service', 'N02', 10, 1500),
  scheduleRow('Mental Health Provider Spell', 'M1', 100, 40000),
  scheduleRow('NHS Talking Therapy Care Contact', 'I1', 10, 1000),
];
const community = { sector: 'community' as const, peerGroup: 'Community', trustType: 'Mental health and community trust' };
const mentalHealth = { sector: 'mental_health' as const, peerGroup: 'Mental Health', trustType: 'Mental health and community trust' };
const op = (org: string, measure: OperationsMeasure, value: number, dimension = '', month = '2025-04') => [org, month, measure, dimension, value] as [string, string, OperationsMeasure, string, number];
const operations = [
  // Community LOS: 10, 20, 30, and 100 from a mental health trust that also runs community beds.
  op('RC1', 'community_bed_days', 100), op('RC1', 'community_admissions', 10),
  op('RC2', 'community_bed_days', 200), op('RC2', 'community_admissions', 10),
  op('RC3', 'community_bed_days', 300), op('RC3', 'community_admissions', 4), op('RC3', 'community_admissions', 6, '', '2025-05'),
  op('RC4', 'community_bed_days', 300), op('RC4', 'community_admissions', 0),
  op('RM2', 'community_bed_days', 1000), op('RM2', 'community_admissions', 10),
  // Community DNA rate: 5 / 100, 10 / 100, 20 / 100.
  op('RC1', 'community_dna', 5), op('RC1', 'community_contacts', 95),
  op('RC2', 'community_dna', 10), op('RC2', 'community_contacts', 90),
  op('RC3', 'community_dna', 20), op('RC3', 'community_contacts', 80),
  // Adult acute LOS: 30 and 20; a PICU with bed days and no admissions; RM3 reports no ward at all.
  op('RM1', 'mh_bed_days', 300, 'adult_acute'), op('RM1', 'mh_admissions', 10, 'adult_acute'),
  op('RM2', 'mh_bed_days', 200, 'adult_acute'), op('RM2', 'mh_admissions', 10, 'adult_acute'),
  op('RM1', 'mh_bed_days', 50, 'picu'),
  // Talking therapies: DNA rates 0.1 and 0.2; contacts per WTE 90 / 3 = 30 and 80 / 2 = 40.
  op('RM1', 'talking_therapies_dna', 10), op('RM1', 'talking_therapies_contacts', 90),
  op('RM2', 'talking_therapies_dna', 20), op('RM2', 'talking_therapies_contacts', 80),
];
const trusts = [trust('RC1', community), trust('RC2', community), trust('RC3', community), trust('RC4', community), trust('RM1', mentalHealth), trust('RM2', mentalHealth), trust('RM3', mentalHealth)];
const inputs = (unitCosts: boolean) =>
  packInputs({
    trusts,
    schedule,
    operations,
    workforce: [
      ['RM1', '2025-04', 'talking_therapies', 1],
      ['RM1', '2025-05', 'talking_therapies', 2],
      ['RM2', '2025-04', 'talking_therapies', 2],
    ],
    unitCosts: unitCosts ? [['community_bed_day', '381.88']] : [],
  });
const rows = computePacks(inputs(true), '2025-05');

describe('community_los (§11)', () => {
  it('benchmarks every trust reporting community beds; excess bed days × admissions at the community_bed_day unit cost', () => {
    // PERCENTILE.INC([10, 20, 30, 100], 0.25) = 17.5; RC3: (30 − 17.5) × 10 = 125 bed days × £381.88.
    expect(figures(findRow(rows, 'RC3', 'community_los'))).toEqual({ value: '30', benchmark: '17.5', group: 'England', units: '125', unit: 'bed_days', gbp: '47735', missing: [] });
    expect(findRow(rows, 'RM2', 'community_los')).toBeUndefined();
  });

  it('gives the bed days only, naming the unit cost, where unit_costs.csv lacks it', () => {
    const bare = computePacks(inputs(false), '2025-05');
    expect(figures(findRow(bare, 'RC3', 'community_los'))).toMatchObject({ units: '125', gbp: null, missing: [{ file: 'unit_costs.csv', items: ['community_bed_day'] }] });
  });

  it('names zero admissions as missing; the trust is not in the benchmark', () => {
    expect(figures(findRow(rows, 'RC4', 'community_los'))).toMatchObject({ value: null, missing: [{ file: 'operations.csv', items: ['community_admissions above zero'] }] });
  });
});

describe('community_dna (§11)', () => {
  it('is DNAs / (contacts + DNAs); contacts lost beyond the 0.25 point, at the CHS fallback weight', () => {
    // PERCENTILE.INC([0.05, 0.1, 0.2], 0.25) = 0.075; RC3: 0.125 × 100 = 12.5 contacts × £100.
    expect(figures(findRow(rows, 'RC3', 'community_dna'))).toMatchObject({ value: '0.2', benchmark: '0.075', units: '12.5', unit: 'contacts', gbp: '1250' });
    expect(findRow(rows, 'RC4', 'community_dna')!.missing).toEqual([{ file: 'operations.csv', items: ['community_dna', 'community_contacts'] }]);
  });
});

describe('mh_los (§11): by ward type', () => {
  it('benchmarks each ward type nationally; excess bed days at the MHPS weight', () => {
    // PERCENTILE.INC([20, 30], 0.25) = 22.5; RM1: 7.5 × 10 = 75 bed days × £400.
    expect(figures(findRow(rows, 'RM1', 'mh_los', 'adult_acute'))).toEqual({ value: '30', benchmark: '22.5', group: 'England', units: '75', unit: 'bed_days', gbp: '30000', missing: [] });
  });

  it('writes the ward types a trust reports, naming what one lacks, and one row for a trust reporting none', () => {
    expect(rows.filter((r) => r.orgCode === 'RM1' && r.metric === 'mh_los').map((r) => r.dimension)).toEqual(['adult_acute', 'picu']);
    expect(findRow(rows, 'RM1', 'mh_los', 'picu')!.missing).toEqual([{ file: 'operations.csv', items: ['mh_admissions (picu)'] }]);
    expect(rows.filter((r) => r.orgCode === 'RM3' && r.metric === 'mh_los')).toEqual([
      expect.objectContaining({ dimension: null, value: null, missing: [{ file: 'operations.csv', items: ['mh_admissions', 'mh_bed_days'] }] }),
    ]);
  });
});

describe('NHS Talking Therapies (§11)', () => {
  it('talking_therapies_dna: contacts lost beyond the 0.25 point, at the IAPT weight', () => {
    // PERCENTILE.INC([0.1, 0.2], 0.25) = 0.125; RM2: 0.075 × 100 = 7.5 contacts × £100.
    expect(figures(findRow(rows, 'RM2', 'talking_therapies_dna'))).toMatchObject({ value: '0.2', benchmark: '0.125', units: '7.5', gbp: '750' });
  });

  it('talking_therapies_contacts_per_wte: higher is better, the 0.75 point; contacts = max(0, b − v) × Σ WTE', () => {
    // PERCENTILE.INC([30, 40], 0.75) = 37.5; RM1: 7.5 × 3 WTE-months = 22.5 contacts × £100.
    expect(figures(findRow(rows, 'RM1', 'talking_therapies_contacts_per_wte'))).toMatchObject({ value: '30', benchmark: '37.5', units: '22.5', unit: 'contacts', gbp: '2250' });
    expect(figures(findRow(rows, 'RM2', 'talking_therapies_contacts_per_wte'))).toMatchObject({ value: '40', units: '0', gbp: '0' });
    expect(findRow(rows, 'RM3', 'talking_therapies_contacts_per_wte')!.missing).toEqual([
      { file: 'operations.csv', items: ['talking_therapies_contacts'] },
      { file: 'workforce.csv', items: ['wte (talking_therapies)'] },
    ]);
  });
});
