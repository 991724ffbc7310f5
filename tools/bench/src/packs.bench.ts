// bench:packs — the opportunity packs (§11) and key indicators (§12) of one period at national
// scale: the golden history bundle (20 trusts of every sector, every optional return, seven
// years) copied ten times under new org codes, 200 trusts. Prints CPU time (what the machine's
// other work does not inflate) and wall time per step and, last, `RESULT {json}`.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readBundle } from '@nhsp/data-contract';
import {
  ActivityIndex,
  computePacks,
  computePeriod,
  CostWeights,
  DeflatorSeries,
  FinanceIndex,
  indexReturns,
  keyIndicators,
  packInputsOf,
  resolveSettings,
} from '@nhsp/methodology';

const HISTORY = resolve(__dirname, '../../fixtures/golden/history-bundle');
const COPIES = Number(process.env.COPIES ?? 10);
const PERIOD = '2026-03';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const bundle = await readBundle(HISTORY);
  const code = (org: string, k: number) => (k === 0 ? org : `${org.slice(0, 3)}${k}`);
  const copies = <T extends { orgCode: string }>(rows: readonly T[]) => rows.flatMap((r) => Array.from({ length: COPIES }, (_, k) => ({ ...r, orgCode: code(r.orgCode, k) })));
  const r = bundle.returns;
  let wall = performance.now();
  let cpu = cpuMs();
  const returns = indexReturns({
    trustCosts: copies(r.trustCosts!.rows),
    workforce: copies(r.workforce!.rows),
    operations: copies(r.operations!.rows),
    medicines: copies(r.medicines!.rows),
    unitCosts: r.unitCosts!.rows,
  });
  const indexMs = { cpu: cpuMs() - cpu, wall: performance.now() - wall };
  const inputs = {
    trusts: copies(bundle.trusts.rows),
    activity: ActivityIndex.from(copies(bundle.activity!.rows)),
    finance: FinanceIndex.from(copies(bundle.finance!.rows)),
    schedule: bundle.costWeights!.rows,
    deflators: new DeflatorSeries('nhs-cost-inflation-index', bundle.deflators!.rows),
    returns,
  };
  const settings = resolveSettings();
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  const estimates = computePeriod(inputs, PERIOD, settings, { weights }).estimates;
  const runs: { packsCpu: number; packsWall: number; indicatorsCpu: number; indicatorsWall: number }[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    [wall, cpu] = [performance.now(), cpuMs()];
    rows = computePacks(packInputsOf(inputs, settings, weights), PERIOD).length;
    const [packsWall, packsCpu] = [performance.now() - wall, cpuMs() - cpu];
    [wall, cpu] = [performance.now(), cpuMs()];
    keyIndicators(PERIOD, estimates, inputs);
    runs.push({ packsCpu, packsWall, indicatorsCpu: cpuMs() - cpu, indicatorsWall: performance.now() - wall });
  }
  const best = (key: keyof (typeof runs)[number]) => Math.round(Math.min(...runs.map((x) => x[key])));
  const result = {
    trusts: inputs.trusts.length,
    period: PERIOD,
    opportunityRows: rows,
    indexReturnsMs: { cpu: Math.round(indexMs.cpu), wall: Math.round(indexMs.wall) },
    packsMs: { cpu: best('packsCpu'), wall: best('packsWall') },
    indicatorsMs: { cpu: best('indicatorsCpu'), wall: best('indicatorsWall') },
  };
  console.log(`${result.trusts} trusts, ${PERIOD}: returns indexed in ${result.indexReturnsMs.cpu} ms CPU`);
  console.log(`  packs (${rows} rows): ${result.packsMs.cpu} ms CPU, ${result.packsMs.wall} ms wall (best of 3)`);
  console.log(`  indicators: ${result.indicatorsMs.cpu} ms CPU, ${result.indicatorsMs.wall} ms wall (best of 3)`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
