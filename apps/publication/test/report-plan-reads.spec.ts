// The assembly of the plan and pack parts from a release's reads: a PlanReads over the golden
// history bundle's files (as the release snapshot would hold them) gives each part exactly the
// rows of its trust, group and period, and the parts render.
import { englandParts, packParts, PlanReads, trustParts } from '../src/report/plan-reads';
import { packPage } from '../src/report/pack-page';
import { englandPlanSection, trustPlanSection } from '../src/report/plan-sections';
import { table1Section } from '../src/report/table1';
import { goldenIndex, goldenIndicators, goldenOpportunities, goldenStability, goldenTargets, goldenTrusts } from './plan-golden';
import { fact } from './plan-markup';

function goldenReads(period: string): PlanReads {
  const stability = goldenStability(period);
  return {
    targets: async () => goldenTargets(period),
    index: async (level, group) => goldenIndex(period).filter((r) => r.level === level && r.group_name === group),
    stability: async (org) => stability.rows.find((r) => r.org_code === org) ?? null,
    rankStability: async () => stability.rank,
    sensitivity: async () => [],
    opportunities: async (org) => goldenOpportunities(period).filter((r) => r.org_code === org),
    indicators: async (level, group) => goldenIndicators(period).filter((r) => r.level === level && r.group_name === group),
    unstableBand: async () => '0.019',
  };
}

describe('plan reads → parts', () => {
  const period = '2025-10';
  const reads = goldenReads(period);

  it('England: every target row, the national index and rank stability', async () => {
    const { plan, table1 } = await englandParts(reads, period);
    expect(plan.targets).toHaveLength(goldenTargets(period).length);
    expect(plan.index.map((r) => r.year)).toEqual(['2019/20', '2020/21', '2021/22', '2022/23', '2023/24', '2024/25', '2025/26']);
    expect(plan.rankStability?.rank_stability).toBe('0.887218045112782');
    expect(table1).toMatchObject({ level: 'national', group_name: 'England', rows: [] });
    expect(fact(englandPlanSection(plan).toString(), 'on_track').text).toBe('No');
    expect(table1Section(table1).toString()).toContain('No key operational indicators for England');
  });

  it('a trust: its own target, stability, index beside its peer group’s, indicators and the run’s unstable band', async () => {
    const trust = goldenTrusts(period).get('RV9')!;
    const { plan, table1 } = await trustParts(reads, period, trust);
    expect(plan.target?.group_name).toBe('RV9');
    expect(plan.stability?.org_code).toBe('RV9');
    expect(new Set(plan.index.map((r) => r.group_name))).toEqual(new Set(['RV9']));
    expect(new Set(plan.peerIndex.map((r) => `${r.level}:${r.group_name}`))).toEqual(new Set(['peer_group:Mental Health and Learning Disability']));
    expect(plan.unstableBand).toBe('0.019');
    expect(table1.sector).toBe('mental_health');
    // The explanation names the run's own threshold (1.9 points here), not the default.
    expect(trustPlanSection(plan).toString()).toContain('more than the 1.90 pts');
  });

  it('a pack: the trust’s rows only', async () => {
    const trust = goldenTrusts(period).get('RX7')!;
    const view = await packParts(reads, period, trust);
    expect(new Set(view.rows.map((r) => r.org_code))).toEqual(new Set(['RX7']));
    expect(packPage(view).toString()).toContain('Opportunity pack: NORTH WEST AMBULANCE SERVICE NHS TRUST (RX7)');
  });
});
