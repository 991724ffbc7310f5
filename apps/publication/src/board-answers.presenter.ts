// The board answers in the API's own field names and the CSV rows of /v1/revisions and
// /v1/notifications; the figures themselves come from @nhsp/board-answers.
import { contributionTotal, flagRevisions, largestMovers, measureRevisions, otherTrusts, publishedFlagEvidence, RevisionCauses } from '@nhsp/board-answers';
import { neutraliseFormula, toCsv } from '@nhsp/data-contract';
import type { ReleaseEntity } from '@nhsp/persistence';
import type { RecordedNotification } from './board-answers.reads';
import { explainFlag } from './report/explanations';
import type { BenchmarkRow, ContributionRow, EstimateRow } from './source-views';
import { benchmarkJson, estimateJson } from './tables';

const MEASURES = ['cwa_base', 'cwa_current', 'output_growth', 'real_spend_base', 'real_spend_current', 'input_growth', 'productivity_growth'] as const;

export type NotificationItem = Omit<RecordedNotification, 'id'> & { period: string; release_id: string; vintage: string; raised_at: string | null; status: string | null; status_note: string | null };
export type RevisionItem = ReturnType<typeof revisionItem>;

export function ref(r: ReleaseEntity) {
  return { id: r.id, run_id: r.runId, period: r.period, vintage: r.vintage, status: r.status };
}

/** What /v1/trusts/:org/explanation answers, from the release's rows of the trust (the SQL path's and the explanation model's one shape). */
export function explanationJson(
  release: ReleaseEntity,
  estimate: EstimateRow,
  contributions: ContributionRow[] | null,
  detail: Record<string, unknown>,
  notifications: NotificationItem[],
  benchmarks: readonly BenchmarkRow[],
) {
  const sum = (rows: ContributionRow[]) => contributionTotal(rows)?.toFixed() ?? null;
  const output = contributions?.filter((c) => c.side === 'output') ?? [];
  const input = contributions?.filter((c) => c.side === 'input') ?? [];
  return {
    release: ref(release),
    estimate: estimateJson(estimate),
    // Output contributions add up to output growth, input contributions to input growth.
    contributions: contributions === null ? null : { output, input, output_total: sum(output), input_total: sum(input) },
    largest_movers: largestMovers(contributions ?? []),
    flags: (estimate.flags ?? []).map((code) => ({ code, explanation: explainFlag(code), evidence: publishedFlagEvidence(code, detail, notifications) })),
    notifications,
    benchmarks: benchmarks.map(benchmarkJson),
  };
}

export function revisionItem(org: string, before: EstimateRow | undefined, after: EstimateRow | undefined, older: ReleaseEntity, newer: ReleaseEntity, causes: RevisionCauses) {
  const flags = flagRevisions(before?.flags ?? [], after?.flags ?? []);
  return {
    org_code: org,
    name: (after ?? before)!.name,
    from: ref(older),
    to: ref(newer),
    measures: measureRevisions(before, after, MEASURES),
    flags_added: flags.added,
    flags_removed: flags.removed,
    causes: publishedCauses(causes),
  };
}

/** The causes in the API's own field names; other trusts' changes as a count (every trust's item would list them all). */
function publishedCauses(c: RevisionCauses) {
  const notification = (n: RevisionCauses['notificationsAdded'][number]): RecordedNotification => ({
    id: n.id ?? null, org_code: String(n.orgCode ?? ''), month: n.month ?? null, category: n.category ?? null, text: n.text ?? null,
  });
  return {
    submissions: c.submissions.map((s) => ({ org_code: s.orgCode, month: s.month, kind: s.kind, change: s.change })),
    other_trusts_submissions: otherTrusts(c),
    weight_set: c.weightSet,
    deflator_set: c.deflatorSet,
    settings: c.settings,
    notifications_added: c.notificationsAdded.map(notification),
    notifications_withdrawn: c.notificationsWithdrawn.map(notification),
    final_vintage_requested: c.finalVintageRequested,
    summary: c.summary,
  };
}

/** One row per measure of each trust's revision. */
export function revisionsCsv(period: string, items: RevisionItem[]): string {
  const rows = items.flatMap((it) =>
    it.measures.map((m) => [period, it.org_code, neutraliseFormula(it.name), it.from.id, it.from.vintage, it.to.id, it.to.vintage, m.measure, m.before, m.after, m.difference,
      it.flags_added.join('|'), it.flags_removed.join('|'), neutraliseFormula(it.causes.summary.join('; '))]),
  );
  return toCsv(['period', 'org_code', 'name', 'from_release', 'from_vintage', 'to_release', 'to_vintage', 'measure', 'before', 'after', 'difference', 'flags_added', 'flags_removed', 'causes'], rows);
}

export function notificationsCsv(items: NotificationItem[]): string {
  return toCsv(['period', 'release_id', 'vintage', 'org_code', 'month', 'category', 'text', 'raised_at', 'status', 'status_note'],
    items.map((n) => [n.period, n.release_id, n.vintage, n.org_code, n.month, n.category, neutraliseFormula(n.text), n.raised_at, n.status, neutraliseFormula(n.status_note)]));
}
