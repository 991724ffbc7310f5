import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BundleError, formatIssues } from '@nhsp/data-contract';
import { aggregatesTable, benchmarksTable, contributionsTable, estimatesTable, tableToCsv } from '@nhsp/data-contract';
import { isFinanceCategory, Month } from '@nhsp/domain';
import { DEFAULT_SETTINGS, EQUALISATIONS, MethodologyError, resolveSettings, VINTAGES, WORKING_DAYS } from '@nhsp/methodology';
import { choiceOption, ParsedArgs, requireOption, UsageError } from '../args';
import { loadBundleInputs } from '../bundle-inputs';
import { Command } from '../command';
import { packTables } from '../pack-outputs';
import { computePeriodOutputs } from '../period-outputs';
import { planFiles, planSummary, targetOption } from '../plan';
import { periodSummary } from '../summary';
import { notificationsSummary } from './notifications-summary';

const usage = `Usage: npm run cli -- compute --data DIR --period YYYY-MM --out DIR [options]

Reads a bundle (data contract) and writes estimates.csv, aggregates.csv, contributions.csv,
benchmarks.csv, opportunities.csv (every trust's opportunity pack) and indicators.csv (key
operational indicators) for Month m year-to-date of the period against the same months a year earlier,
and the plan view from the bundle's whole history up to the period: targets.csv (the 2% target),
index.csv (the chained index since 2019/20) and stability.csv (the stability band).

Options:
  --data DIR                    bundle folder (trusts.csv, activity.csv or activity_records.csv,
                                finance.csv, cost_weights.csv, deflators.csv; optional
                                notifications.csv flags TRUST_NOTIFICATION; optional
                                trust_costs.csv, workforce.csv, operations.csv, medicines.csv
                                and unit_costs.csv feed the packs and indicators)
  --period YYYY-MM              the month whose year-to-date is estimated
  --out DIR                     where the output files are written (created if missing)
  --equalisation ${EQUALISATIONS.join('|')} setting equalisation (default ${DEFAULT_SETTINGS.equalisation})
  --working-days ${WORKING_DAYS.join('|')}         working-day adjustment (default ${DEFAULT_SETTINGS.workingDays})
  --exclude LIST                finance categories left out of input, comma-separated
                                (default ${DEFAULT_SETTINGS.excludedCategories.join(',')}; "none" for none)
  --on-error reject|quarantine  bad rows reject the bundle (default) or are set aside and reported
  --vintage provisional|provisional_revised|final_revised
                                vintage written in estimates.csv (default provisional)
  --target RATE                 annual productivity growth target, 0.02 or 2% (default 2%)`;

/** The method settings the options ask for (the methodology's values and defaults; every other setting at its default). */
export function settingsFromArgs(args: ParsedArgs) {
  const exclude = args.options.exclude;
  return resolveSettings({
    equalisation: choiceOption(args, 'equalisation', EQUALISATIONS, DEFAULT_SETTINGS.equalisation),
    workingDays: choiceOption(args, 'working-days', WORKING_DAYS, DEFAULT_SETTINGS.workingDays),
    ...(typeof exclude === 'string' ? { excludedCategories: parseExclusions(exclude) } : {}),
    ...targetOption(args),
  });
}

function parseExclusions(list: string) {
  if (list === 'none') return [];
  const categories = list.split(',').map((c) => c.trim());
  const unknown = categories.filter((c) => !isFinanceCategory(c));
  if (unknown.length) throw new UsageError(`--exclude: unknown finance categories ${unknown.join(', ')}`);
  return categories.filter(isFinanceCategory);
}

export const computeCommand: Command = {
  name: 'compute',
  summary: 'compute estimates, aggregates, contributions and benchmarks for a period from a bundle',
  usage,
  async run(args) {
    const data = requireOption(args, 'data');
    const out = requireOption(args, 'out');
    const period = requireOption(args, 'period');
    try {
      Month.parse(period);
    } catch (error) {
      throw new UsageError(`--period: ${(error as Error).message}`);
    }
    const settings = settingsFromArgs(args);
    const onError = choiceOption(args, 'on-error', ['reject', 'quarantine'] as const, 'reject');
    const vintage = choiceOption(args, 'vintage', VINTAGES, 'provisional');

    let loaded;
    try {
      // compute writes one period: the returns' other months are not kept (results are the same).
      loaded = await loadBundleInputs(data, onError, { forPeriod: period, ledgerFor: settings });
    } catch (error) {
      if (error instanceof BundleError) {
        console.error(`compute: the bundle in ${data} was rejected; nothing was computed.\n${formatIssues(error.issues, error.issueCount)}`);
        return 1;
      }
      throw error;
    }
    if (loaded.bundle.issueCount > 0) {
      console.error(`compute: ${loaded.bundle.issueCount} bad row(s) quarantined and left out:\n${formatIssues(loaded.bundle.issues, loaded.bundle.issueCount)}`);
    }

    let outputs;
    try {
      outputs = computePeriodOutputs(loaded.inputs, loaded.notifications, period, settings, loaded.ledger?.held);
    } catch (error) {
      if (error instanceof MethodologyError) {
        console.error(`compute: ${error.message}`);
        return 1;
      }
      throw error;
    }

    const { result, plan, packs } = outputs;
    await mkdir(out, { recursive: true });
    const files = {
      'estimates.csv': estimatesTable(result.estimates, vintage),
      'aggregates.csv': aggregatesTable(result.aggregates),
      'contributions.csv': contributionsTable(result.estimates),
      'benchmarks.csv': benchmarksTable(result.benchmarks),
      ...packTables(packs),
      ...planFiles(plan),
    };
    for (const [name, table] of Object.entries(files)) await writeFile(join(out, name), tableToCsv(table));
    await writeFile(join(out, 'settings.json'), `${JSON.stringify({ period: result.period, ...result.settings }, null, 2)}\n`);
    console.log(periodSummary(result));
    console.log(`\n${planSummary(plan)}`);
    if (loaded.notifications.length) console.log(`\n${notificationsSummary(result.estimates, loaded.notifications.length)}`);
    console.log(`\nWrote ${Object.keys(files).join(', ')} and settings.json to ${out}`);
    // The next period of the same bundle reads the history from the ledger cache.
    if (loaded.ledger && !loaded.ledger.held) await loaded.ledger.store(outputs.ledger());
    return 0;
  },
};
