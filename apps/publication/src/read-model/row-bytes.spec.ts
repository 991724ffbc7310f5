import { joinRows, RowBytes } from './row-bytes';

describe('joinRows', () => {
  const items = ['{"name":"Ysbyty Gwynedd – Bangor"}', '{"n":1}', '{"name":"Sant’Anna é"}', ''];
  const bytes = RowBytes.of(items);

  it('gives the UTF-8 bytes of the joined text: head, the rows in the order asked (commas between JSON items), tail', () => {
    const body = joinRows('{"org":"Gwynedd – x","items":[', [{ bytes, positions: [2, 0] }, { bytes, positions: [1] }], ']}', true);
    expect(body.equals(Buffer.from(`{"org":"Gwynedd – x","items":[${[items[2], items[0], items[1]].join(',')}]}`))).toBe(true);
  });

  it('joins CSV lines as they are, and an empty page is head and tail alone', () => {
    expect(joinRows('a,b\n', [{ bytes, positions: [3, 1] }], '', false).toString()).toBe('a,b\n{"n":1}');
    expect(joinRows('{"items":[', [{ bytes, positions: [] }], ']}', true).toString()).toBe('{"items":[]}');
  });
});
