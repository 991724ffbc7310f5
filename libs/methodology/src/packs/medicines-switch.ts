import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { emptyRow, inSectorsOf, MEDICINES_FILE, PackContext } from './pack-context';
import { OpportunityRow } from './pack-types';
import { QuantityAndCost } from './returns-index';

/**
 * National unit price of the alternatives to each molecule's originator: Σ cost / Σ quantity of
 * every trust's generic and biosimilar rows of the molecule in the period. A molecule without
 * any alternative quantity has none.
 */
export function nationalAlternativePrices(ctx: PackContext): Map<string, Decimal> {
  const totals = new Map<string, QuantityAndCost>();
  for (const trust of ctx.trusts) {
    for (const [molecule, products] of ctx.inputs.returns.medicines.totals(trust.orgCode, ctx.months)) {
      for (const [product, value] of products) {
        if (product === 'originator') continue;
        const total = totals.get(molecule);
        totals.set(molecule, total ? { quantity: total.quantity.plus(value.quantity), cost: total.cost.plus(value.cost) } : value);
      }
    }
  }
  const prices = new Map<string, Decimal>();
  for (const [molecule, total] of totals) if (total.quantity.gt(0)) prices.set(molecule, total.cost.div(total.quantity));
  return prices;
}

/**
 * `medicines_switch`: the originator's share of the quantity of the molecules that have a
 * generic or biosimilar; £ = Σ over those molecules of originator quantity × max(0, the trust's
 * originator unit price − the national unit price of the alternatives). No benchmark.
 */
export function medicinesSwitchRows(ctx: PackContext): OpportunityRow[] {
  const national = nationalAlternativePrices(ctx);
  return ctx.trusts.filter(inSectorsOf('medicines_switch')).map((trust) => {
    const row = emptyRow(ctx, trust, 'medicines_switch', null, null);
    let originator = new Exact(0);
    let all = new Exact(0);
    let gbp = new Exact(0);
    for (const [molecule, products] of ctx.inputs.returns.medicines.totals(trust.orgCode, ctx.months)) {
      const alternative = national.get(molecule);
      if (alternative === undefined) continue;
      for (const value of products.values()) all = all.plus(value.quantity);
      const own = products.get('originator');
      if (!own || own.quantity.isZero()) continue;
      originator = originator.plus(own.quantity);
      gbp = gbp.plus(own.quantity.times(Exact.max(0, own.cost.div(own.quantity).minus(alternative))));
    }
    if (all.isZero()) return { ...row, missing: [{ file: MEDICINES_FILE, items: ['quantity of a molecule with a generic or biosimilar'] }] };
    return { ...row, value: originator.div(all), opportunityGbp: gbp };
  });
}
