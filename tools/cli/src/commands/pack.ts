import { writeFile } from 'node:fs/promises';
import { BundleError, formatIssues } from '@nhsp/data-contract';
import { Month } from '@nhsp/domain';
import { computePacks, MethodologyError, packInputsOf, packOf } from '@nhsp/methodology';
import { ParsedArgs, requireOption, UsageError } from '../args';
import { loadBundleInputs } from '../bundle-inputs';
import { Command } from '../command';
import { settingsFromArgs } from './compute';

const usage = `Usage: npm run cli -- pack --data DIR --period YYYY-MM --org CODE --out FILE.xlsx [compute's settings]

Writes one trust's opportunity pack (methodology §11) for Month m year-to-date of the period as
a workbook: a cover with the trust, period, sector, the overlap warning and the data missing;
every category of its sector grouped as the board paper's Table 2 groups them, with value,
benchmark and its group, and the opportunity in its unit and in pounds; the cost index
drill-down for an acute trust; and notes on how each category is worked out.`;

export const packCommand: Command = {
  name: 'pack',
  summary: "write one trust's opportunity pack as an XLSX workbook",
  usage,
  async run(args: ParsedArgs) {
    const data = requireOption(args, 'data');
    const period = requireOption(args, 'period');
    const org = requireOption(args, 'org').trim().toUpperCase();
    const out = requireOption(args, 'out');
    try {
      Month.parse(period);
    } catch (error) {
      throw new UsageError(`--period: ${(error as Error).message}`);
    }
    const settings = settingsFromArgs(args);
    let loaded;
    try {
      loaded = await loadBundleInputs(data);
    } catch (error) {
      if (error instanceof BundleError) {
        console.error(`pack: the bundle in ${data} was rejected; no pack was written.\n${formatIssues(error.issues, error.issueCount)}`);
        return 1;
      }
      throw error;
    }
    const trust = loaded.inputs.trusts.find((t) => t.orgCode === org);
    if (!trust) {
      console.error(`pack: ${org} is not in ${data}/trusts.csv`);
      return 1;
    }
    let rows;
    try {
      // Every trust's pack is computed: the benchmarks compare them all.
      rows = packOf(computePacks(packInputsOf(loaded.inputs, settings), period), org);
    } catch (error) {
      if (error instanceof MethodologyError) {
        console.error(`pack: ${error.message}`);
        return 1;
      }
      throw error;
    }
    // Loaded here: exceljs takes a fifth of a second to load, which every other command would pay.
    const { packWorkbook } = await import('../pack-workbook');
    await writeFile(out, await packWorkbook({ trust, period, rows, settings }));
    const lacking = rows.filter((r) => r.missing.length && r.metric !== 'cost_index_detail').length;
    console.log(`Wrote the opportunity pack of ${org} for ${period} (${rows.length} rows${lacking ? `, ${lacking} lacking data` : ''}) to ${out}`);
    return 0;
  },
};
