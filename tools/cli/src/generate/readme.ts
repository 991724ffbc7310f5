import { FinancialYear, Month } from '@nhsp/domain';
import { FinanceCount } from './aggregate-files';
import { ILLUSTRATIVE_DEFLATORS } from './deflators';
import type { WrittenFile } from './generate';
import { costYears } from './monthly-files';
import { GenerationPlan } from './plan';
import { returnsSection } from './readme-returns';
import { PLANTED, UNKNOWN_CURRENCIES } from './selection';

export interface ReadmeFacts {
  activityFile: string;
  activityRows: number;
  finance: FinanceCount;
  files: WrittenFile[];
}

export const pct = (fraction: number) => `${(fraction * 100).toFixed(fraction * 100 < 10 ? 2 : 1).replace(/\.?0+$/, '')}%`;

function inRange(plan: GenerationPlan, month: Month): boolean {
  return month.compare(plan.options.from) >= 0 && month.compare(plan.options.to) <= 0;
}

function commandLine(plan: GenerationPlan): string {
  const o = plan.options;
  return [
    'npm run cli -- generate --out DIR',
    `--seed ${o.seed}`,
    `--trusts ${o.trusts}`,
    `--from ${o.from} --to ${o.to}`,
    o.records ? '--records' : '',
    o.coreOnly ? '--core-only' : '',
    `--month-records-target ${o.monthRecordsTarget}`,
  ]
    .filter(Boolean)
    .join(' ');
}

function plantedSection(plan: GenerationPlan): string[] {
  const name = (code: string) => `\`${code}\` (${plan.reference.trusts.find((t) => t.orgCode === code)!.name})`;
  const { sdec, missingMonth, unweighted, outlier, lateStart, gap } = plan.roles;
  const smallUnknown = plan.selected
    .filter((t) => t.orgCode !== unweighted && plan.models.get(t.orgCode)!.lines.some((l) => !l.known))
    .map((t) => `\`${t.orgCode}\``);
  const notInRange = [
    ['the SDEC move', PLANTED.sdecFrom],
    ['the missing month', PLANTED.missingMonth],
    ['the outlier', PLANTED.outlierFrom],
    ['the gap', PLANTED.gapMonth],
  ]
    .filter(([, month]) => !inRange(plan, month as Month))
    .map(([what]) => what);
  const lateStartShows = plan.options.from.compare(PLANTED.lateStartFrom) < 0;
  const start = PLANTED.lateStartFrom;
  const firstFullYear = FinancialYear.of(start.month === 4 ? start.year : start.financialYear.startYear + 1);
  const gapYear = PLANTED.gapMonth.financialYear;
  return [
    '## Planted cases',
    '',
    'Chosen from the seed among the generated trusts (each role goes to the eligible trust with the',
    'lowest hash of seed, role and org code, so a smaller selection holding that trust plants it there',
    'too). They are fixed in calendar time, so a range without their months does not show them.',
    notInRange.length > 0 || !lateStartShows
      ? `\n**Not in this range:** ${[...notInRange, ...(lateStartShows ? [] : ['the late start'])].join(', ')}.\n`
      : '',
    '| trust | what was planted | what the methodology should say |',
    '|---|---|---|',
    `| ${name(sdec)} | From ${PLANTED.sdecFrom} on, ${pct(PLANTED.sdecShare)} of its non-elective short-stay (NEL_SS) spells are recorded as same-day emergency care attendances in A&E (AE). Its NEL_SS volume is ${PLANTED.sdecShortStayBoost}× a typical trust's throughout, so the move is material; spend does not change. | \`POD_SHIFT\` for year-to-date periods of 2025/26 (NEL_SS share of CWA falls, AE rises); output and productivity growth about 4–7% lower than it would be, still inside ±10%. |`,
    `| ${name(missingMonth)} | No activity at all for ${PLANTED.missingMonth} (finance and the optional returns are present). | \`MISSING_DATA\` naming ${PLANTED.missingMonth} for every period whose year-to-date includes it (${PLANTED.missingMonth} to 2026-03); no estimate. |`,
    `| ${name(unweighted)} | ${pct(PLANTED.unweightedShares.OP)} of its outpatient (OP) attendances under \`WF01E\` and ${pct(PLANTED.unweightedShares.DC)} of its day cases (DC) under \`LB99Z\`, codes not in the 2023/24 NCC schedule, in every year (its NCC return carries them too). | \`UNWEIGHTED_ACTIVITY\`: about 2–3% of its CWA comes from fallback weights (threshold 0.5%); its cost index leaves those rows out (§11). |`,
    `| ${name(outlier)} | Activity steps up by ${pct(PLANTED.outlierStep - 1)} from ${PLANTED.outlierFrom} with spend unchanged in real terms. | \`OUTLIER\`: productivity growth about +${pct(PLANTED.outlierStep - 1)} in every 2025/26 period. |`,
    `| ${name(lateStart)} | Formed in a merger: no activity, finance or return of any kind before ${PLANTED.lateStartFrom}. | \`MISSING_DATA\` until the base period is covered too (first estimate ${firstFullYear.startYear + 1}-04); its index (§9) starts at 100 in FY ${firstFullYear}, its first year with all twelve months; its first NCC return is for that year. |`,
    `| ${name(gap)} | Sent nothing at all for ${PLANTED.gapMonth} (no activity, finance or returns); its NCC return of that year is complete. | \`MISSING_DATA\` for the periods ${PLANTED.gapMonth} to ${gapYear.month(12)} and ${PLANTED.gapMonth.plus(12)} to ${gapYear.month(12).plus(12)} (their base holds the month); the periods of FY ${FinancialYear.of(gapYear.startYear + 1)} before that have an estimate but no rest-of-year target figures (§8: their base year lacks a month); its index breaks: no growth for ${gapYear} or any later year (§9). |`,
    '',
    `Other trusts with a small share of unknown codes (well under 0.5% of CWA, so no flag): ${smallUnknown.join(', ') || 'none'}.`,
    `The codes used are ${UNKNOWN_CURRENCIES.map((u) => `\`${u.currency}\` (${u.pod})`).join(', ')}.`,
    '',
    'The pandemic is not planted but shows in the flags: nearly every trust is an `OUTLIER` in FY 2020/21',
    '(activity down about a quarter, spend up) and many again in 2021/22 (the recovery).',
  ];
}

const FILE_NOTES: Record<string, (plan: GenerationPlan, facts: ReadmeFacts) => string> = {
  'trusts.csv': (plan) => `${plan.selected.length} rows of the real trust list, unchanged (CRLF line endings as published).`,
  'cost_weights.csv': () => 'a byte copy of the real NCC 2023/24 national schedule (BOM and padded codes included).',
  'deflators.csv': () => 'the published NHS Cost Inflation Index 2015–2023 plus **illustrative** rows for 2024 and 2025 (below).',
  'activity.csv': () => 'generated activity by trust, month, POD and currency; `bed_days` on EL, NEL_LS and NEL_SS rows.',
  'activity_records.csv': () => 'generated activity, one row per spell, attendance or contact; `los_days` on EL, NEL_LS and NEL_SS.',
  'finance.csv': () => 'generated spend by trust, month and category.',
  'trust_costs.csv': (plan) => `each acute trust's own NCC return for ${fyList(costYears(plan)) || 'no year (none is complete before the last)'}.`,
  'workforce.csv': () => 'staff in post (WTE) by trust, month and staff group.',
  'operations.csv': () => 'monthly operational counts by trust: theatres, wards, contacts, ambulance, corporate, estates, income, supplies.',
  'medicines.csv': () => 'acute and mental health trusts\' purchases of molecules with originator, generic or biosimilar products.',
  'unit_costs.csv': () => '`community_bed_day` and `ambulance_hour` (illustrative).',
};

