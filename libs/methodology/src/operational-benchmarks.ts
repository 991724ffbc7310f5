import Decimal from 'decimal.js';
import { Exact, POD_GROUP_NAMES, podGroupOf, PodGroup } from '@nhsp/domain';
import { benchmarkOf, opportunity } from './benchmarks';
import { TrustEstimate } from './estimate';
import { LOS_GROUPS, LosGroup } from './length-of-stay';
import { BenchmarkRow, benchmarkRow, CORE_METRICS, MetricRows, PeerGroup } from './peer-benchmarks';

/**
 * The benchmarking categories beyond the core two (board paper Table 2). Categories overlap, so
 * their opportunities are reported side by side and never summed into one total.
 */

/** Temporary staffing: agency spend reduced by 30% and bank by 10%, half of that counted as opportunity. */
export const TEMPORARY_STAFFING = { agencyReduction: '0.3', bankReduction: '0.1', counted: '0.5' } as const;

function groupCwa(e: TrustEstimate, group: PodGroup): Decimal {
  return e.byPod.filter((p) => podGroupOf(p.pod) === group).reduce((sum, p) => sum.plus(p.current), new Exact(0));
}

/**
 * Cost per WAU by POD group. The financial return has no POD split, so a group's real spend is
 * apportioned by its share of the trust's CWA: the group value equals the trust's overall cost per
 * WAU, the group opportunity is the part of the overall opportunity that lies in that activity,
 * and the benchmark compares only the trusts that deliver the group.
 */
function podGroupCostPerWauRows(group: PeerGroup, members: TrustEstimate[]): BenchmarkRow[] {
  return POD_GROUP_NAMES.flatMap((podGroup) => {
    const delivering = members.filter((e) => groupCwa(e, podGroup).gt(0));
    if (delivering.length === 0) return [];
    const benchmark = benchmarkOf(delivering.map((e) => e.measures!.costPerWau), 'lower_is_better');
    return delivering.map((e) =>
      benchmarkRow(e, group, delivering.length, {
        metric: `cost_per_wau_${podGroup}`,
        value: e.measures!.costPerWau,
        benchmark,
        opportunityGbp: opportunity(e.measures!.costPerWau, benchmark, groupCwa(e, podGroup)),
      }),
    );
  });
}

/**
 * Length of stay (days per spell) against the casemix-expected LOS, where bed days are supplied.
 * Opportunity in bed days = max(0, actual − expected); in pounds at the trust's weighted value per
 * bed day of that activity (CWA of the group's PODs / its bed days), as the schedule has no bed-day cost.
 */
function lengthOfStayRows(group: PeerGroup, members: TrustEstimate[]): BenchmarkRow[] {
  return (Object.keys(LOS_GROUPS) as LosGroup[]).flatMap((losGroup) => {
    const withLos = members.flatMap((e) => {
      const los = e.lengthOfStay?.find((l) => l.group === losGroup);
      return los && los.bedDays > 0 ? [{ e, los }] : [];
    });
    return withLos.map(({ e, los }) => {
      const actual = new Exact(los.bedDays);
      const excessBedDays = Exact.max(0, actual.minus(los.expectedBedDays));
      const pods = LOS_GROUPS[losGroup] as readonly string[];
      const cwa = e.byPod.filter((p) => pods.includes(p.pod)).reduce((s, p) => s.plus(p.current), new Exact(0));
      return benchmarkRow(e, group, withLos.length, {
        metric: `los_${losGroup}`,
        value: actual.div(los.spells),
        benchmark: los.expectedBedDays.div(los.spells),
        opportunityUnits: excessBedDays,
        opportunityGbp: excessBedDays.times(cwa.div(los.bedDays)),
      });
    });
  });
}

/** Temporary staffing: value = bank and agency share of pay (current period, real terms); no peer benchmark. */
function temporaryStaffingRows(group: PeerGroup, members: TrustEstimate[]): BenchmarkRow[] {
  return members.flatMap((e) => {
    const real = (category: string) => e.byCategory.find((c) => c.category === category && !c.excluded)?.realCurrent ?? new Exact(0);
    const pay = e.byCategory.filter((c) => c.category.startsWith('pay_') && !c.excluded).reduce((s, c) => s.plus(c.realCurrent), new Exact(0));
    if (pay.isZero()) return [];
    const agency = real('pay_agency');
    const bank = real('pay_bank');
    const saving = agency.times(TEMPORARY_STAFFING.agencyReduction).plus(bank.times(TEMPORARY_STAFFING.bankReduction));
    return [
      benchmarkRow(e, group, members.length, {
        metric: 'temporary_staffing',
        value: agency.plus(bank).div(pay),
        opportunityGbp: Exact.max(0, saving.times(TEMPORARY_STAFFING.counted)),
      }),
    ];
  });
}

/** Every benchmarking category, core first. */
export const ALL_METRICS: MetricRows[] = [...CORE_METRICS, podGroupCostPerWauRows, lengthOfStayRows, temporaryStaffingRows];
