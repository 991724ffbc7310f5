import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeMonthlyFiles } from './monthly-files';
import { GenerateOptions } from './options';
import { GenerationPlan, planGeneration } from './plan';
import { bundleReadme } from './readme';
import { writeRecords } from './records';
import { loadReference, ReferenceData } from './reference';
import { RETURN_FILES, UNIT_COSTS } from './returns/codes';
import { PlantedRoles } from './selection';

export interface WrittenFile {
  name: string;
  rows: number;
  bytes: number;
}

export interface GenerateResult {
  plan: GenerationPlan;
  files: WrittenFile[];
  roles: PlantedRoles;
  seconds: number;
  /** Records mode only: how fast the records were written. */
  records?: { rows: number; seconds: number; rowsPerSecond: number };
}

const lineCount = (text: string) => (text.match(/\n/g) ?? []).length - 1;

const UNIT_COSTS_TEXT = `name,gbp\n${Object.entries(UNIT_COSTS).map(([name, gbp]) => `${name},${gbp}\n`).join('')}`;

/**
 * Writes a bundle into `outDir`: trusts, cost weights and deflators from the reference data,
 * generated activity (aggregated or record-level) and finance, the optional returns unless
 * `coreOnly`, and a README saying what was generated and planted. Files of the other activity
 * kind, or optional returns a `coreOnly` run does not write, are removed if an earlier run left
 * them there, so a bundle never holds a file this run did not make.
 */
export async function generateBundle(
  outDir: string,
  options: GenerateOptions,
  progress: (message: string) => void = () => undefined,
  reference: ReferenceData = loadReference(),
): Promise<GenerateResult> {
  const started = process.hrtime.bigint();
  const plan = planGeneration(options, reference);
  await mkdir(outDir, { recursive: true });
  const files: WrittenFile[] = [];

  const trustsText = reference.trustsHeaderLine + plan.selected.map((t) => t.rawLine).join('');
  await writeFile(join(outDir, 'trusts.csv'), trustsText);
  files.push({ name: 'trusts.csv', rows: plan.selected.length, bytes: Buffer.byteLength(trustsText) });

  // Read and written rather than copied: a copy would keep the source's read-only mode.
  const schedule = await readFile(reference.schedulePath);
  await writeFile(join(outDir, 'cost_weights.csv'), schedule);
  files.push({ name: 'cost_weights.csv', rows: lineCount(schedule.toString('utf8')), bytes: schedule.length });

  await writeFile(join(outDir, 'deflators.csv'), plan.deflators.text);
  files.push({ name: 'deflators.csv', rows: plan.deflators.years.length, bytes: Buffer.byteLength(plan.deflators.text) });

  const activityFile = options.records ? 'activity_records.csv' : 'activity.csv';
  const stale = [options.records ? 'activity.csv' : 'activity_records.csv', ...(options.coreOnly ? RETURN_FILES : [])];
  for (const name of stale) await rm(join(outDir, name), { force: true });
  let records: GenerateResult['records'];
  let activityRows = 0;
  if (options.records) {
    const written = await writeRecords(plan, join(outDir, activityFile), progress);
    files.push({ name: activityFile, rows: written.rows, bytes: written.bytes });
    records = { rows: written.rows, seconds: written.seconds, rowsPerSecond: written.rows / written.seconds };
    activityRows = written.rows;
  }
  const monthly = await writeMonthlyFiles(plan, outDir, (message) =>
    progress(`${options.records ? 'finance.csv' : 'activity.csv, finance.csv'}${options.coreOnly ? '' : ' and returns'}: ${message}`),
  );
  if (monthly.activity) {
    files.push({ name: activityFile, ...monthly.activity });
    activityRows = monthly.activity.rows;
  }
  files.push({ name: 'finance.csv', rows: monthly.finance.rows, bytes: monthly.finance.bytes });
  if (monthly.returns) {
    for (const [name, count] of Object.entries(monthly.returns)) files.push({ name, ...count });
    await writeFile(join(outDir, 'unit_costs.csv'), UNIT_COSTS_TEXT);
    files.push({ name: 'unit_costs.csv', rows: Object.keys(UNIT_COSTS).length, bytes: Buffer.byteLength(UNIT_COSTS_TEXT) });
  }

  const readme = bundleReadme(plan, { activityFile, activityRows, finance: monthly.finance, files });
  await writeFile(join(outDir, 'README.md'), readme);
  files.push({ name: 'README.md', rows: 0, bytes: Buffer.byteLength(readme) });

  return {
    plan,
    files,
    roles: plan.roles,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    records,
  };
}
