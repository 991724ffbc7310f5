// Why a trust's figure differs between two runs of a period, from what each run recorded of its
// inputs (productivity.run / v_runs: settings and inputs as stored): resubmitted org-months (by
// submission hash), another weight or deflator set, other settings, notifications added or
// withdrawn, a changed trust list, a final vintage asked for, other calculation code. Productivity's /revisions, its
// RESTATED evidence, publication's /v1/revisions and the report's plain-English lines all read
// the one answer below. The records are read leniently (jsonb of any age): what is absent did
// not change.
import { stableJson } from '@nhsp/domain';
import { TrustList, TrustListChange, trustListChanges, trustListLines } from './trust-list-changes';

/** What a run recorded, as stored. */
export interface RecordedRun {
  settings: unknown;
  inputs: unknown;
}

/** A notification a run took into account, as its inputs recorded it. */
export interface RecordedNotification {
  id?: string | null;
  orgCode?: string;
  month?: string | null;
  category?: string | null;
  text?: string | null;
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
  weightSet: { from: unknown; to: unknown } | null;
  deflatorSet: { from: unknown; to: unknown } | null;
  /** Settings compared leaf by leaf, so `thresholds.podShift` is named rather than `thresholds`. */
  settings: Array<{ setting: string; from: unknown; to: unknown }>;
  notificationsAdded: RecordedNotification[];
  notificationsWithdrawn: RecordedNotification[];
  /** Every trust the trust list added, removed or changed; empty when either run's list is unknown (runs stored before lists were recorded). */
  trustList: TrustListChange[];
  finalVintageRequested: boolean;
  codeVersion: { from: string; to: string } | null;
  /** The causes above, one sentence each, for a reader. */
  summary: string[];
}

export const asObject = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Submission hashes org → month → kind → sha256; a bare hash per month counts as one kind, `submission`. */
function submissionChanges(before: Record<string, unknown>, after: Record<string, unknown>): SubmissionChange[] {
  const changes: SubmissionChange[] = [];
  for (const orgCode of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const [b, a] = [asObject(before[orgCode]), asObject(after[orgCode])];
    for (const month of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      const [bm, am] = [b[month], a[month]];
      const bare = typeof bm === 'string' || typeof am === 'string';
      const kinds = bare ? ['submission'] : [...new Set([...Object.keys(asObject(bm)), ...Object.keys(asObject(am))])].sort();
      for (const kind of kinds) {
        const was = bare ? bm : asObject(bm)[kind];
        const is = bare ? am : asObject(am)[kind];
        if (stableJson(was) === stableJson(is)) continue;
        changes.push({ orgCode, month, kind, change: was === undefined ? 'added' : is === undefined ? 'withdrawn' : 'restated' });
      }
    }
  }
  return changes;
}

function settingChanges(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): RevisionCauses['settings'] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().flatMap((key) => {
    const [a, b] = [before[key], after[key]];
    const nested = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (nested(a) && nested(b)) return settingChanges(a as Record<string, unknown>, b as Record<string, unknown>, `${prefix}${key}.`);
    return stableJson(a) === stableJson(b) ? [] : [{ setting: `${prefix}${key}`, from: a ?? null, to: b ?? null }];
  });
}

/** The trust's notifications a run recorded, as recorded. */
function notificationsOf(inputs: Record<string, unknown>, orgCode: string): RecordedNotification[] {
  const list = inputs.notifications;
  if (!Array.isArray(list)) return [];
  return list.filter((n): n is RecordedNotification => asObject(n) === n && (n as RecordedNotification).orgCode === orgCode);
}

const notificationKey = (n: RecordedNotification) => n.id ?? stableJson(n);

function changed(from: unknown, to: unknown): { from: unknown; to: unknown } | null {
  return stableJson(from) === stableJson(to) ? null : { from: from ?? null, to: to ?? null };
}

