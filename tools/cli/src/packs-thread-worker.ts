// The worker side of packs-thread.ts: a period's opportunities.csv, from the bundle cache's entry.
import { parentPort, workerData } from 'node:worker_threads';
import { opportunitiesTable, readBundleEntry, tableToCsv } from '@nhsp/data-contract';
import { YearToDate } from '@nhsp/domain';
import { computePacks, CostWeights, estimateInputs, packInputsOf, packMonthsRead } from '@nhsp/methodology';
import { bundleInputsOf } from './bundle-inputs';
import type { PacksJob, PacksAnswer } from './packs-thread';

async function opportunitiesCsv(job: PacksJob): Promise<string> {
  // The thread decodes only what the packs read: no activity, finance and returns of the year to date.
  const months = packMonthsRead(job.period);
  const bundle = await readBundleEntry(job.entry, job.dir, { returnMonths: months, financeMonths: months, activity: false });
  if (!bundle) throw new Error(`the bundle cache entry ${job.entry} could not be read`);
  const inputs = bundleInputsOf(bundle);
  const weights = CostWeights.fromSchedule(inputs.schedule, job.settings.equalisation);
  // The settings and period as computePeriod records them in its result, which packResults passes.
  const settings = estimateInputs(inputs, job.settings, weights).settings;
  const period = String(YearToDate.of(job.period).period);
  return tableToCsv(opportunitiesTable(computePacks(packInputsOf(inputs, settings, weights), period)));
}

const answer = (message: PacksAnswer) => parentPort!.postMessage(message);
opportunitiesCsv(workerData as PacksJob).then(
  (csv) => answer({ ok: true, csv }),
  (error: unknown) => answer({ ok: false, reason: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
