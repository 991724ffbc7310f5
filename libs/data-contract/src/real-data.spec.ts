import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readActivity, readBundle, readDeflators, readFinance, readNccSchedule, readTrusts } from './index';

const DATA = join(__dirname, '../../../tools/fixtures/reference');
const GOLDEN = join(__dirname, '../../../tools/fixtures/golden/bundle');

describe('the real published files', () => {
  it('reads all 11,303 rows of the 2023/24 NCC schedule, codes trimmed and numbers exact', async () => {
    const schedule = await readNccSchedule(`${DATA}/ncc_national_schedule_2023_24.csv`);
    expect(schedule.rows).toHaveLength(11303);
    expect(schedule.issueCount).toBe(0);
    const hearAndTreat = schedule.rows.find((row) => row.serviceCode === 'Ambulance' && row.currency === '01')!;
    expect(hearAndTreat.description).toBe('Hear & Treat');
    expect(hearAndTreat.activity!.toString()).toBe('1147817');
    expect(hearAndTreat.cost!.toString()).toBe('75251062.92');
    expect(hearAndTreat.unitCost!.toString()).toBe('65.5602');
    // Quoted descriptions with commas, published with a leading space.
    const hearingAid = schedule.rows.find((row) => row.currency === 'AS01')!;
    expect(hearingAid.description).toBe('Fitting of Hearing Aid, Adult');
    expect(schedule.columns[0]).toBe('Service Code');
    const bytes = readFileSync(`${DATA}/ncc_national_schedule_2023_24.csv`);
    expect(schedule.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(schedule.bytes).toBe(bytes.length);
  });

  it('reads the 194 trusts with their sectors', async () => {
    const trusts = await readTrusts(`${DATA}/trusts.csv`);
    expect(trusts.rows).toHaveLength(194);
    const bySector = new Map<string, number>();
    for (const trust of trusts.rows) bySector.set(trust.sector, (bySector.get(trust.sector) ?? 0) + 1);
    expect(bySector.get('acute')).toBe(134);
    expect(bySector.get('ambulance')).toBe(10);
    expect((bySector.get('mental_health') ?? 0) + (bySector.get('community') ?? 0)).toBe(50);
    expect(trusts.rows.find((trust) => trust.orgCode === 'RCX')).toEqual({
      orgCode: 'RCX',
      name: "THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST",
      region: 'East',
      trustType: 'Acute trust',
      peerGroup: 'Acute - Small',
      sector: 'acute',
    });
  });

  it('reads the NHS Cost Inflation Index percentages as fractions', async () => {
    const deflators = await readDeflators(`${DATA}/nhs_cost_inflation_index.csv`);
    expect(deflators.rows.map((row) => row.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    const y2023 = deflators.rows.find((row) => row.year === 2023)!;
    expect([y2023.prices.toString(), y2023.pay.toString(), y2023.payAndPrices!.toString()]).toEqual(['0.0345', '0.0479', '0.0431']);
  });
});

describe('the golden bundle', () => {
  it('reads every file, tolerating the BOM, the extra column and padded lower-case codes', async () => {
    const bundle = await readBundle(GOLDEN);
    expect(bundle.issueCount).toBe(0);
    expect(bundle.trusts.rows).toHaveLength(15);
    expect(bundle.activity!.file).toBe('activity.csv');
    expect(bundle.activity!.columns).toEqual(['org_code', 'month', 'pod', 'currency', 'count', 'source_system']);
    expect(bundle.activity!.recordsRead).toBe(36460);
    expect(bundle.activity!.rows).toHaveLength(34747);
    expect(bundle.finance!.rows).toHaveLength(2512);
    expect(bundle.costWeights!.rows).toHaveLength(11303);
    expect(bundle.deflators!.rows.map((row) => row.year).slice(-2)).toEqual([2024, 2025]);
    const codes = new Set(bundle.activity!.rows.map((row) => `${row.orgCode} ${row.pod} ${row.currency}`));
    expect([...codes].every((code) => code === code.toUpperCase() && !code.includes('  '))).toBe(true);
  });

  it('sums split rows: `rxf,2024-04,op, wf01b ,1160` and `RXF,2024-04,OP,WF01B,1161`', async () => {
    const activity = await readActivity(`${GOLDEN}/activity.csv`);
    const matching = activity.rows.filter(
      (row) => row.orgCode === 'RXF' && row.month === '2024-04' && row.pod === 'OP' && row.currency === 'WF01B',
    );
    expect(matching).toEqual([{ orgCode: 'RXF', month: '2024-04', pod: 'OP', currency: 'WF01B', count: 2321, bedDays: null }]);
  });

  it('keeps finance amounts exact', async () => {
    const finance = await readFinance(`${GOLDEN}/finance.csv`, { knownOrgCodes: ['RXF', 'RAN', 'RYR', 'RJ7', 'RJE', 'RN3', 'RXQ', 'RPC', 'RWH', 'RBN', 'RL1', 'RHU', 'R1D', 'RAT', 'RDR'] });
    const first = finance.rows.find((row) => row.orgCode === 'RXF' && row.month === '2024-04' && row.category === 'pay_substantive')!;
    expect(first.amount.toFixed(2)).toBe('11953667.79');
    expect(finance.issueCount).toBe(0);
  });
});
