import { Month, Sector } from '@nhsp/domain';
import { TrustModel } from '../model';
import { logNormal, poisson, Rng, rngFor, uniform } from '../prng';
import { Product } from './codes';

/**
 * Molecules a trust buys, with the originator's price a pack and, where one exists, the
 * cheaper generic or biosimilar and the month it came to market. Prices are illustrative
 * (list-price-like, before the discounts trusts negotiate); volumes are packs a month for a
 * trust of size 1. Two molecules have no alternative at all, and two get theirs within the
 * history, so a trust's switching starts at zero and climbs.
 */
interface Molecule {
  name: string;
  sectors: Sector[];
  packs: number;
  originator: number;
  alternative?: { product: Exclude<Product, 'originator'>; price: number; from: Month };
}

export const MOLECULES: Molecule[] = [
  { name: 'adalimumab', sectors: ['acute'], packs: 350, originator: 310, alternative: { product: 'biosimilar', price: 110, from: Month.of(2018, 10) } },
  { name: 'infliximab', sectors: ['acute'], packs: 120, originator: 420, alternative: { product: 'biosimilar', price: 135, from: Month.of(2015, 3) } },
  { name: 'etanercept', sectors: ['acute'], packs: 150, originator: 360, alternative: { product: 'biosimilar', price: 170, from: Month.of(2016, 4) } },
  { name: 'rituximab', sectors: ['acute'], packs: 40, originator: 1150, alternative: { product: 'biosimilar', price: 690, from: Month.of(2017, 5) } },
  { name: 'trastuzumab', sectors: ['acute'], packs: 45, originator: 1350, alternative: { product: 'biosimilar', price: 620, from: Month.of(2018, 9) } },
  { name: 'bevacizumab', sectors: ['acute'], packs: 35, originator: 980, alternative: { product: 'biosimilar', price: 430, from: Month.of(2021, 2) } },
  { name: 'ustekinumab', sectors: ['acute'], packs: 25, originator: 2150, alternative: { product: 'biosimilar', price: 950, from: Month.of(2024, 9) } },
  { name: 'pembrolizumab', sectors: ['acute'], packs: 30, originator: 2630 },
  { name: 'aripiprazole', sectors: ['mental_health'], packs: 260, originator: 96, alternative: { product: 'generic', price: 2.8, from: Month.of(2015, 6) } },
  { name: 'quetiapine', sectors: ['mental_health'], packs: 420, originator: 68, alternative: { product: 'generic', price: 3.2, from: Month.of(2012, 4) } },
  { name: 'lurasidone', sectors: ['mental_health'], packs: 90, originator: 90, alternative: { product: 'generic', price: 9.5, from: Month.of(2023, 3) } },
  { name: 'lisdexamfetamine', sectors: ['mental_health'], packs: 180, originator: 58, alternative: { product: 'generic', price: 31, from: Month.of(2024, 10) } },
  { name: 'cariprazine', sectors: ['mental_health'], packs: 60, originator: 110 },
];

export interface MedicineLine {
  molecule: string;
  product: Product;
  quantity: number;
  /** Whole pence. */
  pence: number;
}

interface Uptake {
  packs: number;
  /** The share of packs the trust ends up buying as the alternative, and how many months it takes. */
  final: number;
  months: number;
  prices: { originator: number; alternative: number };
}

const monthsSince = (month: Month, from: Month) => month.year * 12 + month.month - (from.year * 12 + from.month);

/**
 * One trust's medicines: its own volume of each molecule, its own pace and depth of switching
 * (some trusts buy almost only the alternative, some hold on to the originator) and its own
 * negotiated prices.
 */
export class TrustMedicines {
  private readonly uptake: Map<string, Uptake>;
  readonly molecules: Molecule[];

  constructor(seed: number, model: TrustModel) {
    const rng = rngFor(seed, model.trust.orgCode, 'medicines');
    this.molecules = MOLECULES.filter((m) => m.sectors.includes(model.trust.sector));
    const laggard = rng() < 0.15;
    this.uptake = new Map(
      this.molecules.map((m) => [
        m.name,
        {
          packs: m.packs * model.size * logNormal(rng, 0.35),
          final: laggard ? uniform(rng, 0.3, 0.65) : uniform(rng, 0.75, 0.98),
          months: uniform(rng, 3, 20),
          prices: { originator: m.originator * logNormal(rng, 0.06), alternative: (m.alternative?.price ?? 0) * logNormal(rng, 0.08) },
        },
      ]),
    );
  }

  month(month: Month, rng: Rng): MedicineLine[] {
    const lines: MedicineLine[] = [];
    const years = monthsSince(month, Month.of(2024, 9)) / 12;
    for (const molecule of this.molecules) {
      const u = this.uptake.get(molecule.name)!;
      const total = poisson(rng, u.packs * Math.pow(1.05, years));
      const alternative = molecule.alternative;
      const since = alternative ? monthsSince(month, alternative.from) : -1;
      const share = since < 0 ? 0 : u.final * (1 - Math.exp(-(since + 0.5) / u.months));
      const switched = Math.round(total * share);
      const originator = total - switched;
      if (originator > 0) {
        lines.push({ molecule: molecule.name, product: 'originator', quantity: originator, pence: Math.round(originator * u.prices.originator * logNormal(rng, 0.02) * 100) });
      }
      if (alternative && switched > 0) {
        // An alternative's price falls for its first three years on the market, then holds.
        const price = u.prices.alternative * Math.pow(0.92, Math.min(3, since / 12));
        lines.push({ molecule: molecule.name, product: alternative.product, quantity: switched, pence: Math.round(switched * price * logNormal(rng, 0.02) * 100) });
      }
    }
    return lines;
  }
}
