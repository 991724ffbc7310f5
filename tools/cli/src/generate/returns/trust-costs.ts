import { Month, Pod } from '@nhsp/domain';
import { MonthRow } from '../activity';
import { CurrencyLine, TrustModel } from '../model';
import { PATH_YEARS, yearIndex } from '../paths';
import { logNormal, rngFor } from '../prng';

export const TRUST_COSTS_HEADER = 'org_code,year,pod,currency,activity,cost_gbp\n';

/** The five service-line groups of the board paper's Table 2 (methodology §11). */
type ServiceLine = 'non_elective_long_stay' | 'ae_short_stay' | 'elective' | 'outpatient' | 'other';
const SERVICE_LINES: ServiceLine[] = ['non_elective_long_stay', 'ae_short_stay', 'elective', 'outpatient', 'other'];

function serviceLineOf(pod: Pod): ServiceLine {
  if (pod === 'NEL_LS') return 'non_elective_long_stay';
  if (pod === 'AE' || pod === 'NEL_SS') return 'ae_short_stay';
  if (pod === 'EL' || pod === 'DC' || pod === 'RDNA') return 'elective';
  if (pod === 'OP' || pod === 'OP_NCL' || pod === 'OPPROC') return 'outpatient';
  return 'other';
}

interface YearTotals {
  months: number;
  /** Count of each currency line over the year. */
  activity: Map<CurrencyLine, number>;
  /** Nominal operating spend (included categories) in pence. */
  spendPence: number;
}

/**
 * An acute trust's own National Cost Collection return, one per financial year: the activity it
 * had in the year and what each currency cost it. Costs are the national unit cost of the
 * currency × the trust's factor for the service line (some trusts dear in one line, cheap in
 * another) × a factor for the currency, scaled so that the year's costs reconcile to 97% of its
 * operating spend, as NCC returns reconcile to the accounts. So a trust's cost index follows its
 * real efficiency, including the pandemic year's dearer activity.
 */
export class TrustCosts {
  private readonly years = new Map<number, YearTotals>();
  private readonly lineFactor = new Map<CurrencyLine, number>();
  private readonly yearFactor: Map<ServiceLine, Float64Array>;

  constructor(
    seed: number,
    private readonly model: TrustModel,
  ) {
    const rng = rngFor(seed, model.trust.orgCode, 'trust-costs');
    const groupFactor = new Map(SERVICE_LINES.map((line) => [line, logNormal(rng, 0.15)]));
    this.yearFactor = new Map(SERVICE_LINES.map((line) => [line, Float64Array.from({ length: PATH_YEARS }, () => logNormal(rng, 0.03))]));
    for (const line of model.lines) this.lineFactor.set(line, groupFactor.get(serviceLineOf(line.pod))! * logNormal(rng, 0.12));
  }

  /** Adds a month the trust existed in: the activity it had (sent or not) and its spend. */
  add(month: Month, rows: MonthRow[], spendPence: number): void {
    const year = month.financialYear.startYear;
    let totals = this.years.get(year);
    if (!totals) this.years.set(year, (totals = { months: 0, activity: new Map(), spendPence: 0 }));
    totals.months++;
    totals.spendPence += spendPence;
    for (const row of rows) totals.activity.set(row.line, (totals.activity.get(row.line) ?? 0) + row.count);
  }

  /** The rows of every year in `years` that the trust existed for in full. */
  lines(years: number[]): string {
    let text = '';
    for (const year of years) {
      const totals = this.years.get(year);
      if (!totals || totals.months !== 12) continue;
      const raw = new Map<CurrencyLine, number>();
      for (const [line, activity] of totals.activity) {
        const factor = this.lineFactor.get(line)! * this.yearFactor.get(serviceLineOf(line.pod))![yearIndex(year)];
        raw.set(line, activity * line.unitCost * factor);
      }
      const total = [...raw.values()].reduce((a, b) => a + b, 0);
      const scale = total > 0 ? (0.97 * totals.spendPence) / 100 / total : 0;
      for (const line of this.model.lines) {
        const activity = totals.activity.get(line);
        if (!activity) continue;
        const cost = Math.round(raw.get(line)! * scale * 100) / 100;
        text += `${this.model.trust.orgCode},${year},${line.pod},${line.currency},${activity},${cost.toFixed(2)}\n`;
      }
    }
    return text;
  }
}