export function revisionCauses(from: RecordedRun, to: RecordedRun, orgCode: string): RevisionCauses {
  const [fi, ti] = [asObject(from.inputs), asObject(to.inputs)];
  const all = submissionChanges(asObject(fi.submissions), asObject(ti.submissions));
  const [before, after] = [notificationsOf(fi, orgCode), notificationsOf(ti, orgCode)];
  const [beforeKeys, afterKeys] = [new Set(before.map(notificationKey)), new Set(after.map(notificationKey))];
  const [fromCode, toCode] = [fi.codeVersion, ti.codeVersion];
  const causes: Omit<RevisionCauses, 'summary'> = {
    submissions: all.filter((c) => c.orgCode === orgCode),
    otherTrustsSubmissions: all.filter((c) => c.orgCode !== orgCode),
    weightSet: changed(fi.weightSetId, ti.weightSetId),
    deflatorSet: changed(fi.deflatorSetId, ti.deflatorSetId),
    settings: settingChanges(asObject(from.settings), asObject(to.settings)),
    notificationsAdded: after.filter((n) => !beforeKeys.has(notificationKey(n))),
    notificationsWithdrawn: before.filter((n) => !afterKeys.has(notificationKey(n))),
    trustList: fi.trusts && ti.trusts ? trustListChanges(asObject(fi.trusts) as TrustList, asObject(ti.trusts) as TrustList) : [],
    finalVintageRequested: ti.requestedVintage === 'final_revised' && fi.requestedVintage !== 'final_revised',
    codeVersion: typeof fromCode === 'string' && typeof toCode === 'string' && fromCode !== toCode ? { from: fromCode, to: toCode } : null,
  };
  return { ...causes, summary: summarise(causes, orgCode) };
}

function summarise(c: Omit<RevisionCauses, 'summary'>, orgCode: string): string[] {
  const lines = c.submissions.map((s) => `${s.kind} for ${s.orgCode} ${s.month} was ${s.change === 'restated' ? 'resubmitted with different figures' : s.change}`);
  const others = otherTrusts(c);
  if (others) lines.push(`${c.otherTrustsSubmissions.length} org-month submission(s) of ${others} other trust(s) changed; they move group figures, not ${orgCode}'s`);
  if (c.weightSet) lines.push(`a new cost-weight set (${c.weightSet.to}) replaced ${c.weightSet.from}`);
  if (c.deflatorSet) lines.push(`a new deflator set (${c.deflatorSet.to}) replaced ${c.deflatorSet.from}`);
  for (const s of c.settings) lines.push(`setting ${s.setting} changed from ${stableJson(s.from)} to ${stableJson(s.to)}`);
  for (const n of c.notificationsAdded) lines.push(`${orgCode} raised a notification about ${n.month} (${n.category}): ${n.text}`);
  for (const n of c.notificationsWithdrawn) lines.push(`the notification about ${n.month} (${n.category}) no longer applies`);
  lines.push(...trustListLines(c.trustList, orgCode));
  if (c.finalVintageRequested) lines.push('the final vintage was requested after the year end');
  if (c.codeVersion) lines.push(`the calculation code changed (${c.codeVersion.from} → ${c.codeVersion.to})`);
  if (!lines.length) lines.push('no recorded input changed');
  return lines;
}

/** How many other trusts' submissions changed. */
export function otherTrusts(causes: Pick<RevisionCauses, 'otherTrustsSubmissions'>): number {
  return new Set(causes.otherTrustsSubmissions.map((s) => s.orgCode)).size;
}

/**
 * The causes in plain English for the report's readers (no codes, ids or settings names); the
 * first calculation of a month (no earlier run) has none to compare with.
 */
export function plainEnglishCauses(causes: RevisionCauses | null): string[] {
  if (!causes) return ['First calculation of this month.'];
  const lines: string[] = [];
  const months = [...new Set(causes.submissions.map((s) => s.month))].sort();
  if (months.length) lines.push(`This trust's data for ${months.join(', ')} was submitted again or changed.`);
  const others = otherTrusts(causes);
  if (others) lines.push(`Data of ${others} other trust(s) changed (this moves group figures and benchmarks, not this trust's growth).`);
  for (const n of causes.notificationsAdded) lines.push(`The trust raised a notification about ${n.month ?? 'a month'}.`);
  if (causes.weightSet) lines.push('A new set of cost weights was used.');
  if (causes.deflatorSet) lines.push('A new set of deflators was used.');
  if (causes.settings.length) lines.push('The method settings changed.');
  if (causes.trustList.length) lines.push('The list of trusts (names, regions or peer groups) changed.');
  if (causes.finalVintageRequested) lines.push('The final figures were calculated after the year end.');
  if (!lines.length) lines.push('No recorded input of this trust changed.');
  return lines;
}
