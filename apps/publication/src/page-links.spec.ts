// pageLinks splits plain URLs instead of parsing them: its links must be those of parsing every
// URL with URL and URLSearchParams (the definition before, kept here as the reference).
import { pageLinks } from './representation';

function parsedLinks(url: string, paging: { limit: number; offset: number; total: number }): string | undefined {
  const { limit, offset, total } = paging;
  if (limit <= 0) return undefined;
  const target = new URL(url, 'http://localhost');
  const at = (to: number) => {
    const params = new URLSearchParams(target.search);
    params.set('limit', String(limit));
    params.set('offset', String(to));
    return `<${target.pathname}?${params.toString()}>`;
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [`${at(0)}; rel="first"`];
  if (offset > 0) links.push(`${at(Math.max(0, Math.min(offset - limit, last)))}; rel="prev"`);
  if (offset + limit < total) links.push(`${at(offset + limit)}; rel="next"`);
  links.push(`${at(last)}; rel="last"`);
  return links.join(', ');
}

const URLS = [
  '/v1/estimates',
  '/v1/estimates?',
  '/v1/estimates?period=2025-10&sort=productivity_growth&order=desc&limit=25&offset=50',
  '/v1/estimates?offset=25&period=2025-10&limit=10',
  '/v1/estimates?limit=10&limit=20&offset=5&offset=7&sector=acute',
  '/v1/trusts/RJ7/pack?metric=drugs',
  '/v1/estimates?sector=Acute+teaching&peer_group=a*b.c_d-e',
  '/v1/estimates?sector=Acute%20teaching&limit=5',
  '/v1/estimates?name=a%2Bb&limit=5',
  '/v1/estimates?flag&limit=5',
  '/v1/estimates?&limit=5&&offset=1',
  '/v1/estimates?=x&limit=5',
  '/v1/estimates?q=%zz&limit=5',
  '/v1/estimates?q=caf%C3%A9&limit=5',
  '/v1/estimates?q=a?b&limit=5',
  '/v1/estimates?q=<x>&limit=5',
  '/v1/estimates?limit=5#frag',
  '/v1/./estimates?limit=5',
  '/v1//estimates?limit=5',
  '/v1/estimates/?limit=5',
  '/v1/est%69mates?limit=5',
];

describe('pageLinks', () => {
  it.each(URLS)('gives the links of a parsed URL for %s', (url) => {
    for (const paging of [
      { limit: 25, offset: 0, total: 0 },
      { limit: 25, offset: 0, total: 194 },
      { limit: 25, offset: 50, total: 194 },
      { limit: 10, offset: 190, total: 194 },
      { limit: 100, offset: 7, total: 100 },
      { limit: 0, offset: 0, total: 5 },
    ]) {
      expect(pageLinks(url, paging)).toBe(parsedLinks(url, paging));
    }
  });
});
