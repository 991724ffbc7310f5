import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import {
  BenchmarkGroup,
  benchmarkedRows,
  COST_WEIGHTS_FILE,
  emptyRow,
  excess,
  FINANCE_FILE,
  inSectorsOf,
  Lacking,
  OPERATIONS_FILE,
  operations,
  PackContext,
  positive,
  priced,
  UNIT_COSTS_FILE,
  WORKFORCE_FILE,
  workforce,
  reading,
} from './pack-context';
import { realPayTotal } from './finance-categories';
import { OpportunityRow } from './pack-types';

/** Ambulance benchmarks compare ambulance trusts only (§11: "national 0.25 point of ambulance trusts"). */
const AMBULANCE_TRUSTS: BenchmarkGroup = { name: 'ambulance', includes: (trust) => trust.sector === 'ambulance' };

/** The 15-minute handover standard (§11): minutes beyond it are the opportunity. */
export const HANDOVER_STANDARD_MINUTES = 15;

/** `ambulance_handover`: minutes beyond 15 per handover; hours = those minutes / 60, £ at the `ambulance_hour` unit cost. */
function handoverRows(ctx: PackContext): OpportunityRow[] {
  const hour = ctx.inputs.returns.unitCosts.get('ambulance_hour');
  return ctx.trusts.filter(inSectorsOf('ambulance_handover')).map((trust) => {
    const row = emptyRow(ctx, trust, 'ambulance_handover', null, 'hours');
    const lacking = new Lacking();
    const minutes = operations(ctx, trust.orgCode, lacking, 'ambulance_handover_minutes_over_15');
    const handovers = positive(operations(ctx, trust.orgCode, lacking, 'ambulance_handovers'), lacking, OPERATIONS_FILE, 'ambulance_handovers');
    if (lacking.any) return { ...row, missing: lacking.list };
    const opportunity = priced(minutes!.div(60), hour, { file: UNIT_COSTS_FILE, items: ['ambulance_hour'] });
    return { ...row, value: minutes!.div(handovers!), opportunityUnits: opportunity.units, opportunityGbp: opportunity.gbp, missing: opportunity.missing ?? [] };
  });
}

/** A see-and-convey instead of a see-and-treat costs w(AMB, 03) − w(AMB, 02); null where the schedule lacks either. */
function conveyanceCost(ctx: PackContext): Decimal | null {
  const convey = ctx.inputs.weights.scheduleWeight('AMB', '03');
  const treat = ctx.inputs.weights.scheduleWeight('AMB', '02');
  return convey && treat ? convey.minus(treat) : null;
}

/** `ambulance_conveyance`: incidents conveyed to an emergency department / incidents; conveyances = max(0, v − b) × incidents. */
function conveyanceRows(ctx: PackContext): OpportunityRow[] {
  const cost = conveyanceCost(ctx);
  return benchmarkedRows<Decimal>(ctx, {
    metric: 'ambulance_conveyance',
    dimension: null,
    unit: 'conveyances',
    point: '0.25',
    groupOf: () => AMBULANCE_TRUSTS,
    read: (trust) => {
      const lacking = new Lacking();
      const conveyed = operations(ctx, trust.orgCode, lacking, 'ambulance_conveyed_ed');
      const incidents = positive(operations(ctx, trust.orgCode, lacking, 'ambulance_incidents'), lacking, OPERATIONS_FILE, 'ambulance_incidents');
      return reading(lacking, () => conveyed!.div(incidents!), () => incidents!);
    },
    opportunity: (value, benchmark, incidents) =>
      priced(excess(value, benchmark).times(incidents), cost, { file: COST_WEIGHTS_FILE, items: ['AMB 02 and 03 activity'] }),
  });
}

interface Staffing {
  incidents: Decimal;
  frontline: Decimal;
  /** Real pay spend per monthly WTE of all staff; null where finance or the total WTE is lacking. */
  payPerWte: Decimal | null;
}

/**
 * `ambulance_incidents_per_wte`: incidents / Σ monthly frontline WTE, against the 0.75 point of
 * ambulance trusts; WTE-months = max(0, Σ WTE − incidents / b), £ = × real pay spend / Σ monthly total WTE.
 */
function incidentsPerWteRows(ctx: PackContext): OpportunityRow[] {
  return benchmarkedRows<Staffing>(ctx, {
    metric: 'ambulance_incidents_per_wte',
    dimension: null,
    unit: 'wte_months',
    point: '0.75',
    groupOf: () => AMBULANCE_TRUSTS,
    read: (trust) => {
      const lacking = new Lacking();
      const incidents = operations(ctx, trust.orgCode, lacking, 'ambulance_incidents');
      const frontline = positive(workforce(ctx, trust.orgCode, lacking, 'ambulance_frontline'), lacking, WORKFORCE_FILE, 'wte (ambulance_frontline)');
      return reading(
        lacking,
        () => incidents!.div(frontline!),
        () => {
          const pay = realPayTotal(ctx, trust.orgCode);
          const total = ctx.inputs.returns.workforce.sum(trust.orgCode, ctx.months, 'total')?.total ?? null;
          return { incidents: incidents!, frontline: frontline!, payPerWte: pay && total?.gt(0) ? pay.div(total) : null };
        },
      );
    },
    opportunity: (_value, benchmark, staffing) => {
      // With a benchmark of zero incidents per WTE no trust is below it.
      const wteMonths = benchmark.isZero() ? new Exact(0) : Exact.max(0, staffing.frontline.minus(staffing.incidents.div(benchmark)));
      return priced(wteMonths, staffing.payPerWte, { file: FINANCE_FILE, items: ['pay_substantive', 'pay_bank', 'pay_agency'] });
    },
  });
}

/** `ambulance_handover`, `ambulance_conveyance` and `ambulance_incidents_per_wte`. */
export function ambulanceRows(ctx: PackContext): OpportunityRow[] {
  return [...handoverRows(ctx), ...conveyanceRows(ctx), ...incidentsPerWteRows(ctx)];
}
