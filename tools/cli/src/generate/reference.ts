import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { deriveSector, Pod, podForServiceCode, Trust } from '@nhsp/domain';

/**
 * The real public files the generator builds on (see tools/fixtures/reference/README.md): the trust
 * list, the 2023/24 NCC national schedule and the NHS Cost Inflation Index. They are read, never
 * changed: the bundle carries byte copies (or a line subset) of them.
 */
export const REFERENCE_FILES = {
  trusts: 'trusts.csv',
  schedule: 'ncc_national_schedule_2023_24.csv',
  deflators: 'nhs_cost_inflation_index.csv',
} as const;

/** `tools/fixtures/reference` (a copy of shared/data), unless NHSP_REFERENCE_DATA or --reference-data says otherwise. */
export function defaultReferenceDir(): string {
  return process.env.NHSP_REFERENCE_DATA ?? resolve(__dirname, '../../../fixtures/reference');
}

export interface ReferenceTrust extends Trust {
  /** The line exactly as in the source file, line ending included, so a subset copies byte for byte. */
  rawLine: string;
}

/** National activity and cost of one (POD, currency) of the schedule. */
export interface ScheduleCurrency {
  pod: Pod;
  currency: string;
  activity: number;
  cost: number;
  /** Σ cost / Σ activity, the weight the methodology gives this currency. */
  unitCost: number;
}

export interface DeflatorYear {
  year: number;
  /** Fractions: 4.79% → 0.0479. */
  prices: number;
  pay: number;
  payAndPrices: number;
  rawLine: string;
}

export interface ReferenceData {
  dir: string;
  trustsHeaderLine: string;
  trusts: ReferenceTrust[];
  schedulePath: string;
  /** Currencies with positive activity, grouped by POD, in schedule order. */
  currenciesByPod: Map<Pod, ScheduleCurrency[]>;
  /** Σ cost / Σ activity per POD: the fallback weight of a currency the schedule lacks. */
  podMeanUnitCost: Map<Pod, number>;
  podActivity: Map<Pod, number>;
  deflatorsHeaderLine: string;
  deflators: DeflatorYear[];
}

function fail(file: string, line: number, reason: string): never {
  throw new Error(`${file}: line ${line}: ${reason}`);
}

/** Splits text into lines keeping each line's own ending (the trust list uses CRLF). */
function linesWithEndings(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function parseLine(line: string): string[] {
  return (parse(line.replace(/\r?\n$/, ''), { relax_quotes: false }) as string[][])[0] ?? [];
}

export function loadTrusts(file: string): { headerLine: string; trusts: ReferenceTrust[] } {
  const [headerLine, ...lines] = linesWithEndings(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const header = parseLine(headerLine).map((h) => h.trim().toLowerCase());
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) fail(file, 1, `missing column "${name}"`);
    return index;
  };
  const [code, name, region, type, peer] = ['org_code', 'name', 'region', 'trust_type', 'peer_group'].map(column);
  const trusts = lines
    .filter((line) => line.trim() !== '')
    .map((rawLine, i) => {
      const cells = parseLine(rawLine);
      try {
        return {
          rawLine,
          orgCode: cells[code].trim().toUpperCase(),
          name: cells[name].trim(),
          region: cells[region].trim(),
          trustType: cells[type].trim(),
          peerGroup: cells[peer].trim(),
          sector: deriveSector(cells[type], cells[peer]),
        };
      } catch (error) {
        return fail(file, i + 2, (error as Error).message);
      }
    });
  return { headerLine, trusts };
}

export function loadSchedule(file: string) {
  const records = parse(readFileSync(file), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const totals = new Map<string, ScheduleCurrency>();
  const podTotals = new Map<Pod, { activity: number; cost: number }>();
  records.forEach((record, i) => {
    const pod = podForServiceCode(record['Service Code'] ?? '');
    if (!pod) return;
    const activity = Number(record['Activity']);
    const cost = Number(record['Cost']);
    if (!Number.isFinite(activity) || !Number.isFinite(cost)) fail(file, i + 2, 'Activity and Cost must be numbers');
    if (activity <= 0) return;
    const currency = (record['Dept or Currency Code'] ?? '').trim().toUpperCase();
    const key = `${pod}|${currency}`;
    const entry = totals.get(key) ?? { pod, currency, activity: 0, cost: 0, unitCost: 0 };
    entry.activity += activity;
    entry.cost += cost;
    totals.set(key, entry);
    const podEntry = podTotals.get(pod) ?? { activity: 0, cost: 0 };
    podEntry.activity += activity;
    podEntry.cost += cost;
    podTotals.set(pod, podEntry);
  });
  const currenciesByPod = new Map<Pod, ScheduleCurrency[]>();
  for (const entry of totals.values()) {
    entry.unitCost = entry.cost / entry.activity;
    const list = currenciesByPod.get(entry.pod) ?? [];
    list.push(entry);
    currenciesByPod.set(entry.pod, list);
  }
  const podMeanUnitCost = new Map([...podTotals].map(([pod, t]) => [pod, t.cost / t.activity] as const));
  const podActivity = new Map([...podTotals].map(([pod, t]) => [pod, t.activity] as const));
  return { currenciesByPod, podMeanUnitCost, podActivity };
}

function percent(file: string, line: number, value: string | undefined): number {
  const match = /^\s*(-?\d+(\.\d+)?)\s*%\s*$/.exec(value ?? '');
  if (!match) fail(file, line, `"${value}" is not a percentage such as 4.79%`);
  return Number(match[1]) / 100;
}

export function loadDeflators(file: string): { headerLine: string; years: DeflatorYear[] } {
  const [headerLine, ...lines] = linesWithEndings(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const years = lines
    .filter((line) => line.trim() !== '')
    .map((rawLine, i) => {
      const [year, prices, pay, both] = parseLine(rawLine);
      if (!/^\d{4}$/.test(year?.trim() ?? '')) fail(file, i + 2, `"${year}" is not a year`);
      return {
        year: Number(year),
        prices: percent(file, i + 2, prices),
        pay: percent(file, i + 2, pay),
        payAndPrices: percent(file, i + 2, both),
        rawLine: rawLine.endsWith('\n') ? rawLine : `${rawLine}\n`,
      };
    });
  return { headerLine, years };
}

export function loadReference(dir = defaultReferenceDir()): ReferenceData {
  const trusts = loadTrusts(join(dir, REFERENCE_FILES.trusts));
  const schedulePath = join(dir, REFERENCE_FILES.schedule);
  const deflators = loadDeflators(join(dir, REFERENCE_FILES.deflators));
  return {
    dir,
    trustsHeaderLine: trusts.headerLine,
    trusts: trusts.trusts,
    schedulePath,
    ...loadSchedule(schedulePath),
    deflatorsHeaderLine: deflators.headerLine,
    deflators: deflators.years,
  };
}
