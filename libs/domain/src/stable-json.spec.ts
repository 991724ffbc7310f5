// stableJson is what run fingerprints, job keys and setting comparisons are made of: stored
// fingerprints must still match, so its text must stay what the first version wrote (below,
// kept here as the reference) for every kind of value.
import { stableJson } from './stable-json';

function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

describe('stableJson', () => {
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const values: unknown[] = [
    null,
    undefined,
    0,
    -1.5e-7,
    Number.NaN,
    true,
    'text with "quotes", \\ and \n',
    'é £ \u2028',
    'emoji \ud83d\ude00, a lone \ud800 and a control \u0001 character',
    { 'back\\slash': 'x', 'tab\tkey': '\udfff', '\ud83d\ude00': 1 },
    [],
    {},
    [1, 'a', null, undefined, [2, [3]], { b: 1, a: 2 }],
    sparse,
    { z: 1, a: { y: [1, { d: undefined, c: null }], b: 'x' }, 'k"ey': 2, '': 3, B: 4, b: 5, 10: 6, 9: 7 },
    { fn: () => 1, date: new Date(0), nested: { deeper: { deepest: ['x'] } } },
    { RA2: { '2025-05': { finance: 'f2', activity: 'a2' } }, RA1: { '2025-04': { activity: 'a1' }, '2025-03': { finance: 'f0' } } },
  ];

  it('writes every kind of value as the first version did', () => {
    for (const value of values) expect(stableJson(value)).toBe(reference(value));
  });

  it('sorts keys at every depth', () => {
    expect(stableJson({ b: { d: 1, c: 2 }, a: [{ f: 1, e: 2 }] })).toBe('{"a":[{"e":2,"f":1}],"b":{"c":2,"d":1}}');
  });
});
