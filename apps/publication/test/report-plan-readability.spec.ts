// The charts of the plan and pack parts, drawn from the golden files with the names and units
// the pages give them (trust names in legends, peer groups, long units), read back from the SVG:
// no text under 12 px, none overlapping another or a bar, none cut by the edge or truncated, at
// the phone's and the desktop's widths.
import { UNIT_DISPLAYS } from '@nhsp/board-answers';
import { histogram, readabilityProblems } from '@nhsp/charts';
import { targetMarker } from '../src/report/plan-html';
import { packPage } from '../src/report/pack-page';
import { englandPlanSection, trustPlanSection } from '../src/report/plan-sections';
import { goldenIndex, goldenOpportunities, goldenStability, goldenTargets, goldenTrusts, SECTOR_TRUSTS } from './plan-golden';
import { count, svgRenderings } from './plan-markup';

const period = '2025-10';

function problems(markup: string): string[] {
  const renderings = svgRenderings(markup);
  expect(renderings.length).toBeGreaterThan(0);
  expect(renderings.length).toBe(2 * count(markup, '<div class="nhsp-chart" ')); // a phone and a desktop drawing of each chart
  return renderings.flatMap((r) => readabilityProblems(r.svg, r.width).map((p) => `${r.id}: ${p}`));
}

it('the histogram of trust growth marks the target', () => {
  const targets = goldenTargets(period);
  const england = targets.find((t) => t.level === 'national')!;
  const chart = histogram({
    id: 'growth-histogram',
    title: 'Trusts by productivity growth',
    values: targets.filter((t) => t.level === 'trust').map((t) => t.productivity_growth),
    markers: [{ label: 'England', value: england.productivity_growth }, targetMarker(england.target)],
    format: UNIT_DISPLAYS.growth,
    axisTitle: 'Productivity growth, year to date',
  });
  expect(chart.renderings.desktop).toContain('Target 2%');
  expect(readabilityProblems(chart.renderings.phone, 358)).toEqual([]);
  expect(readabilityProblems(chart.renderings.desktop, 640)).toEqual([]);
});

describe('plan and pack charts are readable on a phone and a desktop', () => {
  it('England: the national index', () => {
    const markup = englandPlanSection({ period, targets: goldenTargets(period), index: goldenIndex(period).filter((r) => r.level === 'national') }).toString();
    expect(problems(markup)).toEqual([]);
  });

  it.each(Object.values(SECTOR_TRUSTS))('trust %s: band and index beside its peer group; pack gap bars', (org) => {
    const trust = goldenTrusts(period).get(org)!;
    const index = goldenIndex(period);
    const plan = trustPlanSection({
      trust,
      period,
      target: goldenTargets(period).find((t) => t.level === 'trust' && t.group_name === org)!,
      stability: goldenStability(period).rows.find((s) => s.org_code === org)!,
      sensitivity: [],
      index: index.filter((r) => r.level === 'trust' && r.group_name === org),
      peerIndex: index.filter((r) => r.level === 'peer_group' && r.group_name === trust.peer_group),
    }).toString();
    expect(problems(plan)).toEqual([]);
    expect(problems(packPage({ trust, period, rows: goldenOpportunities(period) }).toString())).toEqual([]);
  });
});
