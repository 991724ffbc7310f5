import { CsvRecord, CsvRecordParser } from './record-parser';

function parse(text: string, chunkSize = text.length || 1, limits = { maxRecordChars: 1_000_000, maxFields: 100 }): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvRecordParser((record) => records.push({ ...record, fields: [...record.fields] }), limits);
  for (let at = 0; at < text.length; at += chunkSize) parser.push(text.slice(at, at + chunkSize));
  parser.end();
  return records;
}

const simplify = (records: CsvRecord[]) => records.map((r) => [r.line, r.fields, r.problem]);

describe('CsvRecordParser', () => {
  const text = 'a,b,c\r\n"x, y","he said ""hi""",3\r\n\r\n"multi\nline",,\n  \nlast,row,"q"';
  const expected = [
    [1, ['a', 'b', 'c'], null],
    [2, ['x, y', 'he said "hi"', '3'], null],
    [4, ['multi\nline', '', ''], null],
    [7, ['last', 'row', 'q'], null],
  ];

  it('reads RFC 4180 records with the physical line each starts on, skipping blank lines', () => {
    expect(simplify(parse(text))).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 5, 7, 11]) expect(simplify(parse(text, size))).toEqual(expected);
  });

  it('treats a lone CR as a line break and CRLF split across chunks as one', () => {
    expect(simplify(parse('a\rb\r\nc\n', 1))).toEqual([
      [1, ['a'], null],
      [2, ['b'], null],
      [3, ['c'], null],
    ]);
  });

  it('keeps a trailing empty field and reads a last record without a line break', () => {
    expect(simplify(parse('a,b,\nc,d,'))).toEqual([
      [1, ['a', 'b', ''], null],
      [2, ['c', 'd', ''], null],
    ]);
  });

  it('reports text after a closing quote and an unclosed quote', () => {
    const records = parse('"ab"c,d\n"open,e\n');
    expect(records[0].problem).toMatch(/text after a closing quote/);
    expect(records[0].line).toBe(1);
    expect(records[1].problem).toMatch(/never closed/);
    expect(records[1].line).toBe(2);
  });

  it('reports an over-long record once, skips it and carries on at the next line', () => {
    const long = 'x'.repeat(500);
    for (const size of [7, 64, 10_000]) {
      const records = parse(`a,b\n${long},1\nc,d\n`, size, { maxRecordChars: 100, maxFields: 100 });
      expect(simplify(records)).toEqual([
        [1, ['a', 'b'], null],
        [2, [], 'record longer than 100 characters'],
        [3, ['c', 'd'], null],
      ]);
    }
  });

  it('counts but does not keep fields beyond the limit', () => {
    const [record] = parse(`${','.repeat(20)}\n`, 4, { maxRecordChars: 1000, maxFields: 5 });
    expect(record.fields).toHaveLength(5);
    expect(record.fieldCount).toBe(21);
    expect(record.problem).toBe('more than 5 fields');
  });

  it('gives the same records for whole lines as character by character, at the limits too', () => {
    // Whole chunks against one character a chunk, on plain lines and at the record and field limits.
    const plain = 'a,b,c\n1,,3\n   \n\n,\nx,y,z\r\nq,"r",s\nlast';
    expect(simplify(parse(plain))).toEqual(simplify(parse(plain, 1)));
    const limits = { maxRecordChars: 6, maxFields: 3 };
    for (const edge of ['abcde\nabcdef\nab\n', 'a,b,c\na,b,c,d\n', 'a,,\n,,,\n']) {
      expect(simplify(parse(edge, edge.length, limits))).toEqual(simplify(parse(edge, 1, limits)));
    }
  });
});
