import { formatPercent as percent } from '@nhsp/domain';
import { PeriodResult } from '@nhsp/methodology';

/** A short readable summary of a computed period: national and sector growth, then flagged trusts. */
export function periodSummary(result: PeriodResult): string {
  const lines = [`Productivity growth, ${result.period} (Month ${result.months} year-to-date against the same months last year)`, ''];
  const header = ['', 'trusts', 'output', 'input', 'productivity'];
  const table = result.aggregates
    .filter((a) => a.level === 'national' || a.level === 'sector')
    .map((a) => [a.level === 'national' ? a.group : `  ${a.group}`, String(a.trusts), percent(a.outputGrowth), percent(a.inputGrowth), percent(a.productivityGrowth)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const format = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  lines.push(format(header), ...table.map(format), '');

  const flagged = result.estimates.filter((e) => e.flags.length > 0 || e.status !== 'estimated');
  lines.push(flagged.length ? `Flagged trusts (${flagged.length}):` : 'No trust is flagged.');
  for (const e of flagged) {
    const detail =
      e.status === 'missing_data'
        ? `no estimate: ${e.missing.map((m) => `${m.month} no ${m.missing.join(' or ')}`).join('; ')}`
        : e.status === 'zero_base'
          ? 'no estimate: zero base-period CWA or real spend'
          : `productivity ${percent(e.measures!.productivityGrowth)}`;
    lines.push(`  ${e.trust.orgCode.padEnd(5)} ${e.flags.join('|').padEnd(28)} ${detail}`);
  }
  return lines.join('\n');
}
