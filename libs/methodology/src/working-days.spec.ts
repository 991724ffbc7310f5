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

  it('knows the one-off holidays of the history: the Platinum Jubilee and the state funeral of 2022', () => {
    // June 2022: 22 weekdays less Thursday 2nd and Friday 3rd; September 2022: 22 less Monday 19th.
    expect(workingDaysInMonth(Month.parse('2022-06'))).toBe(20);
    expect(workingDaysInMonth(Month.parse('2022-09'))).toBe(21);
    // May 2020: 21 weekdays less Friday 8th (VE Day, in place of Monday 4th) and Monday 25th.
    expect(workingDaysInMonth(Month.parse('2020-05'))).toBe(19);
  });

  it('refuses months outside the bank holidays it holds', () => {
    expect(() => workingDaysInMonth(Month.parse('2018-06'))).toThrow(/2019–2027/);
    expect(() => workingDaysInMonth(Month.parse('2028-01'))).toThrow(/2019–2027/);
  });
});