/** `FY 2019/20 to 2024/25 (\`year\` 2019 to 2024)`, as the file's `year` column spells them. */
export function fyList(years: number[]): string {
  if (years.length === 0) return '';
  const first = FinancialYear.of(years[0]);
  const last = FinancialYear.of(years[years.length - 1]);
  if (years.length === 1) return `FY ${first} (\`year\` ${first.startYear})`;
  return `FY ${first} to ${last} (\`year\` ${first.startYear} to ${last.startYear})`;
}

export function bundleReadme(plan: GenerationPlan, facts: ReadmeFacts): string {
  const o = plan.options;
  const exceptional = facts.finance.lines.get('exceptional') ?? 0;
  const listed = facts.files.filter((f) => f.name in FILE_NOTES);
  return [
    '# Generated bundle (synthetic)',
    '',
    'Synthetic data in the layout of the data contract, made by the generator of the `nhsp` CLI:',
    '',
    '```',
    commandLine(plan),
    '```',
    '',
    `Seed ${o.seed}, ${plan.selected.length} trusts, ${o.from} to ${o.to} (${plan.months.length} months). The same`,
    'options always give the same bytes. **The activity, spend and returns are invented**; the trust',
    'list, the NCC schedule and the published inflation rows are real.',
    '',
    '| file | rows | what it holds |',
    '|---|---|---|',
    ...listed.map((f) => `| \`${f.name}\` | ${f.rows.toLocaleString('en-GB')} | ${FILE_NOTES[f.name](plan, facts)} |`),
    '',
    '## Deflators 2024 and 2025 are illustrative',
    '',
    'No index is published here for FY 2024/25 and 2025/26. These rows are not official figures: pay',
    'follows the Agenda for Change awards, prices a CPI-like path, and pay & prices weighs them 64:36.',
    '',
    '| year | prices | pay | pay&prices |',
    '|---|---|---|---|',
    ...ILLUSTRATIVE_DEFLATORS.map((d) => `| ${d.year} | ${pct(d.prices)} | ${pct(d.pay)} | ${pct(d.payAndPrices)} |`),
    '',
    '## How the numbers are made',
    '',
    '- **Volume.** Each POD\'s national NCC 2023/24 activity (÷ 12, times the share of it the listed',
    '  trusts deliver) is shared among the trusts that deliver the POD by size (peer group × a random',
    '  factor, so teaching trusts are several times small ones) and a random affinity. All volumes are',
    `  then scaled so that all ${plan.reference.trusts.length} listed trusts together make ${o.monthRecordsTarget.toLocaleString('en-GB')} records in an average month`,
    '  of FY 2024/25 (`--month-records-target`). Direct-access pathology is left out.',
    '- **Aggregates and records agree.** `activity.csv` holds exactly the counts and bed days that',
    '  aggregating `activity_records.csv` of the same options gives: the scale is the same in both modes.',
    '- **Mix by sector.** A trust reports a few currencies per POD (drawn by national activity), with',
    '  shares jittered around the national mix. Acute trusts deliver the hospital PODs (specialist',
    '  trusts are planned-care heavy, with an A&E only for children and eyes); mental health trusts',
    '  MHCC, MHPS (counted in bed days, as the schedule counts it) and, most of them, IAPT; community',
    '  trusts CHS; ambulance trusts AMB.',
    '- **The history.** FY 2019/20 is the pre-pandemic year. In 2020/21 activity falls by about a',
    '  quarter below trend (deepest in April 2020 and January 2021; planned care hardest hit, ambulance',
    '  calls hardly at all) and recovers through 2021/22–2023/24; real spend rises by 3% in 2020/21',
    '  and 8–14% in later years against the pre-pandemic path and does not come back down, so national',
    '  productivity falls by about a quarter in 2020/21 and climbs back by 2–3% a year, still short',
    '  of 2019/20 in 2025/26. Agency spend peaks in 2022/23 and falls by about 40% in 2025/26 (each',
    '  trust at its own pace), bank spend by about 7%; length of stay rises in 2020/21–2022/23 and',
    '  falls again after.',
    '- **Season and trend.** Electives dip in August and December, emergencies (NEL, A&E, critical care)',
    '  rise in winter, every month scales with its days; each trust grows at its own rate (0 to 6% a',
    '  year, ±1.2% from year to year, ±1% by POD, with national POD trends from 2024/25: fewer',
    '  long-stay emergency spells, more day cases and outpatient procedures), with Poisson noise on',
    '  every count.',
    '- **Bed days.** EL, NEL_LS and NEL_SS rows carry bed days: a length of stay per spell that grows with',
    '  the currency\'s unit cost and the trust\'s own factor (short stays 0 or 1 night, long stays 2',
    '  nights or more; large rows draw the sum at once); other PODs leave the column empty.',
    '- **Spend.** Monthly spend = national cost of the trust\'s trend activity (60% at the year\'s average',
    '  level, 40% following the month) × an efficiency factor (0.82–1.22 against the 2023/24 unit',
    '  costs) × its real spend path (an underlying productivity gain of −1.5% to +4% a year, ±1.2% from',
    '  year to year) × the national pandemic uplift, split into pay (substantive, bank, agency) and',
    '  non-pay, then inflated by the pay or prices series above.',
    `- **Excluded lines.** Depreciation every month for every trust; PFI capital charges for ${facts.finance.pfiTrusts.length} trusts`,
    `  (${facts.finance.pfiTrusts.map((c) => `\`${c}\``).join(', ') || 'none'}); ${exceptional} exceptional items (some of them credits).`,
    '',
    ...(o.coreOnly ? ['## Optional returns', '', 'Not written (`--core-only`).'] : returnsSection(plan)),
    '',
    ...plantedSection(plan),
    '',
    '## Quirks of real files',
    '',
    '- About 1 activity row in 6,000 and 1 finance row in 600 is untidy: lower-case codes, padded',
    '  currencies or organisation codes, upper-case finance categories. Trim and fold case to read them.',
    '- About as many are split over two rows with the same key; the rows must be summed.',
    '- `trusts.csv` keeps CRLF line endings and `cost_weights.csv` its byte-order mark, as published.',
    '- The optional returns are tidy: one row per key, codes as the data contract spells them.',
    '',
  ].join('\n');
}
