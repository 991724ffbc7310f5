import { writeFile } from 'node:fs/promises';
import { formatFraction, formatPercent as pct } from '@nhsp/domain';
import { BundleError, formatIssues, toCsv } from '@nhsp/data-contract';
import { sensitivity, standardVariants } from '@nhsp/methodology';
import { optionalOption, ParsedArgs, requireOption } from '../args';
import { loadBundleInputs } from '../bundle-inputs';
import { Command } from '../command';
import { settingsFromArgs } from './compute';

const usage = `Usage: npm run cli -- sensitivity --data DIR --period YYYY-MM [--out FILE.csv] [--top N] [compute's settings]

Recomputes the period with equalisation switched, working days switched, no excluded
categories and the combined pay & prices deflator, and reports per trust how far productivity
growth moves (the spread). A large spread means the figure is an artefact of method.`;

export const sensitivityCommand: Command = {
  name: 'sensitivity',
  summary: 'how far each trust number moves under alternative method settings',
  usage,
  async run(args: ParsedArgs) {
    const data = requireOption(args, 'data');
    const period = requireOption(args, 'period');
    let loaded;
    try {
      loaded = await loadBundleInputs(data);
    } catch (error) {
      if (error instanceof BundleError) {
        console.error(`sensitivity: the bundle in ${data} was rejected.\n${formatIssues(error.issues, error.issueCount)}`);
        return 1;
      }
      throw error;
    }
    const variants = standardVariants(settingsFromArgs(args), loaded.inputs.deflators);
    const rows = sensitivity(loaded.inputs, period, variants);
    const names = variants.map((v) => v.name);
    const out = optionalOption(args, 'out');
    if (out) {
      await writeFile(out, toCsv(['org_code', 'period', ...names, 'spread'], rows.map((r) => [r.orgCode, period, ...names.map((n) => (r.growth[n] ? formatFraction(r.growth[n]!) : null)), r.spread ? formatFraction(r.spread) : null])));
    }
    const top = Number(optionalOption(args, 'top', '15'));
    const ranked = rows.filter((r) => r.spread).sort((a, b) => b.spread!.comparedTo(a.spread!)).slice(0, top);
    console.log(`Method sensitivity of productivity growth, ${period} (largest spreads first)\n`);
    console.log(['org', ...names, 'spread'].map((h, i) => (i === 0 ? h.padEnd(6) : h.padStart(18))).join(''));
    for (const r of ranked) console.log([r.orgCode.padEnd(6), ...names.map((n) => pct(r.growth[n]).padStart(18)), pct(r.spread).padStart(18)].join(''));
    if (out) console.log(`\nWrote every trust to ${out}`);
    return 0;
  },
};
