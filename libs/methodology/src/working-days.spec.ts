import { Month } from '@nhsp/domain';
import { workingDays, workingDaysInMonth } from './working-days';

describe('working days', () => {
  it('counts Monday..Friday less Good Friday and Easter Monday in April 2025', () => {
    // 22 weekdays; 18 and 21 April are bank holidays.
    expect(workingDaysInMonth(Month.parse('2025-04'))).toBe(20);
  });

  it('uses the substitute Boxing Day of December 2026', () => {
    // 23 weekdays; Friday 25th and Monday 28th (for Saturday 26th) are bank holidays.
    expect(workingDaysInMonth(Month.parse('2026-12'))).toBe(21);
  });

  it('sums a period over its months', () => {
    // May 2024: 23 weekdays less 6th and 27th = 21; June 2024: 20 weekdays, no holidays.
    expect(workingDays([Month.parse('2024-05'), Month.parse('2024-06')])).toBe(41);
  });

  it('refuses months outside the bank holidays it holds', () => {
    expect(() => workingDaysInMonth(Month.parse('2022-06'))).toThrow(/2023–2027/);
  });
});
