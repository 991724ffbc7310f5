import { Month } from '@nhsp/domain';
import { MethodologyError } from './errors';

/**
 * England and Wales bank holidays, 2019–2027 (GOV.UK), including substitute days and the
 * one-off days (VE Day 2020 in place of the early May holiday; the Platinum Jubilee and the late
 * Queen's state funeral in 2022). From 2019: the index's base year (methodology §9).
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly string[] = [
  '2019-01-01', '2019-04-19', '2019-04-22', '2019-05-06', '2019-05-27', '2019-08-26', '2019-12-25', '2019-12-26',
  '2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28',
  '2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28',
  '2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27',
  '2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26',
  '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26',
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
];
const BANK_HOLIDAYS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);
const FIRST_COVERED_YEAR = 2019;
const LAST_COVERED_YEAR = 2027;

/** WD: Monday..Friday less England and Wales bank holidays, in one calendar month. */
export function workingDaysInMonth(month: Month): number {
  if (month.year < FIRST_COVERED_YEAR || month.year > LAST_COVERED_YEAR) {
    throw new MethodologyError(
      `working days for ${month} are not known: bank holidays are held for ${FIRST_COVERED_YEAR}–${LAST_COVERED_YEAR}`,
    );
  }
  const days = new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
  let count = 0;
  for (let day = 1; day <= days; day++) {
    const date = new Date(Date.UTC(month.year, month.month - 1, day));
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    if (BANK_HOLIDAYS.has(date.toISOString().slice(0, 10))) continue;
    count++;
  }
  return count;
}

/** WD of a period: the sum over its months. */
export function workingDays(months: readonly Month[]): number {
  return months.reduce((sum, month) => sum + workingDaysInMonth(month), 0);
}
