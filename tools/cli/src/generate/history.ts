import { Month, Pod } from '@nhsp/domain';

/**
 * The national story the generated history tells, FY 2019/20 to 2025/26, as plain tables of
 * calendar time. Every trust follows it, with its own noise on top:
 *
 * - activity fell by about a quarter in 2020/21 (deepest in April 2020 and January 2021, planned
 *   care hardest hit, ambulance incidents hardly at all) and recovered through 2023/24;
 * - real spend rose in the pandemic and has not come back down, so productivity fell by about a
 *   quarter in 2020/21 and has been climbing back at 2–3% a year since, still short of 2019/20;
 * - agency spend peaked in 2022/23 and falls by about 40% in 2025/26, bank spend by about 7%;
 * - length of stay rose with delayed discharges and falls again from 2023/24.
 *
 * The numbers are illustrative, shaped on the board paper (about 25% fall in 2020/21, 2.7% growth
 * in 2024/25, Table 1's movements in 2025/26), not published series.
 */

/** How much of the national dip (below) a POD takes: planned care more than emergencies. */
const PANDEMIC_SENSITIVITY: Partial<Record<Pod, number>> = {
  EL: 1.6, DC: 1.6, RDNA: 1.4, OPPROC: 1.6, OP: 1.5, OP_NCL: 1.4, DI: 1.4, DADS: 1.5, NM: 1.4, AUD: 1.6, SCREEN: 1.6, HCD: 1.4,
  NEL_LS: 1.15, NEL_SS: 1.2, AE: 1.3, CC: 0.8, CCT: 0.8,
  CMDT: 0.4, RENAL: 0.2, REHAB: 1,
  CHS: 0.8, MHCC: 0.7, MHPS: 0.4, IAPT: 0.8,
  AMB: 0.3,
};

/** Fall in activity below trend, by calendar month, for a POD of sensitivity 1 (0.45 = 45% lower). */
const DIP: Record<string, number> = {
  '2020-03': 0.08,
  '2020-04': 0.45, '2020-05': 0.38, '2020-06': 0.28, '2020-07': 0.2, '2020-08': 0.17, '2020-09': 0.13,
  '2020-10': 0.13, '2020-11': 0.16, '2020-12': 0.16, '2021-01': 0.26, '2021-02': 0.22, '2021-03': 0.14,
  '2021-04': 0.12, '2021-05': 0.1, '2021-06': 0.09, '2021-07': 0.09, '2021-08': 0.08, '2021-09': 0.07,
  '2021-10': 0.07, '2021-11': 0.07, '2021-12': 0.1, '2022-01': 0.11, '2022-02': 0.08, '2022-03': 0.07,
};

/** From April 2022 the remaining dip closes linearly: 6% then, 3% a year later, none from April 2024. */
function residualDipOf(month: Month): number {
  const key = String(month);
  if (key in DIP) return DIP[key];
  const index = month.year * 12 + month.month - (2022 * 12 + 4);
  if (index < 0) return 0;
  if (index < 12) return 0.06 - (0.03 * index) / 12;
  if (index < 24) return 0.03 - (0.03 * (index - 12)) / 12;
  return 0;
}

/** The dip of each month, looked up by number: it is asked for every currency of every trust-month. */
const dipCache = new Map<number, number>();
function residualDip(month: Month): number {
  const key = month.year * 12 + month.month;
  let dip = dipCache.get(key);
  if (dip === undefined) dipCache.set(key, (dip = residualDipOf(month)));
  return dip;
}

/** Activity of the POD in the month as a fraction of what the trust's trend would have been. */
export function pandemicFactor(pod: Pod, month: Month): number {
  return Math.max(0.05, 1 - (PANDEMIC_SENSITIVITY[pod] ?? 1) * residualDip(month));
}

/**
 * Real spend relative to the trust's pre-pandemic path, by financial year (start year). Spend is
 * expressed against FY 2023/24, the year of the NCC schedule, so that a trust of average
 * efficiency spends what the schedule's unit costs say its activity costs in that year.
 */
