const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What JSON.stringify escapes in a string: quote, backslash, control characters and (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, without the call for the common string it would only quote. */
const quoted = (text: string): string => (ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`);

/**
 * JSON with object keys sorted at every depth: the same value always gives the same text, so it
 * can be hashed or compared (run fingerprints, job keys, "did this setting change"). An absent
 * value is `null` (a hole of a sparse array is nothing, as Array.prototype.join leaves it).
 * Written out in one pass, without an entries array and a text per entry to join: a run's
 * fingerprint is of every submission hash of its months (up to 24 months of 194 trusts).
 */
export function stableJson(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      if (i in value) out += stableJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(byKey);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    out += `${quoted(keys[i])}:${stableJson(record[keys[i]])}`;
  }
  return `${out}}`;
}
