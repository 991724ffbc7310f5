import { Exact } from '@nhsp/domain';
import { TrustEstimate } from './estimate';
import { LengthOfStay, LOS_GROUPS, LosGroup } from './length-of-stay';
import { temporaryStaffing } from './packs/finance-categories';
import { BenchmarkRow, benchmarkRow, CORE_METRICS, MetricRows, PeerGroup } from './peer-benchmarks';

/**
 * The benchmarking categories beyond the core two (board paper Table 2). Categories overlap, so
 * their opportunities are reported side by side and never summed into one total.
 */

// A trust's figures in these categories are its own, whatever group it is benchmarked in (only
// the group's size is the group's): each is worked out once per estimate and shared by the rows
// of every group the trust is in (its peer group, its sector, England and any custom set).
type LosFigures = Pick<BenchmarkRow, 'value' | 'benchmark' | 'opportunityUnits' | 'opportunityGbp'>;
const losFigures = new WeakMap<TrustEstimate, Map<LosGroup, LosFigures>>();
const staffingFigures = new WeakMap<TrustEstimate, ReturnType<typeof temporaryStaffing>>();

function memo<K extends object, V>(held: WeakMap<K, V>, key: K, work: () => V): V {
  if (held.has(key)) return held.get(key)!;
  const value = work();
  held.set(key, value);
  return value;
}

/** The length-of-stay figures of one of a trust's LOS groups (its bed days above zero). */
function trustLos(e: TrustEstimate, losGroup: LosGroup, los: LengthOfStay): LosFigures {
  const byGroup = memo(losFigures, e, () => new Map<LosGroup, LosFigures>());
  let figures = byGroup.get(losGroup);
  if (!figures) {
    const actual = new Exact(los.bedDays);
    const excessBedDays = Exact.max(0, actual.minus(los.expectedBedDays));
    const pods = LOS_GROUPS[losGroup] as readonly string[];
    const cwa = e.byPod.filter((p) => pods.includes(p.pod)).reduce((s, p) => s.plus(p.current), new Exact(0));
    figures = {
      value: actual.div(los.spells),
      benchmark: los.expectedBedDays.div(los.spells),
      opportunityUnits: excessBedDays,
      opportunityGbp: excessBedDays.times(cwa.div(los.bedDays)),
    };
    byGroup.set(losGroup, figures);
  }
  return figures;
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
    return withLos.map(({ e, los }) => benchmarkRow(e, group, withLos.length, { metric: `los_${losGroup}`, ...trustLos(e, losGroup, los) }));
  });
}

/** Temporary staffing: value = bank and agency share of pay (current period, real terms); no peer benchmark. */
function temporaryStaffingRows(group: PeerGroup, members: TrustEstimate[]): BenchmarkRow[] {
  return members.flatMap((e) => {
    const result = memo(staffingFigures, e, () => {
      const real = (category: string) => e.byCategory.find((c) => c.category === category && !c.excluded)?.realCurrent ?? new Exact(0);
      const pay = e.byCategory.filter((c) => c.category.startsWith('pay_') && !c.excluded).reduce((s, c) => s.plus(c.realCurrent), new Exact(0));
      return temporaryStaffing({ agency: real('pay_agency'), bank: real('pay_bank'), pay });
    });
    return result ? [benchmarkRow(e, group, members.length, { metric: 'temporary_staffing', ...result })] : [];
  });
}

/**
 * Every benchmarking category, core first. Cost by POD group is not here: the finance return
 * has no POD split, so it is the casemix-adjusted `cost_index` of the packs, from the trust's own costs.
 */
export const ALL_METRICS: MetricRows[] = [...CORE_METRICS, lengthOfStayRows, temporaryStaffingRows];