const SPEND_UPLIFT: Record<number, number> = { 2020: 1.03, 2021: 1.08, 2022: 1.12, 2023: 1.14, 2024: 1.142, 2025: 1.13 };

export function spendUplift(month: Month): number {
  const year = month.financialYear.startYear;
  return (SPEND_UPLIFT[year] ?? (year < 2020 ? 1 : SPEND_UPLIFT[2025])) / SPEND_UPLIFT[2023];
}

/** National trend of a POD on top of each trust's own growth, by financial year (Table 1's 2025/26). */
const POD_TREND: Partial<Record<Pod, number>> = {
  NEL_LS: -0.025, NEL_SS: 0.01, AE: 0.01, EL: 0.005, DC: 0.03, OPPROC: 0.03, OP: 0.02, OP_NCL: 0.02,
};

export function podTrend(pod: Pod, startYear: number): number {
  return startYear >= 2024 ? (POD_TREND[pod] ?? 0) : 0;
}

/** Agency and bank spend against FY 2024/25 (the difference goes to substantive pay). */
const AGENCY: Record<number, number> = { 2019: 1.05, 2020: 1.15, 2021: 1.3, 2022: 1.55, 2023: 1.35, 2024: 1, 2025: 0.58 };
const BANK: Record<number, number> = { 2019: 0.75, 2020: 0.95, 2021: 1, 2022: 1.1, 2023: 1.08, 2024: 1, 2025: 0.93 };

export function agencyLevel(startYear: number): number {
  return AGENCY[startYear] ?? (startYear < 2019 ? AGENCY[2019] : AGENCY[2025]);
}

export function bankLevel(startYear: number): number {
  return BANK[startYear] ?? (startYear < 2019 ? BANK[2019] : BANK[2025]);
}

/** Length of stay against FY 2024/25: delayed discharges in 2021/22–2022/23, falling since. */
const LOS: Record<number, number> = { 2019: 1, 2020: 1.04, 2021: 1.06, 2022: 1.07, 2023: 1.05, 2024: 1.03, 2025: 1.015 };

export function losLevel(startYear: number): number {
  return (LOS[startYear] ?? (startYear < 2019 ? 1 : LOS[2025])) / LOS[2024];
}

/** Theatre utilisation against a trust's own level, in points: the pandemic's infection control, then gains. */
const THEATRE: Record<number, number> = { 2019: 0, 2020: -0.1, 2021: -0.05, 2022: -0.02, 2023: 0, 2024: 0.008, 2025: 0.025 };

export function theatreShift(startYear: number): number {
  return THEATRE[startYear] ?? (startYear < 2019 ? 0 : THEATRE[2025]);
}

/** Ambulance handover delays against FY 2024/25: low in 2020/21, worst in 2022/23. */
const HANDOVER: Record<number, number> = { 2019: 0.6, 2020: 0.45, 2021: 1.05, 2022: 1.5, 2023: 1.2, 2024: 1, 2025: 0.9 };

export function handoverLevel(startYear: number): number {
  return HANDOVER[startYear] ?? (startYear < 2019 ? HANDOVER[2019] : HANDOVER[2025]);
}

/** Energy prices in £ per kWh by financial year: the 2022 spike. */
const ELECTRICITY: Record<number, number> = { 2019: 0.125, 2020: 0.12, 2021: 0.16, 2022: 0.3, 2023: 0.27, 2024: 0.235, 2025: 0.225 };
const GAS: Record<number, number> = { 2019: 0.026, 2020: 0.024, 2021: 0.05, 2022: 0.1, 2023: 0.075, 2024: 0.062, 2025: 0.057 };

export function energyPrices(startYear: number): { electricity: number; gas: number } {
  const year = Math.min(2025, Math.max(2019, startYear));
  return { electricity: ELECTRICITY[year], gas: GAS[year] };
}
