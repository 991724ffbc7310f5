import { CellError, memo } from './values';

describe('cell parsers on files of millions of bad cells', () => {
  it('a memoised parser judges each distinct value once and answers a repeat without throwing', () => {
    let calls = 0;
    const parse = memo((raw: string) => {
      calls++;
      if (raw !== 'EL') throw new CellError(`unknown POD "${raw}"`);
      return raw;
    });
    const outcomes = ['XX', 'XX', 'EL', 'XX', 'EL'].map((raw) => parse.outcome!(raw));
    expect(outcomes).toEqual([
      { error: new CellError('unknown POD "XX"') },
      { error: new CellError('unknown POD "XX"') },
      { value: 'EL' },
      { error: new CellError('unknown POD "XX"') },
      { value: 'EL' },
    ]);
    expect(calls).toBe(2);
    expect(() => parse('XX')).toThrow('unknown POD "XX"');
  });

  it('a cell error carries no stack trace (its message is all an issue uses, and capturing one is costly)', () => {
    const error = new CellError('"x" is not a number');
    expect(error.stack).toBe('Error: "x" is not a number');
    expect(error).toBeInstanceOf(Error);
    expect(new Error('ordinary').stack).toMatch(/\n\s+at /);
  });
});
