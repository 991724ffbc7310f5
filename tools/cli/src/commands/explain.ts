import Decimal from 'decimal.js';
import { BundleError, formatIssues } from '@nhsp/data-contract';
import { explainEstimate, explanationSummary, Explanation } from '@nhsp/board-answers';
import { packOf } from '@nhsp/methodology';
import { ParsedArgs, requireOption } from '../args';
import { loadBundleInputs } from '../bundle-inputs';
import { Command } from '../command';
import { computePeriodOutputs } from '../period-outputs';
import { settingsFromArgs } from './compute';
import { formatPack } from '../pack-text';

const usage = `Usage: npm run cli -- explain --data DIR --period YYYY-MM --org CODE [--json] [compute's settings]

What moved a trust's number: contributions by POD and cost category, the largest movers, the
flags with their evidence (the bundle's notifications.csv, if any, for TRUST_NOTIFICATION), and
its position against peers; then its opportunity pack (every category of its sector with value,
benchmark and opportunity, and the data missing).`;

const pp = (d: Decimal) => `${d.gte(0) ? '+' : ''}${d.times(100).toFixed(2)} pts`;

export function formatExplanation(x: Explanation): string {
  const lines = [`${x.orgCode} ${x.name} — ${x.period}`, ''];
  if (x.status !== 'estimated') {
    lines.push(`No estimate (${x.status.replace('_', ' ')}).`);
  } else {
    const summary = explanationSummary(x);
    lines.push(`${summary[0].toUpperCase()}${summary.slice(1)}`, '');
    lines.push('Output growth by point of delivery:', ...x.output.map((o) => `  ${o.component.padEnd(26)} ${pp(o.contribution)}`));
    lines.push('Input growth by cost category (real terms):', ...x.input.map((i) => `  ${i.component.padEnd(26)} ${pp(i.contribution)}`));
    lines.push('', 'Largest movers:', ...x.largestMovers.map((m) => `  ${m.side.padEnd(6)} ${m.component.padEnd(26)} ${pp(m.contribution)}`));
  }
  lines.push('', x.flags.length ? 'Flags:' : 'No data-quality flags.', ...x.flags.map((f) => `  ${f.code}: ${f.evidence}`));
  if (x.peers.length) {
    lines.push('', 'Against peers (productivity growth):');
    for (const p of x.peers) {
      const cost = p.costPerWau ? `; cost per WAU ${p.costPerWau.toFixed(4)} vs benchmark ${p.benchmarkCostPerWau!.toFixed(4)}` : '';
      lines.push(`  ${p.group} (${p.kind}): rank ${p.rank} of ${p.of}, score ${p.score.toFixed(2)}${cost}`);
    }
  }
  return lines.join('\n');
}

export const explainCommand: Command = {
  name: 'explain',
  summary: "explain what moved a trust's productivity growth for a period",
  usage,
  async run(args: ParsedArgs) {
    const data = requireOption(args, 'data');
    const period = requireOption(args, 'period');
    const org = requireOption(args, 'org').trim().toUpperCase();
    let loaded;
    try {
      loaded = await loadBundleInputs(data);
    } catch (error) {
      if (error instanceof BundleError) {
        console.error(`explain: the bundle in ${data} was rejected.\n${formatIssues(error.issues, error.issueCount)}`);
        return 1;
      }
      throw error;
    }
    // As compute does (one function): notifications.csv's TRUST_NOTIFICATION with its evidence, the plan view's UNSTABLE, the packs.
    const { result, packs } = computePeriodOutputs(loaded.inputs, loaded.notifications, period, settingsFromArgs(args));
    if (!result.estimates.some((e) => e.trust.orgCode === org)) {
      console.error(`explain: ${org} is not in ${data}/trusts.csv`);
      return 1;
    }
    const explanation = explainEstimate(result, org);
    const pack = packOf(packs.packs, org);
    const trust = result.estimates.find((e) => e.trust.orgCode === org)!.trust;
    console.log(args.options.json ? JSON.stringify({ ...explanation, pack }, null, 2) : `${formatExplanation(explanation)}

${formatPack(trust, result.period, pack)}`);
    return 0;
  },
};
