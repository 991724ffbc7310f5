import { resolve } from 'node:path';
import { DomainError, Month } from '@nhsp/domain';
import { optionalOption, ParsedArgs, requireOption, UsageError } from '../args';
import { Command } from '../command';
import { generateBundle, GenerateResult } from '../generate/generate';
import { checkOptions, DEFAULT_OPTIONS, GenerateOptions } from '../generate/options';
import { defaultReferenceDir, loadReference } from '../generate/reference';

const USAGE = `Usage: npm run cli -- generate --out DIR [options]

Writes a synthetic bundle in the data-contract layout: trusts.csv, cost_weights.csv and
deflators.csv from the real reference data, generated activity and finance, the optional
returns (trust_costs.csv, workforce.csv, operations.csv, medicines.csv, unit_costs.csv) and a
README.md saying what each file holds and what was planted. By default: the history from
FY 2019/20 (the index base year) to 2025/26, with the 2020/21 pandemic fall, for every trust of
the reference list. The same options always give the same bytes.

  --out DIR                   folder to write (created if missing; bundle files are replaced)
  --seed N                    random seed (default ${DEFAULT_OPTIONS.seed})
  --trusts all|N              every trust of the reference list, or the first N keeping one of
                              each sector (default all)
  --from YYYY-MM              first month (default ${DEFAULT_OPTIONS.from})
  --to YYYY-MM                last month (default ${DEFAULT_OPTIONS.to})
  --records                   write activity_records.csv (one row per spell, streamed) instead of activity.csv
  --core-only                 only trusts, cost weights, deflators, activity and finance (no optional returns)
  --month-records-target N    records a month for the whole reference list together; scales
                              activity and spend in both modes (default ${DEFAULT_OPTIONS.monthRecordsTarget})
  --reference-data DIR        the real reference files (default $NHSP_REFERENCE_DATA or tools/fixtures/reference)

The committed sample tools/fixtures/sample is
  npm run cli -- generate --out tools/fixtures/sample --trusts 150 --from 2024-04 --to 2026-03 --core-only`;

function wholeNumber(args: ParsedArgs, name: string, fallback: number): number {
  const text = optionalOption(args, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.replace(/_/g, ''))) throw new UsageError(`--${name} must be a whole number (got "${text}")`);
  return Number(text.replace(/_/g, ''));
}

function month(args: ParsedArgs, name: string, fallback: Month): Month {
  const text = optionalOption(args, name);
  if (text === undefined) return fallback;
  try {
    return Month.parse(text);
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(`--${name}: ${error.message}`);
    throw error;
  }
}

function switchOption(args: ParsedArgs, name: string): boolean {
  const value = args.options[name];
  if (value === undefined || value === true) return value === true;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`--${name} takes no value (got "${value}")`);
}

export function parseGenerateOptions(args: ParsedArgs): GenerateOptions {
  const known = new Set(['out', 'seed', 'trusts', 'from', 'to', 'records', 'core-only', 'month-records-target', 'reference-data']);
  const unknown = Object.keys(args.options).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}`);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
  const trustsText = optionalOption(args, 'trusts', 'all')!;
  const options: GenerateOptions = {
    seed: wholeNumber(args, 'seed', DEFAULT_OPTIONS.seed),
    trusts: trustsText === 'all' ? 'all' : wholeNumber(args, 'trusts', NaN),
    from: month(args, 'from', DEFAULT_OPTIONS.from),
    to: month(args, 'to', DEFAULT_OPTIONS.to),
    records: switchOption(args, 'records'),
    monthRecordsTarget: wholeNumber(args, 'month-records-target', DEFAULT_OPTIONS.monthRecordsTarget),
    coreOnly: switchOption(args, 'core-only'),
  };
  const problem = checkOptions(options);
  if (problem) throw new UsageError(problem);
  return options;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function summary(outDir: string, result: GenerateResult): string {
  const { plan, files } = result;
  const width = Math.max(...files.map((f) => f.name.length));
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const roles = plan.roles;
  const lines = [
    `Wrote ${outDir}: ${plan.selected.length} trusts, ${plan.options.from}..${plan.options.to} (${plan.months.length} months), seed ${plan.options.seed}`,
    ...files.map((f) => `  ${f.name.padEnd(width)}  ${f.rows > 0 ? `${f.rows.toLocaleString('en-GB')} rows`.padStart(17) : ''.padStart(17)}  ${mb(f.bytes).padStart(9)}`),
    `  ${'total'.padEnd(width)}  ${''.padStart(17)}  ${mb(total).padStart(9)}`,
    `Planted: SDEC shift ${roles.sdec}, missing month ${roles.missingMonth}, unweighted codes ${roles.unweighted}, outlier ${roles.outlier}, late start ${roles.lateStart}, gap ${roles.gap} (see README.md)`,
  ];
  if (result.records) {
    const r = result.records;
    lines.push(
      `Records: ${r.rows.toLocaleString('en-GB')} in ${r.seconds.toFixed(1)} s = ${Math.round(r.rowsPerSecond).toLocaleString('en-GB')} rows/s`,
    );
  }
  lines.push(`Done in ${result.seconds.toFixed(1)} s`);
  return lines.join('\n');
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write a realistic synthetic bundle (deterministic for a seed), aggregated or record-level',
  usage: USAGE,
  async run(args: ParsedArgs): Promise<number> {
    const outDir = resolve(requireOption(args, 'out'));
    const options = parseGenerateOptions(args);
    const referenceDir = optionalOption(args, 'reference-data') ?? defaultReferenceDir();
    let reference;
    try {
      reference = loadReference(referenceDir);
    } catch (error) {
      console.error(`generate: cannot read the reference data in ${referenceDir}: ${(error as Error).message}`);
      return 1;
    }
    if (options.trusts !== 'all' && options.trusts > reference.trusts.length) {
      throw new UsageError(`--trusts ${options.trusts}: the reference list has only ${reference.trusts.length} trusts`);
    }
    const started = Date.now();
    const result = await generateBundle(
      outDir,
      options,
      (message) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`),
      reference,
    );
    console.log(summary(outDir, result));
    return 0;
  },
};
