// The revisions report of a year's final revision (issue 16.3): for every trust and month, the
// figures first published (provisional) against the final ones, the flags that came and went,
// and why they moved (@nhsp/board-answers' revision causes: restated data, notifications,
// weights, deflators, settings).
import { flagRevisions, measureRevisions, otherTrusts, revisionCauses } from '@nhsp/board-answers';
import { neutraliseFormula, toCsv } from '@nhsp/data-contract';
import type { ReleaseEntity } from '@nhsp/persistence';
import type { RunInputsRow } from '../board-answers.reads';
import type { EstimateRow } from '../source-views';

export const REPORT_MEASURES = ['output_growth', 'input_growth', 'productivity_growth'] as const;

export interface YearReportInput {
  finals: ReleaseEntity[];
  provisionals: ReleaseEntity[];
  runs: RunInputsRow[];
  estimates: EstimateRow[];
}

const ref = (r: ReleaseEntity | undefined) => (r ? { id: r.id, vintage: r.vintage, status: r.status, published_at: r.publishedAt ? new Date(r.publishedAt).toISOString() : null } : null);

export function yearRevisionItems(input: YearReportInput) {
  const runs = new Map(input.runs.map((r) => [r.id, r]));
  const estimatesOf = (runId: string | undefined) => new Map(input.estimates.filter((e) => e.run_id === runId).map((e) => [e.org_code, e]));
  const items = [];
  for (const final of [...input.finals].sort((a, b) => a.period.localeCompare(b.period))) {
    const provisional = input.provisionals.find((r) => r.period === final.period);
    const [before, after] = [estimatesOf(provisional?.runId), estimatesOf(final.runId)];
    const [fromRun, toRun] = [provisional ? runs.get(provisional.runId) : undefined, runs.get(final.runId)];
    for (const org of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const [b, a] = [before.get(org), after.get(org)];
      const flags = flagRevisions(b?.flags ?? [], a?.flags ?? []);
      const causes = fromRun && toRun ? revisionCauses(fromRun, toRun, org) : null;
      items.push({
        period: final.period,
        org_code: org,
        name: (a ?? b)!.name,
        provisional: ref(provisional),
        final: ref(final),
        measures: measureRevisions(b, a, REPORT_MEASURES),
        flags_added: flags.added,
        flags_removed: flags.removed,
        causes: causes && {
          restated: causes.submissions.map((s) => ({ month: s.month, kind: s.kind, change: s.change })),
          other_trusts_restated: otherTrusts(causes),
          notifications_added: causes.notificationsAdded.map((n) => ({ month: n.month ?? null, category: n.category ?? null, text: n.text ?? null })),
          notifications_withdrawn: causes.notificationsWithdrawn.map((n) => ({ month: n.month ?? null, category: n.category ?? null, text: n.text ?? null })),
          weight_set: causes.weightSet,
          deflator_set: causes.deflatorSet,
          settings: causes.settings,
          summary: causes.summary,
        },
      });
    }
  }
  return items;
}

export type YearRevisionItem = ReturnType<typeof yearRevisionItems>[number];

/** The report as CSV: one row per trust, month and measure. */
export function yearRevisionCsv(year: string, items: YearRevisionItem[]): string {
  return toCsv(
    ['financial_year', 'period', 'org_code', 'name', 'provisional_release', 'provisional_vintage', 'final_release', 'measure', 'provisional', 'final', 'difference', 'flags_added', 'flags_removed', 'causes'],
    items.flatMap((it) => it.measures.map((m) => [year, it.period, it.org_code, neutraliseFormula(it.name), it.provisional?.id ?? null, it.provisional?.vintage ?? null, it.final!.id,
      m.measure, m.before, m.after, m.difference, it.flags_added.join('|'), it.flags_removed.join('|'), neutraliseFormula(it.causes?.summary.join('; ') ?? 'no provisional release')])),
  );
}
