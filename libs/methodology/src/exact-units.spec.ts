import { Exact } from '@nhsp/domain';
import { fromUnits, roundedFromUnits, toUnits, UNIT_SCALE } from './exact-units';

const ONE = 10n ** BigInt(UNIT_SCALE);

describe('exact sums in units of 10^-64', () => {
  it('gives the units of the decimal text itself for 5,000 random values of 1 to 30 digits (the safe-integer path and the string path alike)', () => {
    let seed = 4;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const wrong: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 30) }, () => Math.floor(random() * 10)).join('');
      const places = Math.floor(random() * 40);
      const sign = random() < 0.3 ? '-' : '';
      const text = `${sign}${digits}e-${places}`;
      // The same number written out: digits × 10^(64 − places).
      const expected = (sign ? -1n : 1n) * BigInt(digits) * 10n ** BigInt(UNIT_SCALE - places);
      if (toUnits(new Exact(text)) !== expected) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['31560146.30', 3156014630n * 10n ** 62n],
    ['-0.5', -5n * 10n ** 63n],
    ['0', 0n],
    ['1e-64', 1n],
    ['-1e-64', -1n],
    ['1234567', 1234567n * ONE],
    ['12345678', 12345678n * ONE],
    ['0.00000012', 12n * 10n ** 56n],
    ['1e40', 10n ** 104n],
  ])('holds %s exactly, and gives it back', (text, units) => {
    expect(toUnits(new Exact(text))).toBe(units);
    expect(fromUnits(units).eq(new Exact(text))).toBe(true);
  });

  it('keeps every digit of a 40-digit weight times a count', () => {
    const weight = new Exact('75251062.92').div(1147817); // 40 significant digits
    const units = toUnits(weight) * 1234n;
    const Wide = Exact.clone({ precision: 100 });
    const exact = new Wide(weight.toFixed()).times(1234);
    expect(exact.sd()).toBeGreaterThan(40);
    expect(fromUnits(units).toFixed()).toBe(exact.toFixed());
  });

  it('sums in any order to the same number, rounded once', () => {
    const values = ['0.1', '123456789.123456789123456789', '-987.65', '1e-30', '1e-40'].map((v) => toUnits(new Exact(v)));
    const forward = values.reduce((a, b) => a + b, 0n);
    const backward = [...values].reverse().reduce((a, b) => a + b, 0n);
    expect(forward).toBe(backward);
    // 49 significant digits, rounded once to 40.
    expect(fromUnits(forward).toFixed()).toBe('123455801.5734567891234567890000000000010000000001');
    expect(roundedFromUnits(forward).toFixed()).toBe('123455801.573456789123456789000000000001');
  });

  it('refuses what it cannot hold exactly', () => {
    expect(() => toUnits(new Exact('1e-65'))).toThrow(/more than 64 decimal places/);
    expect(() => toUnits(new Exact(Infinity))).toThrow(/not a finite number/);
  });
});
