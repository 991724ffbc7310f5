import { Month } from '@nhsp/domain';
import { monthActivity, spellLengths } from './activity';
import { GenerationPlan, modelOf } from './plan';
import { DayPattern, dayPatternOf, dayWeights } from './profiles';
import { rngFor } from './prng';
import { activityQuirk, untidyCode, untidyPadded } from './quirks';
import { TextSink } from './text-sink';

export const RECORDS_HEADER = 'org_code,date,pod,currency,los_days\n';

const DAY_TABLE_SIZE = 4096;

type DayTables = Record<DayPattern, Uint8Array> & { days: string[] };

/** Day index by a uniform draw × table size, laid out by the day weights. */
function dayTable(weights: number[]): Uint8Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const table = new Uint8Array(DAY_TABLE_SIZE);
  let day = 0;
  let cumulative = weights[0] / total;
  for (let i = 0; i < DAY_TABLE_SIZE; i++) {
    while ((i + 0.5) / DAY_TABLE_SIZE > cumulative && day < weights.length - 1) cumulative += weights[++day] / total;
    table[i] = day;
  }
  return table;
}

function dayTables(month: Month): DayTables {
  const count = new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
  return {
    days: Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`),
    working_days: dayTable(dayWeights('working_days', month.year, month.month)),
    mostly_weekdays: dayTable(dayWeights('mostly_weekdays', month.year, month.month)),
    every_day: dayTable(dayWeights('every_day', month.year, month.month)),
  };
}

export interface RecordsResult {
  rows: number;
  bytes: number;
  seconds: number;
}

/** Counts every trust-month first (cheap), so progress can say how far along the big pass is. */
function totalRecords(plan: GenerationPlan): number {
  let total = 0;
  for (const trust of plan.selected) {
    for (const month of plan.months) {
      for (const row of monthActivity(plan.options.seed, modelOf(plan, trust), month, false)) total += row.count;
    }
  }
  return total;
}

/**
 * `activity_records.csv`, one row per spell, attendance or contact, streamed: each trust-month's
 * counts and bed days are those of `activity.csv`, spread over the spells (so lengths of stay sum
 * to its bed_days), and dates come from a stream of their own.
 */
export async function writeRecords(plan: GenerationPlan, path: string, progress: (message: string) => void): Promise<RecordsResult> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const seed = plan.options.seed;
  const expected = totalRecords(plan);
  const sink = new TextSink(path);
  let text = RECORDS_HEADER;
  let rows = 0;
  let lastReport = 0;
  for (const month of plan.months) {
    const tables = dayTables(month);
    const monthText = String(month);
    for (const trust of plan.selected) {
      const model = modelOf(plan, trust);
      const dates = rngFor(seed, trust.orgCode, monthText, 'dates');
      const spells = rngFor(seed, trust.orgCode, monthText, 'spells');
      for (const row of monthActivity(seed, model, month, true)) {
        const { pod, currency } = row.line;
        const lengths = row.los && row.bedDays !== null ? spellLengths(spells, row.los, row.count, row.bedDays) : null;
        const untidy = activityQuirk(seed, trust.orgCode, monthText, pod, currency) === 'untidy';
        const middle = untidy
          ? `,${untidyCode(pod)},${untidyPadded(currency)},`
          : `,${pod},${currency},`;
        const org = untidy ? untidyCode(trust.orgCode) : trust.orgCode;
        const prefixes = tables.days.map((day) => `${org},${day}${middle}`);
        const table = tables[dayPatternOf(pod)];
        if (lengths) {
          for (let i = 0; i < row.count; i++) {
            text += prefixes[table[(dates() * DAY_TABLE_SIZE) | 0]] + lengths[i] + '\n';
            if (text.length >= sink.chunkSize) {
              await sink.write(text);
              text = '';
            }
          }
        } else {
          const lines = prefixes.map((prefix) => `${prefix}\n`);
          for (let i = 0; i < row.count; i++) {
            text += lines[table[(dates() * DAY_TABLE_SIZE) | 0]];
            if (text.length >= sink.chunkSize) {
              await sink.write(text);
              text = '';
            }
          }
        }
        rows += row.count;
      }
      if (seconds() - lastReport >= 2) {
        lastReport = seconds();
        const rate = Math.round(rows / lastReport);
        progress(`activity_records.csv: ${month}, ${rows.toLocaleString('en-GB')} of ${expected.toLocaleString('en-GB')} records (${((100 * rows) / expected).toFixed(0)}%), ${rate.toLocaleString('en-GB')} rows/s`);
      }
    }
  }
  await sink.write(text);
  await sink.close();
  return { rows, bytes: sink.bytes, seconds: seconds() };
}
