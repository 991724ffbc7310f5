// The readable figures of bench:recompute (the RESULT line follows them).
import type { CliFloor } from './recompute-cli-floor';
import type { Incremental } from './recompute-incremental';
import type { StageTimes, stageDurations } from './recompute-stages';

const seconds = (value: number | null): string => (value === null ? '—' : `${(value / 1000).toFixed(1)} s`);

interface Printed {
  periods: number;
  bootMs: number;
  uploadMs: number;
  recomputeMs: number;
  cliFloorMs: number | null;
  serviceVsCli: number | null;
  recomputeCpuMs: number;
  recomputePostgresCpuMs: number | null;
  incremental: Incremental & { quietAfterMs: number };
  periodsMissingOutputs: string[];
  stages: { durations: ReturnType<typeof stageDurations>; extraRuns: number };
  machine: { loadAverage1m: number };
  target: { recomputeUnderMs: number; serviceVsCliAtMost: number; met: boolean };
}

export function printRecompute(result: Printed, s: StageTimes, floor: CliFloor | null): void {
  console.log(`services booted in ${result.bootMs} ms; load average at start ${result.machine.loadAverage1m}`);
  console.log(`upload/ingest (every file of the bundle, every batch stored): ${result.uploadMs} ms`);
  console.log(`times below are from "inputs complete" (last upload answered), on the database clock:`);
  console.log(`  batches stored         ${seconds(s.batchesStored.first)} .. ${seconds(s.batchesStored.last)} (${s.batchesStored.count})`);
  console.log(`  period    vintage               run created  benchmarks       packs  published`);
  for (const r of s.runs) {
    console.log(
      `  ${r.period}   ${r.vintage.padEnd(20)} ${seconds(r.createdMs).padStart(11)} ${seconds(r.benchmarksMs).padStart(11)} ${seconds(r.packsMs).padStart(11)} ${seconds(r.publishedMs).padStart(10)}`,
    );
  }
  const d = result.stages.durations;
  const line = (name: string, x: { medianMs: number | null; maxMs: number | null; n: number }) => console.log(`  ${name.padEnd(34)} median ${seconds(x.medianMs)}, max ${seconds(x.maxMs)} (${x.n})`);
  console.log('per run (service timestamps):');
  line('run created → benchmarks stored', d.runToBenchmarks);
  line('run created → packs stored', d.runToPacks);
  line('later of the two → release published', d.outputsToPublished);
  line('run created → release published', d.runToPublished);
  line('between one run start and the next', d.gapBetweenRunStarts);
  console.log(`  runs ${s.runs.length}, extra runs (another vintage or period) ${result.stages.extraRuns}`);
  console.log(`  periods whose release lacks an output: ${result.periodsMissingOutputs.length ? result.periodsMissingOutputs.join(', ') : 'none'}`);
  if (floor) {
    console.log(`the floor (nhsp compute's work for the same ${floor.periods} periods, one process): ${floor.totalMs} ms, CPU ${floor.cpuMs} ms`);
    console.log(`  ${Object.entries(floor.stages).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  const inc = result.incremental;
  console.log(
    `incremental (after ${inc.quietAfterMs} ms for the services to go quiet): ${inc.month} submitted again (${inc.activityRows} activity + ${inc.financeRows} finance rows): upload ${inc.uploadMs} ms, last release ${inc.incrementalMs} ms; re-ran ${inc.rerunPeriods.join(', ') || 'nothing'}`,
  );
  console.log(
    `whole-history recompute (${result.periods} periods, inputs complete → last release): ${result.recomputeMs} ms = ${result.serviceVsCli ?? '—'}× the floor; CPU of the services ${result.recomputeCpuMs} ms, of PostgreSQL ${result.recomputePostgresCpuMs ?? '—'} ms ` +
      `(targets: under ${result.target.recomputeUnderMs} ms, at most ${result.target.serviceVsCliAtMost}× the floor: ${result.target.met ? 'met' : 'not met'})`,
  );
}
