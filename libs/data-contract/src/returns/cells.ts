import Decimal from 'decimal.js';
import { CellError, CellParser, decimal } from '../csv/values';
import { quoted } from '../issues';

/**
 * A non-negative exact decimal such as a WTE, a count of minutes or a cost; `what` names the
 * column's values in the plural for messages ("wte values").
 */
export function nonNegativeDecimal(what: string): CellParser<Decimal> {
  const expected = `(${what} are non-negative decimals)`;
  return (raw) => {
    const value = decimal(raw);
    if (value.isNegative() && !value.isZero()) throw new CellError(`${quoted(raw)} is negative ${expected}`);
    // -0 and 0 are one value; keep the one that prints as 0.
    return value.isZero() ? value.abs() : value;
  };
}

/** The first calendar year of a financial year: `2024` stands for 2024/25. */
export function financialYearStart(raw: string): number {
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d{4}$/.test(text) || value < 1900 || value > 2998) {
    throw new CellError(`${quoted(raw)} is not a year (expected the financial year's first calendar year, e.g. 2024 for 2024/25)`);
  }
  return value;
}

// A molecule is a name such as "adalimumab" or "insulin glargine"; formula or markup text is not.
const MOLECULE = /^[a-z0-9][a-z0-9 .,'()/+-]{0,99}$/;

/** A molecule name, trimmed, inner spaces collapsed and lower-case, so spellings that differ only in case are one molecule. */
export function molecule(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!MOLECULE.test(name)) {
    throw new CellError(`${quoted(raw)} is not a molecule name (expected up to 100 letters, digits, spaces and . , ' ( ) / + -, starting with a letter or digit)`);
  }
  return name;
}
