// What the charts' specs share: unit formats like the glossary's (the pages pass the glossary's
// own; this library may not import it), realistic data, and the readability and table checks.
import { readabilityProblems } from './svg-text';
import { ChartOutput, UnitFormat } from './types';

const MINUS = '\u2212';

function signed(n: number, dp: number, sign: boolean): string {
  const text = Math.abs(n).toFixed(dp);
  if (Number(text) === 0) return text;
  return `${n < 0 ? MINUS : sign ? '+' : ''}${text}`;
}

const decimalsFor = (step: number) => Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
const grouped = (text: string) => text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Growth: fractions shown as signed percentages. */
export const growth: UnitFormat = {
  unit: '%',
  format: (v) => `${signed(Number(v) * 100, 2, true)}%`,
  tick: (v, step) => `${signed(v * 100, decimalsFor(step * 100), true)}%`,
};

export const index: UnitFormat = {
  unit: '2019/20 = 100',
  format: (v) => Number(v).toFixed(1),
  tick: (v, step) => v.toFixed(decimalsFor(step)),
};

export const days: UnitFormat = {
  unit: 'days',
  format: (v) => `${Number(v).toFixed(2)} days`,
  tick: (v, step) => v.toFixed(decimalsFor(step)),
};

export const pounds: UnitFormat = {
  unit: '£',
  format: (v) => `${Number(v) < 0 ? MINUS : ''}£${grouped(Math.abs(Number(v)).toFixed(0))}`,
  tick: (v) => `${v < 0 ? MINUS : ''}£${grouped(Math.abs(v).toFixed(0))}`,
};

/** A deterministic stream of numbers in [0, 1) (tests must not depend on Math.random). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Roughly normal, from the seeded stream. */
export function normal(next: () => number, mean: number, sd: number): number {
  const u = Math.max(1e-12, next());
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/** Both renderings, as a phone (390 px page, 358 px box) and a desktop show them. */
export function readability(chart: ChartOutput): { phone: string[]; desktop: string[] } {
  return { phone: readabilityProblems(chart.renderings.phone, 358), desktop: readabilityProblems(chart.renderings.desktop, 640) };
}

export interface TableCell {
  text: string;
  value: string | null;
  header: boolean;
}

/** A table's header texts and body rows, cells decoded. */
export function readTable(table: string): { caption: string; headers: string[]; rows: TableCell[][] } {
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const caption = decode(/<caption[^>]*>(.*?)<\/caption>/.exec(table)?.[1] ?? '');
  const head = /<thead[^>]*>(.*?)<\/thead>/.exec(table)?.[1] ?? '';
  const headers = [...head.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((m) => decode(m[1]));
  const body = /<tbody[^>]*>(.*?)<\/tbody>/.exec(table)?.[1] ?? '';
  const rows = [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<(th|td)([^>]*)>(.*?)<\/\1>/g)].map((c) => {
      const value = /data-value="([^"]*)"/.exec(c[2]);
      return { text: decode(c[3]), value: value ? decode(value[1]) : null, header: c[1] === 'th' };
    }),
  );
  return { caption, headers, rows };
}

/** 194 trusts' growth, as exact strings: most within a few percent, three outliers, one without. */
export function trustGrowth(seed = 11): (string | null)[] {
  const next = seeded(seed);
  return Array.from({ length: 194 }, (_, i) => {
    if (i === 0) return null;
    if (i <= 3) return ['-0.2315', '0.3108', '0.1422'][i - 1];
    return normal(next, 0.004, 0.025).toFixed(6);
  });
}

/** The nine finance categories by the glossary's full names, with contributions of both signs. */
export const INPUT_STEPS = [
  { label: 'Pay: substantive staff', value: '0.03121' },
  { label: 'Pay: bank staff', value: '0.00412' },
  { label: 'Pay: agency staff', value: '-0.00931' },
  { label: 'Non-pay: drugs', value: '0.00668' },
  { label: 'Non-pay: clinical supplies and services', value: '-0.00207' },
  { label: 'Non-pay: other', value: '0.00301' },
];

/** Every POD of methodology §2 by its NCC service name, each with a small contribution. */
export const POD_STEPS = [
  'Elective Inpatients', 'Daycase', 'Regular Day or Night Admissions', 'Non-Elective Inpatient - Long Stay', 'Non-Elective Inpatient - Short Stay',
  'Rehabilitation Inpatient', 'Outpatient Procedures', 'Consultant Led', 'Non Consultant Led', 'Community Health Service', 'Mental Health Care Contact',
  'Mental Health Provider Spell', 'NHS Talking Therapy Care Contact', 'Emergency Care', 'Critical care', 'Critical care transport', 'Diagnostic Imaging',
  'Directly Accessed Diagnostic Services', 'Directly Accessed Pathology Services', 'Nuclear Medicine', 'High Cost Devices', 'Renal Dialysis', 'Audiology',
  'Cancer MDT', 'National screening programmes', 'Ambulance',
].map((label, i) => ({ label, value: (((i * 7919) % 23) - 10) / 4000 + '' }));
