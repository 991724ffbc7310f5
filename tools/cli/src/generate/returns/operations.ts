import { Month, Pod } from '@nhsp/domain';
import { MonthRow } from '../activity';
import { energyPrices, handoverLevel, losLevel, pandemicFactor, theatreShift } from '../history';
import { TrustModel } from '../model';
import { yearIndex } from '../paths';
import { seasonality } from '../profiles';
import { logNormal, normal, poisson, Rng } from '../prng';
import { CORPORATE_FUNCTIONS, WARD_TYPES } from './codes';
import { nationalWardLos, ReturnsProfile } from './profile';
import { CONVEY_CURRENCY, INCIDENT_CURRENCIES } from './workforce';

export interface OperationLine {
  measure: string;
  dimension: string;
  /** As written: whole numbers for counts, minutes and kWh; 2 dp for money; 1 dp for m². */
  value: string;
}

/** Calendar-month profiles, January first: electricity a little, gas a lot, handover delays in winter. */
const normalised = (values: number[]) => values.map((v) => (v * values.length) / values.reduce((a, b) => a + b, 0));
const ELECTRICITY_SEASON = normalised([1.1, 1.05, 1.02, 0.96, 0.94, 0.95, 0.98, 0.97, 0.95, 0.99, 1.04, 1.09]);
const GAS_SEASON = normalised([1.65, 1.5, 1.25, 0.95, 0.7, 0.5, 0.45, 0.45, 0.6, 0.95, 1.35, 1.6]);
const HANDOVER_SEASON = normalised([1.5, 1.25, 1.1, 0.9, 0.8, 0.75, 0.75, 0.75, 0.85, 1, 1.15, 1.45]);

/** Theatre minutes a spell takes, before the trust's own factor; a few long stays are emergency operations. */
const THEATRE_MINUTES: Partial<Record<Pod, number>> = { EL: 95, DC: 38, NEL_LS: 0.12 * 80 };

const whole = (value: number) => String(Math.max(0, Math.round(value)));
const money = (value: number) => (Math.round(Math.max(0, value) * 100) / 100).toFixed(2);
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

function countOf(rows: MonthRow[], pod: Pod, currencies?: ReadonlySet<string>): number {
  let total = 0;
  for (const row of rows) if (row.line.pod === pod && (!currencies || currencies.has(row.line.currency))) total += row.count;
  return total;
}

/**
 * One trust's `operations.csv` rows for a month. Counts that activity.csv also carries are taken
 * from the month's activity (talking-therapies contacts are the IAPT count, community contacts
 * the CHS count, mental health bed days the MHPS count, ambulance incidents the AMB calls), so the
 * two files agree; `income` is the month's operating income in pounds.
 */
