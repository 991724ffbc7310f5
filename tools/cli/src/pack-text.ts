import Decimal from 'decimal.js';
import { dimensionLabel, METRIC_LABELS, periodLabel, SECTOR_LABELS, UNIT_LABELS } from '@nhsp/board-answers';
import { formatMissing, formatPercent, Trust } from '@nhsp/domain';
import { METRIC_SECTORS, OpportunityRow, OVERLAP_WARNING, PACK_SECTIONS } from '@nhsp/methodology';

const grouped = (d: Decimal, places: number) => d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toNumber().toLocaleString('en-GB', { minimumFractionDigits: places, maximumFractionDigits: places });

/** `£1,234,567` */
export const pounds = (d: Decimal) => `£${grouped(d, 0)}`;

/** A category's value as a board reads it: an index to 3 dp, a share in per cent, pounds, or a number of its unit. */
export function displayValue(row: OpportunityRow, value: Decimal | null = row.value): string {
  if (value === null) return '—';
  const label = METRIC_LABELS[row.metric];
  switch (label.kind) {
    case 'index':
      return value.toFixed(3);
    case 'share':
      return formatPercent(value);
    case 'gbp':
      return pounds(value);
    case 'number':
      return `${grouped(value, 1)} ${label.per}`;
  }
}

/** The opportunity in its unit and in pounds, or why there is none. */
function displayOpportunity(row: OpportunityRow): string {
  const parts: string[] = [];
  if (row.opportunityUnits) parts.push(`${grouped(row.opportunityUnits, 0)} ${UNIT_LABELS[row.unit!]}`);
  if (row.opportunityGbp) parts.push(pounds(row.opportunityGbp));
  return parts.join(' = ') || '—';
}

/** How many drill-down rows explain shows (the largest opportunities); the workbook has them all. */
const DETAIL_ROWS = 5;

/** A trust's pack as text: its sections in Table 2 order, each category with value, benchmark and opportunity, and what was missing. */
export function formatPack(trust: Trust, period: string, rows: readonly OpportunityRow[]): string {
  const lines = [`Opportunity pack: ${trust.orgCode} ${trust.name}, ${SECTOR_LABELS[trust.sector]}, ${periodLabel(period)}`, OVERLAP_WARNING];
  for (const section of PACK_SECTIONS) {
    const metrics = section.metrics.filter((m) => METRIC_SECTORS[m].includes(trust.sector) && m !== 'cost_index_detail');
    if (!metrics.length) continue;
    lines.push('', `${section.title}:`);
    for (const metric of metrics) {
      for (const row of rows.filter((r) => r.metric === metric)) {
        const name = row.dimension ? `${METRIC_LABELS[metric].label}: ${dimensionLabel(row.dimension)}` : METRIC_LABELS[metric].label;
        if (row.missing.length && row.value === null) {
          lines.push(`  ${name}: missing ${formatMissing(row.missing)}`);
          continue;
        }
        const benchmark = row.benchmark ? ` against ${displayValue(row, row.benchmark)} (${row.benchmarkGroup})` : '';
        const missing = row.missing.length ? `; missing ${formatMissing(row.missing)}` : '';
        lines.push(`  ${name}: ${displayValue(row)}${benchmark}; opportunity ${displayOpportunity(row)}${missing}`);
      }
    }
  }
  const detail = rows
    .filter((r) => r.metric === 'cost_index_detail' && r.opportunityGbp?.gt(0))
    .sort((a, b) => b.opportunityGbp!.comparedTo(a.opportunityGbp!))
    .slice(0, DETAIL_ROWS);
  if (detail.length) {
    lines.push('', 'Largest cost index opportunities by POD and HRG subchapter:');
    for (const row of detail) lines.push(`  ${row.dimension}: ${displayValue(row)} against ${displayValue(row, row.benchmark)}; ${pounds(row.opportunityGbp!)}`);
  }
  return lines.join('\n');
}
