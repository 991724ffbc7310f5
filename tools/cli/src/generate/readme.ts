import { Month } from '@nhsp/domain';
import { FinanceCount } from './aggregate-files';
import { ILLUSTRATIVE_DEFLATORS } from './deflators';
import { GenerationPlan } from './plan';
import { PLANTED, UNKNOWN_CURRENCIES } from './selection';

export interface ReadmeFacts {
  activityFile: string;
  activityRows: number;
  finance: FinanceCount;
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(fraction * 100 < 10 ? 2 : 1).replace(/\.?0+$/, '')}%`;

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
    `--month-records-target ${o.monthRecordsTarget}`,
  ]
    .filter(Boolean)
    .join(' ');
}

function plantedSection(plan: GenerationPlan): string[] {
  const name = (code: string) => `\`${code}\` (${plan.reference.trusts.find((t) => t.orgCode === code)!.name})`;
  const { sdec, missingMonth, unweighted, outlier } = plan.roles;
  const touchesLastYear = inRange(plan, PLANTED.sdecFrom) || inRange(plan, PLANTED.missingMonth) || inRange(plan, PLANTED.outlierFrom);
  const smallUnknown = plan.selected
    .filter((t) => t.orgCode !== unweighted && plan.models.get(t.orgCode)!.lines.some((l) => !l.known))
    .map((t) => `\`${t.orgCode}\``);
  return [
    '## Planted cases',
    '',
    'Chosen from the seed among the generated trusts. They are fixed in calendar time (FY 2025/26),',
    'so a range without those months does not show the ones that fall outside it.',
    touchesLastYear ? '' : '\n**This range does not reach FY 2025/26: only the unweighted codes apply.**\n',
    '| trust | what was planted | what the methodology should say |',
    '|---|---|---|',
    `| ${name(sdec)} | From ${PLANTED.sdecFrom} on, ${pct(PLANTED.sdecShare)} of its non-elective short-stay (NEL_SS) spells are recorded as same-day emergency care attendances in A&E (AE). Its NEL_SS volume is ${PLANTED.sdecShortStayBoost}× a typical trust's throughout, so the move is material; spend does not change. | \`POD_SHIFT\` for year-to-date periods of 2025/26 (NEL_SS share of CWA falls, AE rises); output and productivity growth about 4–7% lower than it would be, still inside ±10%. |`,
    `| ${name(missingMonth)} | No activity at all for ${PLANTED.missingMonth} (finance is present). | \`MISSING_DATA\` naming ${PLANTED.missingMonth} for every period whose year-to-date includes it (${PLANTED.missingMonth} to 2026-03); no estimate. |`,
    `| ${name(unweighted)} | ${pct(PLANTED.unweightedShares.OP)} of its outpatient (OP) attendances under \`WF01E\` and ${pct(PLANTED.unweightedShares.DC)} of its day cases (DC) under \`LB99Z\`, codes not in the 2023/24 NCC schedule, in both years. | \`UNWEIGHTED_ACTIVITY\`: about 2–3% of its CWA comes from fallback weights (threshold 0.5%). |`,
    `| ${name(outlier)} | Activity steps up by ${pct(PLANTED.outlierStep - 1)} from ${PLANTED.outlierFrom} with spend unchanged in real terms. | \`OUTLIER\`: productivity growth about +${pct(PLANTED.outlierStep - 1)} in every 2025/26 period. |`,
    '',
    `Other trusts with a small share of unknown codes (well under 0.5% of CWA, so no flag): ${smallUnknown.join(', ') || 'none'}.`,
    `The codes used are ${UNKNOWN_CURRENCIES.map((u) => `\`${u.currency}\` (${u.pod})`).join(', ')}.`,
  ];
}

export function bundleReadme(plan: GenerationPlan, facts: ReadmeFacts): string {
  const o = plan.options;
  const exceptional = facts.finance.lines.get('exceptional') ?? 0;
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
    'options always give the same bytes. **The activity and spend are invented**; the trust list,',
    'the NCC schedule and the published inflation rows are real.',
    '',
    '| file | what it holds |',
    '|---|---|',
    `| \`trusts.csv\` | ${plan.selected.length} rows of the real trust list, unchanged (CRLF line endings as published). |`,
    '| `cost_weights.csv` | a byte copy of the real NCC 2023/24 national schedule (BOM and padded codes included). |',
    '| `deflators.csv` | the published NHS Cost Inflation Index 2015–2023 plus **illustrative** rows for 2024 and 2025 (below). |',
    `| \`${facts.activityFile}\` | ${facts.activityRows.toLocaleString('en-GB')} rows of generated activity. |`,
    `| \`finance.csv\` | ${facts.finance.rows.toLocaleString('en-GB')} rows of generated spend. |`,
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
    `  then scaled so that all 150 listed trusts together make ${o.monthRecordsTarget.toLocaleString('en-GB')} records in an average month`,
    '  of FY 2024/25 (`--month-records-target`). Direct-access pathology is left out.',
    '- **Aggregates and records agree.** `activity.csv` holds exactly the counts, and bed days, that',
    '  aggregating `activity_records.csv` of the same options gives: the scale is the same in both modes.',
    '- **Mix.** A trust reports a few currencies per POD (drawn by national activity), with shares',
    '  jittered around the national mix: acute trusts the hospital PODs, mental health trusts MHCC, MHPS,',
    '  IAPT and some community services, community trusts CHS and some rehabilitation, non-consultant',
    '  outpatients and talking therapies, the ambulance trust AMB. Specialist trusts are planned-care heavy.',
    '- **Season and trend.** Electives dip in August and December, emergencies (NEL, A&E, critical care)',
    '  rise in winter, every month scales with its days; each trust grows by its own rate (−3% to +8% a',
    '  year, ±1% by POD), with Poisson noise on every count.',
    '- **Bed days.** EL, NEL_LS and NEL_SS rows carry bed days: a length of stay per spell that grows with',
    '  the currency\'s unit cost (short stays 0 or 1 night, long stays 2 nights or more); other PODs leave',
    '  the column empty.',
    '- **Spend.** Monthly spend = national cost of the trust\'s activity (60% at the year\'s average level,',
    '  40% following the month) × an efficiency factor (0.85–1.3) × an underlying productivity trend',
    '  (−4% to +5% a year), split into pay (substantive, bank, agency falling 15% a year) and non-pay,',
    '  then inflated by the pay or prices series above, so nominal pay and prices grow as the deflators.',
    `- **Excluded lines.** Depreciation every month for every trust; PFI capital charges for ${facts.finance.pfiTrusts.length} trusts`,
    `  (${facts.finance.pfiTrusts.map((c) => `\`${c}\``).join(', ') || 'none'}); ${exceptional} exceptional items (some of them credits).`,
    '',
    ...plantedSection(plan),
    '',
    '## Quirks of real files',
    '',
    '- About 1 activity row in 6,000 and 1 finance row in 600 is untidy: lower-case codes, padded',
    '  currencies or organisation codes, upper-case finance categories. Trim and fold case to read them.',
    '- About as many are split over two rows with the same key; the rows must be summed.',
    '- `trusts.csv` keeps CRLF line endings and `cost_weights.csv` its byte-order mark, as published.',
    '',
  ].join('\n');
}
