import { normaliseCurrency, parsePod } from '@nhsp/domain';
import { quoted } from '../issues';
import { CellError, fromDomain, memo } from './values';

/** A POD code, as in `activity.csv` and `trust_costs.csv`. */
export const podCell = memo(fromDomain(parsePod));

// NCC currency codes are letters and digits (FF12A, WF01B, 01); a formula or SQL text is not one.
const CURRENCY_CODE = /^[A-Z0-9]{1,20}$/;

/** An NCC currency code, trimmed and upper-case. */
export const currencyCell = memo(
  fromDomain((raw) => {
    const code = normaliseCurrency(raw);
    if (!CURRENCY_CODE.test(code)) {
      throw new CellError(`${quoted(raw)} is not an NCC currency code (expected up to 20 letters and digits, e.g. FF12A)`);
    }
    return code;
  }),
);
