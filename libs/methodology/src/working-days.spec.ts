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

  it('knows the one-off bank holidays of 2020 and 2022', () => {
    // May 2020: 21 weekdays less VE Day (Friday 8th, moved from Monday 4th) and the 25th = 19.
    expect(workingDaysInMonth(Month.parse('2020-05'))).toBe(19);
    // June 2022: 22 weekdays less the Platinum Jubilee (2nd and 3rd) = 20; September 2022: 22 less the State Funeral (19th) = 21.
    expect(workingDaysInMonth(Month.parse('2022-06'))).toBe(20);
    expect(workingDaysInMonth(Month.parse('2022-09'))).toBe(21);
  });

  it('refuses months outside the bank holidays it holds', () => {
    expect(() => workingDaysInMonth(Month.parse('2017-06'))).toThrow(/2018–2027/);
    expect(() => workingDaysInMonth(Month.parse('2028-01'))).toThrow(/2018–2027/);
  });
});
