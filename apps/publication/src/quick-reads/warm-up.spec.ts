import type { ReleaseModel } from '../read-model/release-model';
import type { Rendered } from '../representation';
import { warmUp, warmUpReads, WarmUpTarget } from './warm-up';

/** A model holding four trusts and two values of each filtered field. */
const model = {
  orgs: () => ['RA1', 'RB2', 'RC3', 'RD4'],
  valuesOf: (list: string, field: string) => [`${list} ${field} 1`, `${list} ${field} 2`],
} as unknown as ReleaseModel;

function target(asked: string[]): WarmUpTarget {
  const rendered = (format: 'json' | 'csv'): Rendered => ({ format, body: Buffer.from('[]'), etag: '"x"', paging: { limit: 10, offset: 0, total: 30 } });
  return {
    endpoints: [
      { endpoint: 'estimates', path: '/v1/estimates', params: ['org', 'sector'], sorts: ['name', 'cwa_current'] },
      { endpoint: 'pack', path: '/v1/trusts/:org/pack', params: ['metric'], sorts: ['opportunity_gbp'] },
    ],
    render: (endpoint, path, format, query) => {
      asked.push(`${format} ${path}?${query}`);
      return rendered(format);
    },
    series: (path, query, format) => {
      asked.push(`${format} ${path}?${query}`);
      return rendered(format);
    },
  };
}

describe('warm-up', () => {
  it("asks each list filtered by each parameter's values (the model's own), sorted both ways, paged, and a few trusts' packs and series", () => {
    const reads = warmUpReads(model, target([])).map((r) => `${r.path}?${r.query}`);
    expect(reads).toEqual(
      expect.arrayContaining([
        '/v1/estimates?',
        '/v1/estimates?limit=10&offset=10',
        '/v1/estimates?sort=name&order=desc&limit=10',
        '/v1/estimates?sort=cwa_current&order=asc&limit=10',
        '/v1/estimates?org=estimates%20org_code%201',
        '/v1/estimates?sector=estimates%20sector%202',
        '/v1/estimates?org=estimates%20org_code%201&sector=estimates%20sector%202',
        '/v1/trusts/RA1/pack?metric=opportunities%20metric%201',
        '/v1/trusts/RC3/series?',
      ]),
    );
    expect(reads.some((r) => r.includes('RD4'))).toBe(false);
    expect(reads.some((r) => r.includes(':org'))).toBe(false);
  });

  it('renders every read in both formats, round after round', () => {
    const asked: string[] = [];
    const rendered = warmUp(model, target(asked));
    const reads = warmUpReads(model, target([])).length;
    expect(rendered).toBe(asked.length);
    expect(asked.length).toBeGreaterThan(reads * 2);
    expect(new Set(asked.map((a) => a.split(' ')[0]))).toEqual(new Set(['json', 'csv']));
  });
});
