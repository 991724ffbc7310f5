// The release as NHS England lays out its published productivity file: one row per trust with
// the three growth rates as fractions, the vintage and the data-quality flags in words. Shared
// by the CSV and the XLSX download so the two can never disagree.
import Decimal from 'decimal.js';
import { neutraliseFormula, OutputTable } from '@nhsp/data-contract';
import { Exact, formatFraction } from '@nhsp/domain';
import { VINTAGE_MEANINGS, VINTAGES } from '@nhsp/methodology';
import type { ReleaseEntity } from '@nhsp/persistence';
import type { AggregateRow, EstimateRow } from '../source-views';

export const TRUST_COLUMNS = [
  'Org code', 'Org name', 'Region', 'Peer group',
  'Cost weighted activity growth', 'Real terms resource growth', 'Productivity growth estimate',
  'Vintage', 'Notes',
] as const;

/** Columns holding growth fractions (percentage format in the XLSX). */
export const GROWTH_COLUMNS = new Set<string>(['Cost weighted activity growth', 'Real terms resource growth', 'Productivity growth estimate']);

/** methodology.md §6, in words a reader of the published file understands. */
export const FLAG_WORDS: Record<string, string> = {
  MISSING_DATA: 'Missing data: a month of the period or of the year before has no activity or no finance, so no estimate is published',
  UNWEIGHTED_ACTIVITY: 'Some activity could not be cost weighted (more than 0.5% of activity used fallback weights)',
  POD_SHIFT: 'A point of delivery changed its share of activity by more than 5 points against the previous year',
  OUTLIER: 'Outlier: productivity growth outside plus or minus 10%',
  RESTATED: 'Restated: the trust resubmitted activity or finance for a month since the previous vintage',
  TRUST_NOTIFICATION: 'The trust raised a data notification about this period',
};

export function flagsInWords(flags: readonly string[]): string {
  return flags.map((f) => FLAG_WORDS[f] ?? f).join('; ');
}

/** A cell: text (already neutralised), an exact decimal string meant as a number, or empty. */
export type Cell = { text: string } | { number: string } | null;

const text = (value: string | null | undefined): Cell => (value === null || value === undefined ? null : { text: String(neutraliseFormula(value)) });
/** Growth as the data contract writes it (17 significant digits), so the files agree with estimates.csv. */
const num = (value: string | null): Cell => (value === null ? null : { number: formatFraction(new Exact(value) as Decimal) });

export function trustRows(rows: readonly EstimateRow[]): Cell[][] {
  return rows.map((e) => [
    text(e.org_code), text(e.name), text(e.region), text(e.peer_group),
    num(e.output_growth), num(e.input_growth), num(e.productivity_growth),
    text(e.vintage), text(flagsInWords(e.flags ?? [])),
  ]);
}

export const SECTOR_COLUMNS = ['Level', 'Sector', 'Trusts', 'Cost weighted activity growth', 'Real terms resource growth', 'Productivity growth estimate'] as const;

/**
 * The order of the Sectors sheet: broad to narrow (England, sectors, regions, peer groups), each
 * level's groups in /v1/aggregates' order. A level this list does not know comes last rather than
 * being dropped: the sheet holds every aggregate the release has.
 */
export const SECTOR_SHEET_LEVELS = ['national', 'sector', 'region', 'peer_group'] as const;

export function sectorRows(rows: readonly AggregateRow[]): Cell[][] {
  const rank = (level: string) => {
    const at = (SECTOR_SHEET_LEVELS as readonly string[]).indexOf(level);
    return at < 0 ? SECTOR_SHEET_LEVELS.length : at;
  };
  return rows
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank(x.a.level) - rank(y.a.level) || x.i - y.i)
    .map(({ a }) => [text(a.level), text(a.group), { number: String(a.trusts) }, num(a.output_growth), num(a.input_growth), num(a.productivity_growth)]);
}

/** Columns of the data contract's plan and pack files that hold names and codes, never a measure. */
const CONTRACT_TEXT_COLUMNS = new Set([
  'level', 'group', 'period', 'year', 'on_track', 'org_code', 'sector', 'metric', 'dimension', 'benchmark_group', 'unit',
  'missing', 'indicator', 'window', 'change_kind',
]);

/**
 * A data contract file (targets.csv, index.csv, opportunities.csv, indicators.csv) as sheet
 * cells: its measures as numbers from the very text the CSV download holds, everything else as
 * neutralised text. So a sheet and the CSV of the same release cannot disagree.
 */
export function contractRows(table: OutputTable): Cell[][] {
  return table.rows.map((row) =>
    row.map((cell, i) => {
      if (cell === null || cell === undefined || cell === '') return null;
      return CONTRACT_TEXT_COLUMNS.has(table.header[i]) ? text(String(cell)) : { number: String(cell) };
    }),
  );
}

export const METHOD_NOTES = [
  'Productivity growth = (1 + cost weighted activity growth) / (1 + real terms resource growth) - 1, year to date against the same months a year earlier.',
  'Cost weighted activity: activity by point of delivery times the national cost weight of the weight set below.',
  'Real terms resource: operating expenditure deflated with the deflator set below.',
  'Growth rates are fractions (0.025 = 2.5%); empty where no estimate can be made (see Notes column).',
  `Vintages: ${VINTAGES.map((v) => `${v} (${VINTAGE_MEANINGS[v]})`).join(', ')}.`,
];

/** What a reader must know before using the figures: each data-quality note of the Notes column. */
export const CAVEAT_NOTES = [
  'A trust with an empty growth rate has no estimate for the period; its Notes column says why.',
  ...Object.values(FLAG_WORDS).map((words) => `${words}.`),
];

/** A label and its value; an empty string is written as a blank cell. */
export type KeyValue = readonly [string, string];

/** Key/value lines of the Notes sheet: the release and its settings (the run's inputs are in manifestInputs). */
export function releaseNotes(release: ReleaseEntity): KeyValue[] {
  const m = release.manifest;
  const lines: Array<[string, string]> = [
    ['Release id', release.id],
    ['Period (year to date)', release.period],
    ['Vintage', release.vintage],
    ['Status', release.status],
    ['Published at', release.publishedAt ? new Date(release.publishedAt).toISOString() : 'not published (embargoed)'],
    ['Productivity run', m.runId],
    ['Run stored at', String(m.runCreatedAt)],
    ['Input fingerprint', String(m.inputFingerprint ?? '')],
    ['Code version', m.codeVersion],
    ...flatten('Weight set', m.weightSet),
    ...flatten('Deflator set', m.deflatorSet),
    ...flatten('Setting', m.settings),
  ];
  return lines.map(neutralisedLine);
}

/** Key/value lines of the Manifest sheet: the run's inputs (batch ids, every submission hash per org and month). */
export function manifestInputs(release: ReleaseEntity): KeyValue[] {
  return flatten('Input', release.manifest.inputs).map(neutralisedLine);
}

const neutralisedLine = ([k, v]: [string, string]): KeyValue => [String(neutraliseFormula(k)), String(neutraliseFormula(v))];

/** Nested JSON → `prefix key.sub` / value lines (batch ids, submission hashes per org-month, …). */
function flatten(prefix: string, value: unknown): Array<[string, string]> {
  if (value === null || value === undefined) return [[prefix, '']];
  if (typeof value !== 'object') return [[prefix, String(value)]];
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return [[prefix, value.join(', ')]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(`${prefix} ${k}`, v));
}
