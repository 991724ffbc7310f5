import { deriveSector, FinancialYear, formatFraction, formatPounds, Month, parseExact, parseOrgCode, parsePercent, parsePod, podForServiceCode, YearToDate, Exact } from './index';

describe('periods', () => {
  it('makes period 2025-10 Month 7 year-to-date against the same months of 2024', () => {
    const ytd = YearToDate.of('2025-10');
    expect(ytd.months).toBe(7);
    expect(ytd.current.map(String)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10']);
    expect(ytd.base.map(String)[0]).toBe('2024-04');
    expect(ytd.base.map(String)[6]).toBe('2024-10');
    expect(String(ytd.financialYear)).toBe('2025/26');
  });

  it('crosses the calendar year within a financial year', () => {
    const ytd = YearToDate.of('2026-02');
    expect(ytd.months).toBe(11);
    expect(String(ytd.current[10])).toBe('2026-02');
    expect(String(ytd.base[10])).toBe('2025-02');
  });

  it('numbers months April = M1 .. March = M12', () => {
    expect(Month.parse('2025-04').monthOfYear).toBe(1);
    expect(Month.parse('2026-03').monthOfYear).toBe(12);
    expect(String(Month.parse('2026-03').financialYear)).toBe('2025/26');
    expect(String(FinancialYear.parse('2024/25').month(12))).toBe('2025-03');
  });

  it.each(['2025-13', '2025-1', '25-01', '2025/04', ''])('refuses the month "%s"', (value) => {
    expect(() => Month.parse(value)).toThrow();
  });

  it('refuses a financial year whose halves do not follow', () => {
    expect(() => FinancialYear.parse('2025/27')).toThrow(/not a financial year/);
  });
});

describe('codes', () => {
  it('reads POD codes trimmed and case-insensitively, and refuses unknown ones', () => {
    expect(parsePod(' nel_ss ')).toBe('NEL_SS');
    expect(() => parsePod('XYZ')).toThrow(/unknown POD/);
  });

  it('maps NCC service codes to PODs', () => {
    expect(podForServiceCode('Non-Elective Inpatient - Short Stay')).toBe('NEL_SS');
    expect(podForServiceCode('Ambulance ')).toBe('AMB');
    expect(podForServiceCode('Nope')).toBeUndefined();
  });

  it('upper-cases organisation codes and refuses malformed ones', () => {
    expect(parseOrgCode(' rxf ')).toBe('RXF');
    expect(() => parseOrgCode('R-1')).toThrow(/ODS/);
  });

  it('derives sectors as the data contract says', () => {
    expect(deriveSector('Acute trust', 'Acute - Teaching')).toBe('acute');
    expect(deriveSector('Mental health and community trust', 'Community')).toBe('community');
    expect(deriveSector('Mental health and community trust', 'Mental Health and Learning Disability')).toBe('mental_health');
    expect(deriveSector('Acute trust', 'x', 'community')).toBe('community');
    expect(() => deriveSector('Hospice', 'x')).toThrow(/unknown trust type/);
  });
});

describe('money and numbers', () => {
  it('parses plain decimals exactly and refuses anything else', () => {
    expect(parseExact('0.1').plus(parseExact('0.2')).toString()).toBe('0.3');
    expect(() => parseExact('1e5')).toThrow();
    expect(() => parseExact('12,3')).toThrow();
  });

  it('formats pounds to 2 dp with halves away from zero and fractions to 17 significant digits', () => {
    expect(formatPounds(new Exact('2.345'))).toBe('2.35');
    expect(formatPounds(new Exact('-2.345'))).toBe('-2.35');
    expect(formatFraction(new Exact(1).div(3))).toBe('0.33333333333333333');
    expect(formatFraction(new Exact('0.00000001234'))).toBe('0.00000001234');
  });

  it('reads percentages as fractions', () => {
    expect(parsePercent('4.79%').toString()).toBe('0.0479');
    expect(() => parsePercent('4.79')).toThrow(/percentage/);
  });
});
