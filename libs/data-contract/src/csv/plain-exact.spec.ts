import { Exact } from '@nhsp/domain';
import { plainExact, plainExactBytes } from './plain-exact';

/** The inner form decimal.js computes with: equal forms give equal results in every later step. */
const form = (value: unknown) => {
  const { s, e, d } = value as { s: number; e: number; d: number[] };
  return { s, e, d };
};

/** A random plain decimal: sign, leading zeros, integer digits, point, fraction digits, trailing zeros. */
function randomPlain(random: () => number): string {
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  const sign = ['', '-', '+'][Math.floor(random() * 3)];
  const whole = '0'.repeat(Math.floor(random() * 3)) + digits(Math.floor(random() * 22));
  const fraction = random() < 0.7 ? `.${digits(Math.floor(random() * 20))}${'0'.repeat(Math.floor(random() * 3))}` : '';
  const text = `${sign}${whole}${fraction}`;
  return /\d/.test(text) ? text : `${text}0`;
}

describe('plainExact: a plain decimal cell read in one pass', () => {
  it('builds the same inner form as new Exact(text) for the edge cases of the word layout', () => {
    const cases = [
      '0', '-0', '+0', '0.000', '-0.00', '000', '.0', '0.', '5.', '.5', '-.5', '+3', '7', '10', '1000000', '9999999', '10000000',
      '1234567', '12345678', '123456789012345', '0.05', '0.0000001', '0.00000012345678', '-1234.56', '10856956.36',
      '000123.4500', '99999999999999.99', '1234567890123456789012345678901234567890', '0.1234567890123456789012345678901234567890123',
      '1000000.0000001', '-100.', '254601', '246.03',
    ];
    for (const text of cases) expect([text, form(plainExact(text))]).toEqual([text, form(new Exact(text))]);
  });

  it('agrees with new Exact(text) on 20,000 random plain decimals, in value and in arithmetic', () => {
    let seed = 17;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const differing: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const text = randomPlain(random);
      const fast = plainExact(text)!;
      const slow = new Exact(text);
      const same = JSON.stringify(form(fast)) === JSON.stringify(form(slow)) && fast.plus('0.01').times(3).eq(slow.plus('0.01').times(3));
      if (!same) differing.push(text);
    }
    expect(differing).toEqual([]);
  });

  it('leaves anything but a plain decimal to the general parser (null)', () => {
    for (const text of ['', '-', '+', '.', '1.2.3', '1e5', ' 12', '12 ', '1,234', 'abc', '--1', '12a', '0x10', 'NaN', 'Infinity']) {
      expect([text, plainExact(text)]).toEqual([text, null]);
    }
  });

  it('keeps the -0 of a cell as decimal.js does (nonNegativeDecimal then prints it as 0)', () => {
    expect(plainExact('-0')!.isNegative()).toBe(true);
    expect(plainExact('-0')!.isZero()).toBe(true);
  });

  it('reads the same from bytes (plainExactBytes) as from the text, inside a larger buffer, for the edge cases and 20,000 random values', () => {
    let seed = 29;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const texts = ['0', '-0', '+0', '0.000', '.5', '5.', '-.5', '10856956.36', '0.00000012345678', '1234567890123456789012345678901234567890', '', '-', '1e5', '1.2.3', '12a'];
    for (let i = 0; i < 20_000; i++) texts.push(randomPlain(random));
    const buffer = Buffer.from(`x${texts.join('\n')}\ny`);
    const differing: string[] = [];
    let at = 1;
    for (const text of texts) {
      const fromBytes = plainExactBytes(buffer, at, at + text.length);
      const fromText = plainExact(text);
      if (JSON.stringify(fromBytes && form(fromBytes)) !== JSON.stringify(fromText && form(fromText)) || fromBytes?.constructor !== fromText?.constructor) differing.push(text);
      at += text.length + 1;
    }
    expect(differing).toEqual([]);
  });
});
