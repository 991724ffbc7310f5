// The packs' INSERT sends its columns as array literals made here (array-literal.ts) rather than
// as JS arrays node-postgres writes out: the text must be what pg would have sent, element for
// element, and PostgreSQL must read it back as the same values.
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@nhsp/testing';
import { arrayLiteral } from '../src/repositories/array-literal';

// What node-postgres does to a JS array parameter (its types do not declare this module).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

const VALUES: Array<string | number | null | undefined> = ['RA1', '', 'a "quoted" word', 'back\\slash', '\\"', 'NULL', 'comma, {brace}', 'tab\tand\nnewline', 'é £', null, undefined, 0, 17, -2.5, '0.000120', '-12345678901234567890.123456789'];

describe('benchmarking: array literals as node-postgres writes them', () => {
  it('is the text pg makes of the same values, empty and one-element columns included', () => {
    for (const values of [VALUES, [], ['x'], [null], VALUES.slice().reverse()]) {
      expect(arrayLiteral(values, (v) => v)).toBe(prepareValue(values));
    }
    expect(arrayLiteral(['a', 'b', 'c'], (_, i) => i + 1)).toBe(prepareValue([1, 2, 3]));
  });

  describe('read by PostgreSQL', () => {
    let database: TestDatabase;
    let client: Client;
    beforeAll(async () => {
      database = await createTestDatabase('array_literal');
      client = new Client({ connectionString: database.url });
      await client.connect();
    });
    afterAll(async () => {
      await client?.end();
      await database?.drop();
    });

    it('gives back each text and NULL', async () => {
      const { rows } = await client.query(`SELECT t FROM unnest($1::text[]) WITH ORDINALITY AS x(t, i) ORDER BY i`, [arrayLiteral(VALUES, (v) => v)]);
      expect(rows.map((r) => r.t)).toEqual(VALUES.map((v) => (v === null || v === undefined ? null : String(v))));
    });

    it('gives back exact numerics', async () => {
      const numbers = ['0.000120', '-12345678901234567890.123456789', null, '3'];
      const { rows } = await client.query(`SELECT n::text AS n FROM unnest($1::numeric[]) WITH ORDINALITY AS x(n, i) ORDER BY i`, [arrayLiteral(numbers, (v) => v)]);
      expect(rows.map((r) => r.n)).toEqual(numbers);
    });
  });
});
