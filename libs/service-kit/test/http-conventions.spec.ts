// The pure parts of the HTTP conventions (src/http): which content coding an Accept-Encoding
// asks for, what counts as worth compressing, and organisation codes reaching handlers upper-cased.
import { chooseEncoding, isCompressible, OrgCodesUpperCase, varyWithEncoding, weakened } from '../src/http';

describe('Accept-Encoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip, deflate', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['GZIP', 'gzip'],
  ])('%j → %j', (header, coding) => {
    expect(chooseEncoding(header as string | undefined)).toBe(coding);
  });

  it('compresses JSON, problem details and text of 1 KiB or more, nothing else', () => {
    expect(isCompressible('application/json; charset=utf-8', 1024)).toBe(true);
    expect(isCompressible('application/problem+json', 5000)).toBe(true);
    expect(isCompressible('text/csv; charset=utf-8', 2048)).toBe(true);
    expect(isCompressible('application/json', 1023)).toBe(false);
    expect(isCompressible('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 50_000)).toBe(false);
    expect(isCompressible(undefined, 50_000)).toBe(false);
  });

  it('weakens an ETag once and adds Accept-Encoding to Vary once', () => {
    expect(weakened('"abc"')).toBe('W/"abc"');
    expect(weakened('W/"abc"')).toBe('W/"abc"');
    expect(varyWithEncoding(undefined)).toBe('Accept-Encoding');
    expect(varyWithEncoding('Accept, Authorization')).toBe('Accept, Authorization, Accept-Encoding');
    expect(varyWithEncoding('Accept, accept-encoding')).toBe('Accept, accept-encoding');
  });
});

describe('organisation codes', () => {
  const pipe = new OrgCodesUpperCase();
  it('upper-cases org and orgCode in route parameters and queries, and nothing else', () => {
    expect(pipe.transform('r0a', { type: 'param', data: 'org' })).toBe('R0A');
    expect(pipe.transform(' rxf ', { type: 'query', data: 'orgCode' })).toBe('RXF');
    expect(pipe.transform('acute', { type: 'query', data: 'sector' })).toBe('acute');
    expect(pipe.transform({ org: 'r0a', sector: 'acute' }, { type: 'query' })).toEqual({ org: 'R0A', sector: 'acute' });
    expect(pipe.transform({ orgCode: 'r0a' }, { type: 'body' })).toEqual({ orgCode: 'r0a' });
    expect(pipe.transform(undefined, { type: 'query', data: 'org' })).toBeUndefined();
  });
});
