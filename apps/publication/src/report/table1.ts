// Table 1 of the board paper (methodology §12): the key operational indicators of England, a
// group or a trust, each with the window it covers and its movement against the same window a
// year earlier, written as the board paper writes them ("Theatre utilisation, December 2025,
// +1.7 pts"; "Non-elective bed days, Apr–Nov 2025, −1.80%"). Volumes and rates are year to date
// with a relative change; shares are the single month with a change in percentage points.
import { formatFigure, termName, UNIT_DISPLAYS } from '@nhsp/board-answers';
import { Month, YearToDate } from '@nhsp/domain';
import { KEY_INDICATORS } from '@nhsp/methodology';
import { html, SafeHtml } from './html';
import { dataTable, idPart, monthText, nonAcuteCaveat, sentenceList, termLink } from './plan-html';
import type { IndicatorViewRow } from './plan-types';

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The window of an indicator for period P: the single month ("December 2025"), or the year to
 * date ("Apr–Nov 2025", "Apr 2025–Jan 2026", and "April 2025" at Month 1).
 */
export function indicatorWindowText(window: 'ytd' | 'month', period: string): string {
  if (window === 'month') return monthText(period);
  const ytd = YearToDate.of(period);
  const first = ytd.current[0];
  const last = Month.parse(period);
  if (ytd.months === 1) return monthText(period);
  if (first.year === last.year) return `${SHORT[first.month - 1]}–${SHORT[last.month - 1]} ${last.year}`;
  return `${SHORT[first.month - 1]} ${first.year}–${SHORT[last.month - 1]} ${last.year}`;
}

/** The movement: "+1.7 pts" for a share (points), "−1.80%" for a volume or rate; "–" where the base is zero. */
export function indicatorChangeText(row: Pick<IndicatorViewRow, 'change' | 'change_kind'>): string {
  return UNIT_DISPLAYS[row.change_kind === 'points' ? 'points' : 'growth'].format(row.change);
}

/** One indicator as the board paper's Table 1 reads: "Theatre utilisation, December 2025, +1.7 pts". */
export function table1Line(row: IndicatorViewRow): string {
  return `${termName('indicator', row.indicator)}, ${indicatorWindowText(row.window, row.period)}, ${indicatorChangeText(row)}`;
}

/** A figure of an indicator in its own unit ("4.20 days", "71.7%"); the code itself where the glossary lacks it. */
function inUnit(indicator: string, value: string | null): string {
  try {
    return formatFigure('indicator', indicator, value);
  } catch {
    return value ?? '–';
  }
}

export interface Table1View {
  period: string;
  /** Whose indicators: "England", a region's or peer group's name, or the trust's name. */
  name: string;
  /** The rows of this level and group (other rows are ignored). */
  level: string;
  group_name: string;
  rows: readonly IndicatorViewRow[];
  /** A trust's sector: a non-acute trust's table carries the board paper's caveat. */
  sector?: string;
}

/** Table 1 for England, a group or a trust, in the board paper's order, and the indicators it has no figure for, named. */
export function table1Section(v: Table1View): SafeHtml {
  const mine = v.rows.filter((r) => r.level === v.level && r.group_name === v.group_name);
  const order = (code: string) => {
    const i = (KEY_INDICATORS as readonly string[]).indexOf(code);
    return i < 0 ? KEY_INDICATORS.length : i;
  };
  const rows = [...mine].sort((a, b) => order(a.indicator) - order(b.indicator));
  const absent = KEY_INDICATORS.filter((code) => !mine.some((r) => r.indicator === code));
  const id = `table1-${idPart(v.level)}-${idPart(v.group_name)}`;
  const table = rows.length
    ? dataTable<IndicatorViewRow>({
        id,
        caption: `Table 1: key operational indicators, ${v.name}, compared with the same period a year earlier`,
        rowKey: (r) => r.indicator,
        columns: [
          { header: 'Indicator', rowHeader: true, key: 'indicator', cell: (r) => termLink('indicator', r.indicator) },
          { header: 'Time period (compared to same period last year)', key: 'window', cell: (r) => indicatorWindowText(r.window, r.period) },
          { header: 'A year earlier', numeric: true, key: 'base', cell: (r) => inUnit(r.indicator, r.base), value: (r) => r.base },
          { header: 'This year', numeric: true, key: 'current', cell: (r) => inUnit(r.indicator, r.current), value: (r) => r.current },
          { header: 'Movement in metric', numeric: true, key: 'change', cell: (r) => indicatorChangeText(r), value: (r) => r.change },
        ],
        rows,
      })
    : html`<p id="${id}">No key operational indicators for ${v.name} in ${monthText(v.period)}.</p>`;
  const absentPart = absent.length
    ? html`<p class="nhsp-missing" data-missing-indicators="${absent.join(' ')}">No figure for ${sentenceList(absent.map((code) => termLink('indicator', code)))}: ${v.level === 'trust' ? `${v.name} does not have` : `no trust in ${v.name} has`} the activity or return ${absent.length === 1 ? 'it is' : 'they are'} built from in both years.</p>`
    : null;
  const zeroBase = rows.some((r) => r.change === null)
    ? html`<p class="nhsp-missing">A movement shown as “–” has a base of zero a year earlier, so it has no change to show.</p>`
    : null;
  return html`<section class="nhsp-table1" aria-labelledby="${id}-heading">
<h2 id="${id}-heading">Key operational indicators</h2>
${v.sector ? nonAcuteCaveat(v.sector) : null}
<p>Volumes and rates are for the year so far against the same months a year earlier (a percentage change); theatre utilisation and the same-day elective share are for the single month against the same month a year earlier (a change in percentage points).</p>
${table}
${absentPart}
${zeroBase}
</section>`;
}