export function operationsMonth(
  model: TrustModel,
  profile: ReturnsProfile,
  month: Month,
  rows: MonthRow[],
  income: number,
  rng: Rng,
): OperationLine[] {
  const year = month.financialYear.startYear;
  const noise = profile.yearNoise[yearIndex(year)];
  const lines: OperationLine[] = [];
  const add = (measure: string, value: string, dimension = '') => lines.push({ measure, dimension, value });

  switch (model.trust.sector) {
    case 'acute': {
      let touch = 0;
      for (const row of rows) touch += row.count * (THEATRE_MINUTES[row.line.pod] ?? 0);
      touch *= profile.theatreMinutes * logNormal(rng, 0.02);
      const utilisation = clamp(profile.utilisation + theatreShift(year) + 0.01 * noise + 0.008 * normal(rng), 0.4, 0.95);
      add('theatre_session_minutes', whole(touch / utilisation));
      add('theatre_touch_minutes', whole(touch));
      break;
    }
    case 'mental_health': {
      const bedDays = countOf(rows, 'MHPS');
      for (const ward of WARD_TYPES) {
        const share = profile.wardMix[ward];
        if (share === undefined) continue;
        const days = Math.round(bedDays * share * logNormal(rng, 0.03));
        const stay = nationalWardLos(ward) * profile.wardLos[ward]! * (1 + 0.03 * noise);
        add('mh_admissions', String(poisson(rng, days / stay)), ward);
        add('mh_bed_days', String(days), ward);
      }
      const contacts = countOf(rows, 'IAPT');
      if (model.podVolume.has('IAPT')) {
        const dna = clamp(profile.talkingTherapiesDna * (1 + 0.06 * noise), 0.01, 0.4);
        add('talking_therapies_contacts', String(contacts));
        add('talking_therapies_dna', String(poisson(rng, (contacts * dna) / (1 - dna))));
      }
      break;
    }
    case 'community': {
      const volume = profile.communityAdmissions * pandemicFactor('REHAB', month) * seasonality('REHAB', month.year, month.month);
      const admissions = poisson(rng, volume * (model.podPath.get('CHS')?.at(month) ?? 1));
      const stay = profile.communityLos * losLevel(year) * (1 + 0.03 * noise) * logNormal(rng, 0.05);
      const contacts = countOf(rows, 'CHS');
      const dna = clamp(profile.communityDna * (1 + 0.06 * noise), 0.01, 0.4);
      add('community_admissions', String(admissions));
      add('community_bed_days', whole(admissions * stay));
      add('community_contacts', String(contacts));
      add('community_dna', String(poisson(rng, (contacts * dna) / (1 - dna))));
      break;
    }
    case 'ambulance': {
      const incidents = countOf(rows, 'AMB', INCIDENT_CURRENCIES);
      const conveyed = Math.round(countOf(rows, 'AMB', new Set([CONVEY_CURRENCY])) * clamp(profile.conveyToEd + 0.008 * normal(rng), 0.5, 1));
      const handovers = Math.round(conveyed * profile.handoverShare);
      const excess = profile.handoverExcess * handoverLevel(year) * HANDOVER_SEASON[month.month - 1] * (1 + 0.05 * noise) * logNormal(rng, 0.08);
      add('ambulance_incidents', String(incidents));
      add('ambulance_conveyed_ed', String(conveyed));
      add('ambulance_handovers', String(handovers));
      add('ambulance_handover_minutes_over_15', whole(handovers * excess));
      break;
    }
  }

  for (const fn of CORPORATE_FUNCTIONS) {
    add('corporate_cost_gbp', money(income * profile.corporate[fn] * (1 + 0.04 * noise) * logNormal(rng, 0.04)), fn);
  }
  add('estate_area_m2', (Math.round(estateArea(profile, year) * 10) / 10).toFixed(1));
  const efficiency = Math.pow(0.985, year - 2019);
  const area = estateArea(profile, year);
  const electricity = Math.round(((area * profile.electricityIntensity * efficiency * ELECTRICITY_SEASON[month.month - 1]) / 12) * logNormal(rng, 0.03));
  const gas = Math.round(((area * profile.gasIntensity * efficiency * GAS_SEASON[month.month - 1]) / 12) * logNormal(rng, 0.05));
  const prices = energyPrices(year);
  add('electricity_kwh', String(electricity));
  add('gas_kwh', String(gas));
  add('energy_cost_gbp', money((electricity * prices.electricity + gas * prices.gas) * profile.energyContract));
  add('operating_income_gbp', money(income));
  add('general_supplies_cost_gbp', money(income * profile.generalSupplies * (1 + 0.05 * noise) * logNormal(rng, 0.05)));
  return lines;
}

function estateArea(profile: ReturnsProfile, year: number): number {
  return profile.area * (profile.newBuildYear !== null && year >= profile.newBuildYear ? 1.06 : 1);
}

/** Operating income of a month: its operating spend with the trust's surplus or deficit of the year. */
export function operatingIncome(profile: ReturnsProfile, month: Month, spendPounds: number): number {
  const year = month.financialYear.startYear;
  // Block contracts in the pandemic years paid trusts their costs.
  const margin = year === 2020 || year === 2021 ? 0.002 : profile.margin[yearIndex(year)];
  return spendPounds * (1 + margin);
}
