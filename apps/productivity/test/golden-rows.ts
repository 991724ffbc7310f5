// The golden bundle as productivity's views return it (bundle-rows.ts): numeric columns as
// decimal text, exactly what loadGoldenBundle stores and readBundleRows reads back.
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBundle } from '@nhsp/data-contract';
import { BundleRows } from '../src/bundle-rows';
import { GOLDEN } from './stand-in-inputs';

export async function goldenBundleRows(): Promise<BundleRows> {
  const bundle = await readBundle(join(GOLDEN, 'bundle'));
  const text = (d: { toFixed(): string } | null) => (d ? d.toFixed() : null);
  return {
    trusts: bundle.trusts.rows,
    activity: bundle.activity!.rows.map((r) => ({
      org_code: r.orgCode, month: r.month, pod: r.pod, currency: r.currency, count: String(r.count), bed_days: r.bedDays === null ? null : String(r.bedDays),
    })),
    finance: bundle.finance!.rows.map((r) => ({ org_code: r.orgCode, month: r.month, category: r.category, amount_gbp: r.amount.toFixed() })),
    schedule: bundle.costWeights!.rows.map((r) => ({
      service_code: r.serviceCode, currency: r.currency, description: r.description, activity: text(r.activity), unit_cost: text(r.unitCost), cost: text(r.cost),
    })),
    deflators: {
      name: 'nhs-cost-inflation-index',
      years: bundle.deflators!.rows.map((r) => ({ year: r.year, prices: r.prices.toFixed(), pay: r.pay.toFixed(), pay_and_prices: text(r.payAndPrices) })),
    },
  };
}

/** The rows with every trust again under org code + n (n = 2..copies): a bigger computation on the same figures. */
export function withTrustCopies(rows: BundleRows, copies: number): BundleRows {
  const again = <T extends { org_code: string }>(list: T[]) => [...list, ...range(copies).flatMap((n) => list.map((r) => ({ ...r, org_code: r.org_code + n })))];
  return {
    ...rows,
    trusts: [...rows.trusts, ...range(copies).flatMap((n) => rows.trusts.map((t) => ({ ...t, orgCode: t.orgCode + n, name: `${t.name} ${n}` })))],
    activity: again(rows.activity),
    finance: again(rows.finance),
  };
}

const range = (copies: number) => Array.from({ length: copies - 1 }, (_, i) => i + 2);

/** The longest the event loop was held (ms) while `during` ran: what a blocking computation shows. */
export async function longestEventLoopStallMs(during: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  await sleep(50); // the monitor's timer is running before the work starts
  await during();
  await sleep(50);
  delay.disable();
  return delay.max / 1e6;
}
