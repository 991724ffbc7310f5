import { Sector } from '@nhsp/domain';
import { trust } from '../spec-helpers';
import { METRIC_SECTORS, PACK_METRICS } from './pack-types';
import { computePacks } from './packs';
import { packInputs } from './spec-helpers';

const sectors: Record<Sector, Parameters<typeof trust>[1]> = {
  acute: {},
  mental_health: { sector: 'mental_health', peerGroup: 'Mental Health', trustType: 'Mental health and community trust' },
  community: { sector: 'community', peerGroup: 'Community', trustType: 'Mental health and community trust' },
  ambulance: { sector: 'ambulance', peerGroup: 'Ambulance', trustType: 'Ambulance trust' },
};
const codes: Record<Sector, string> = { acute: 'RAC', mental_health: 'RMH', community: 'RCO', ambulance: 'RAM' };
// A bundle without any optional return: every category is named as missing, none computed from zeros.
const rows = computePacks(packInputs({ trusts: (Object.keys(sectors) as Sector[]).map((s) => trust(codes[s], sectors[s])) }), '2025-05');

describe('a pack (§11)', () => {
  it.each(Object.keys(sectors) as Sector[])('of a %s trust has every category of its sector, in Table 2 order', (sector) => {
    const metrics = [...new Set(rows.filter((r) => r.orgCode === codes[sector]).map((r) => r.metric))];
    // The drill-down has a row only per dimension the trust reports.
    expect(metrics).toEqual(PACK_METRICS.filter((m) => METRIC_SECTORS[m].includes(sector) && m !== 'cost_index_detail'));
  });

  it('names what each category lacks instead of computing it from zeros', () => {
    for (const row of rows) {
      expect([row.orgCode, row.metric, row.dimension, row.value, row.benchmark, row.opportunityUnits, row.opportunityGbp]).toEqual([
        row.orgCode, row.metric, row.dimension, null, null, null, null,
      ]);
      expect(row.missing.length).toBeGreaterThan(0);
    }
  });

  it('carries the period asked for and the trust’s sector on every row', () => {
    expect(rows.every((r) => r.period === '2025-05' && r.sector === (Object.keys(codes) as Sector[]).find((s) => codes[s] === r.orgCode))).toBe(true);
  });
});
