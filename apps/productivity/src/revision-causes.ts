// Why a trust's figure differs between two runs of a period, read from what each run recorded
// of its inputs: resubmitted org-months (by submission hash), another weight or deflator set,
// other settings, notifications added or withdrawn, a final vintage asked for.
import type { RunNotification } from './notification-inputs';
import type { SubmissionHashes } from './run-inputs';
import { stableJson } from '@nhsp/domain';

export interface RunForCauses {
  id: string;
  settings: object;
  inputs: {
    weightSetId: string;
    deflatorSetId: string;
    deflatorSeries?: string;
    submissions: SubmissionHashes;
    notifications?: RunNotification[];
    requestedVintage?: string | null;
    codeVersion?: string;
  };
}

export interface SubmissionChange {
  orgCode: string;
  month: string;
  kind: string;
  /** restated: a different submission replaced it; added: there was none; withdrawn: there is none now. */
  change: 'restated' | 'added' | 'withdrawn';
}

export interface RevisionCauses {
  /** The trust's own org-months whose submission changed: these move its figure directly. */
  submissions: SubmissionChange[];
  /** Other trusts' org-months that changed (they move groups and benchmarks, not this figure). */
  otherTrustsSubmissions: SubmissionChange[];
  weightSet: { from: string; to: string } | null;
  deflatorSet: { from: string; to: string } | null;
  settings: Array<{ setting: string; from: unknown; to: unknown }>;
  notificationsAdded: RunNotification[];
  notificationsWithdrawn: RunNotification[];
  finalVintageRequested: boolean;
  codeVersion: { from: string; to: string } | null;
  /** The causes above, one sentence each, for a reader. */
  summary: string[];
}

function submissionChanges(before: SubmissionHashes, after: SubmissionHashes): SubmissionChange[] {
  const changes: SubmissionChange[] = [];
  const orgs = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const orgCode of orgs) {
    const months = [...new Set([...Object.keys(before[orgCode] ?? {}), ...Object.keys(after[orgCode] ?? {})])].sort();
    for (const month of months) {
      for (const kind of ['activity', 'finance']) {
        const was = before[orgCode]?.[month]?.[kind];
        const is = after[orgCode]?.[month]?.[kind];
        if (was === is) continue;
        changes.push({ orgCode, month, kind, change: was === undefined ? 'added' : is === undefined ? 'withdrawn' : 'restated' });
      }
    }
  }
  return changes;
}

/** Settings compared leaf by leaf, so `thresholds.podShift` is named rather than `thresholds`. */
function settingChanges(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): RevisionCauses['settings'] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => {
    const [a, b] = [before[key], after[key]];
    const nested = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (nested(a) && nested(b)) return settingChanges(a as Record<string, unknown>, b as Record<string, unknown>, `${prefix}${key}.`);
    return stableJson(a) === stableJson(b) ? [] : [{ setting: `${prefix}${key}`, from: a ?? null, to: b ?? null }];
  });
}

export function revisionCauses(from: RunForCauses, to: RunForCauses, orgCode: string): RevisionCauses {
  const all = submissionChanges(from.inputs.submissions, to.inputs.submissions);
  const mine = (n: RunNotification) => n.orgCode === orgCode;
  const ids = (list: RunNotification[] | undefined) => new Set((list ?? []).map((n) => n.id));
  const [beforeIds, afterIds] = [ids(from.inputs.notifications), ids(to.inputs.notifications)];
  const causes: Omit<RevisionCauses, 'summary'> = {
    submissions: all.filter((c) => c.orgCode === orgCode),
    otherTrustsSubmissions: all.filter((c) => c.orgCode !== orgCode),
    weightSet: from.inputs.weightSetId === to.inputs.weightSetId ? null : { from: from.inputs.weightSetId, to: to.inputs.weightSetId },
    deflatorSet: from.inputs.deflatorSetId === to.inputs.deflatorSetId ? null : { from: from.inputs.deflatorSetId, to: to.inputs.deflatorSetId },
    settings: settingChanges(from.settings as Record<string, unknown>, to.settings as Record<string, unknown>),
    notificationsAdded: (to.inputs.notifications ?? []).filter((n) => mine(n) && !beforeIds.has(n.id)),
    notificationsWithdrawn: (from.inputs.notifications ?? []).filter((n) => mine(n) && !afterIds.has(n.id)),
    finalVintageRequested: to.inputs.requestedVintage === 'final_revised' && from.inputs.requestedVintage !== 'final_revised',
    codeVersion:
      from.inputs.codeVersion && to.inputs.codeVersion && from.inputs.codeVersion !== to.inputs.codeVersion
        ? { from: from.inputs.codeVersion, to: to.inputs.codeVersion }
        : null,
  };
  return { ...causes, summary: summarise(causes, orgCode) };
}

function summarise(c: Omit<RevisionCauses, 'summary'>, orgCode: string): string[] {
  const lines = c.submissions.map((s) => `${s.kind} for ${s.orgCode} ${s.month} was ${s.change === 'restated' ? 'resubmitted with different figures' : s.change}`);
  if (c.otherTrustsSubmissions.length) {
    const orgs = [...new Set(c.otherTrustsSubmissions.map((s) => s.orgCode))];
    lines.push(`${c.otherTrustsSubmissions.length} org-month submission(s) of ${orgs.length} other trust(s) changed (${orgs.join(', ')}); they move group figures, not ${orgCode}'s`);
  }
  if (c.weightSet) lines.push(`a new cost-weight set (${c.weightSet.to}) replaced ${c.weightSet.from}`);
  if (c.deflatorSet) lines.push(`a new deflator set (${c.deflatorSet.to}) replaced ${c.deflatorSet.from}`);
  for (const s of c.settings) lines.push(`setting ${s.setting} changed from ${stableJson(s.from)} to ${stableJson(s.to)}`);
  for (const n of c.notificationsAdded) lines.push(`${orgCode} raised a notification about ${n.month} (${n.category}): ${n.text}`);
  for (const n of c.notificationsWithdrawn) lines.push(`the notification about ${n.month} (${n.category}) no longer applies`);
  if (c.finalVintageRequested) lines.push('the final vintage was requested after the year end');
  if (c.codeVersion) lines.push(`the calculation code changed (${c.codeVersion.from} → ${c.codeVersion.to})`);
  if (!lines.length) lines.push('no recorded input changed');
  return lines;
}
