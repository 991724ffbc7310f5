// Reads and logic behind the board answers (explanation, revisions, notifications), against the
// owners' views only. A view or column an older deployment lacks (v_contributions, the estimate's
// detail) leaves its part empty rather than failing. Revision causes mirror productivity's
// revision-causes.ts: publication may not import another service's code, only read its views.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SourceViews } from './source-views';


export interface RunInputsRow {
  id: string;
  vintage: string;
  created_at: string;
  settings: unknown;
  inputs: unknown;
}

export interface RecordedNotification {
  id: string | null;
  org_code: string;
  month: string | null;
  category: string | null;
  text: string | null;
}

export const asObject = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

@Injectable()
export class BoardAnswerReads {
  constructor(
    private readonly db: DataSource,
    private readonly views: SourceViews,
  ) {}

  private async hasColumn(schema: string, table: string, column: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3`, [schema, table, column]);
    return rows.length > 0;
  }

  /** The estimate's detail jsonb ({} when the view has no such column). */
  async detail(runId: string, org: string): Promise<Record<string, unknown>> {
    if (!(await this.hasColumn('productivity', 'v_estimates', 'detail'))) return {};
    const [row] = await this.db.query(`SELECT detail FROM productivity.v_estimates WHERE run_id = $1::uuid AND org_code = $2`, [runId, org]);
    return asObject(row?.detail);
  }

  async runs(runIds: string[]): Promise<RunInputsRow[]> {
    if (runIds.length === 0) return [];
    return this.db.query(
      `SELECT id::text, vintage, to_json(created_at)#>>'{}' AS created_at, settings, inputs
         FROM productivity.v_runs WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [runIds],
    );
  }

  /**
   * The notifications a run took into account: its inputs' list (with the org) and the estimates'
   * detail lists (the org is the estimate's), one each.
   */
  async recordedNotifications(runId: string, org: string | undefined): Promise<RecordedNotification[]> {
    const fromInputs: RecordedNotification[] = await this.db.query(
      `SELECT n->>'id' AS id, n->>'orgCode' AS org_code, n->>'month' AS month, n->>'category' AS category, n->>'text' AS text
         FROM productivity.v_runs r
        CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(r.inputs->'notifications') WHEN 'array' THEN r.inputs->'notifications' ELSE '[]'::jsonb END) n
        WHERE r.id = $1::uuid AND ($2::text IS NULL OR n->>'orgCode' = $2)`,
      [runId, org ?? null],
    );
    const fromDetail: RecordedNotification[] = (await this.hasColumn('productivity', 'v_estimates', 'detail'))
      ? await this.db.query(
          `SELECT n->>'id' AS id, e.org_code, n->>'month' AS month, n->>'category' AS category, n->>'text' AS text
             FROM productivity.v_estimates e
            CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(e.detail->'notifications') WHEN 'array' THEN e.detail->'notifications' ELSE '[]'::jsonb END) n
            WHERE e.run_id = $1::uuid AND ($2::text IS NULL OR e.org_code = $2)`,
          [runId, org ?? null],
        )
      : [];
    const seen = new Set<string>();
    const key = (n: RecordedNotification) => [n.org_code, n.month, n.category, n.text].join('\u0000');
    const all: RecordedNotification[] = [];
    for (const n of [...fromInputs, ...fromDetail]) {
      if (seen.has(key(n))) continue;
      seen.add(key(n));
      all.push(n);
    }
    return all.sort((a, b) => (a.org_code ?? '').localeCompare(b.org_code ?? '') || (a.month ?? '').localeCompare(b.month ?? ''));
  }

  /** When ingestion recorded them, for the ids a run recorded only (never its other notifications). */
  async raisedAt(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0 || !(await this.views.exists('ingestion.v_notifications'))) return new Map();
    const rows: Array<{ id: string; raised_at: string }> = await this.db.query(
      `SELECT id::text, to_json(raised_at)#>>'{}' AS raised_at FROM ingestion.v_notifications WHERE id::text = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.raised_at]));
  }
}

// ---- revision causes: a mirror of productivity's revision-causes.ts over the views' jsonb ----

export interface SubmissionChange {
  org_code: string;
  month: string;
  kind: string;
  change: 'restated' | 'added' | 'withdrawn';
}

export interface RevisionCauses {
  submissions: SubmissionChange[];
  other_trusts_submissions: number;
  weight_set: { from: unknown; to: unknown } | null;
  deflator_set: { from: unknown; to: unknown } | null;
  settings: Array<{ setting: string; from: unknown; to: unknown }>;
  notifications_added: RecordedNotification[];
  notifications_withdrawn: RecordedNotification[];
  final_vintage_requested: boolean;
  summary: string[];
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function submissionChanges(before: Record<string, unknown>, after: Record<string, unknown>): SubmissionChange[] {
  const changes: SubmissionChange[] = [];
  for (const org of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const [b, a] = [asObject(before[org]), asObject(after[org])];
    for (const month of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      const [bm, am] = [b[month], a[month]];
      // Productivity's shape is {org: {month: {activity, finance}}}; a bare hash counts as one kind.
      const kinds = typeof bm === 'string' || typeof am === 'string' ? ['submission'] : [...new Set([...Object.keys(asObject(bm)), ...Object.keys(asObject(am))])].sort();
      for (const kind of kinds) {
        const was = kind === 'submission' ? bm : asObject(bm)[kind];
        const is = kind === 'submission' ? am : asObject(am)[kind];
        if (stableJson(was) === stableJson(is)) continue;
        changes.push({ org_code: org, month, kind, change: was === undefined ? 'added' : is === undefined ? 'withdrawn' : 'restated' });
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

function runNotifications(run: RunInputsRow, org: string | undefined): RecordedNotification[] {
  const list = asObject(run.inputs).notifications;
  if (!Array.isArray(list)) return [];
  return list
    .map((n) => asObject(n))
    .filter((n) => org === undefined || n.orgCode === org)
    .map((n) => ({ id: (n.id as string) ?? null, org_code: String(n.orgCode ?? ''), month: (n.month as string) ?? null, category: (n.category as string) ?? null, text: (n.text as string) ?? null }));
}

/** Why the trust's figure may differ between two runs of a period, from what each recorded. */
export function revisionCauses(from: RunInputsRow, to: RunInputsRow, org: string): RevisionCauses {
  const [fi, ti] = [asObject(from.inputs), asObject(to.inputs)];
  const all = submissionChanges(asObject(fi.submissions), asObject(ti.submissions));
  const mine = all.filter((c) => c.org_code === org);
  const others = new Set(all.filter((c) => c.org_code !== org).map((c) => c.org_code));
  const ids = (list: RecordedNotification[]) => new Set(list.map((n) => n.id ?? stableJson(n)));
  const [before, after] = [runNotifications(from, org), runNotifications(to, org)];
  const [beforeIds, afterIds] = [ids(before), ids(after)];
  const causes: Omit<RevisionCauses, 'summary'> = {
    submissions: mine,
    other_trusts_submissions: others.size,
    weight_set: stableJson(fi.weightSetId) === stableJson(ti.weightSetId) ? null : { from: fi.weightSetId ?? null, to: ti.weightSetId ?? null },
    deflator_set: stableJson(fi.deflatorSetId) === stableJson(ti.deflatorSetId) ? null : { from: fi.deflatorSetId ?? null, to: ti.deflatorSetId ?? null },
    settings: settingChanges(asObject(from.settings), asObject(to.settings)),
    notifications_added: after.filter((n) => !beforeIds.has(n.id ?? stableJson(n))),
    notifications_withdrawn: before.filter((n) => !afterIds.has(n.id ?? stableJson(n))),
    final_vintage_requested: ti.requestedVintage === 'final_revised' && fi.requestedVintage !== 'final_revised',
  };
  const lines = mine.map((s) => `${s.kind} for ${s.org_code} ${s.month} was ${s.change === 'restated' ? 'resubmitted with different figures' : s.change}`);
  if (others.size) lines.push(`submissions of ${others.size} other trust(s) changed; they move group figures, not ${org}'s`);
  if (causes.weight_set) lines.push(`a new cost-weight set (${causes.weight_set.to}) replaced ${causes.weight_set.from}`);
  if (causes.deflator_set) lines.push(`a new deflator set (${causes.deflator_set.to}) replaced ${causes.deflator_set.from}`);
  for (const s of causes.settings) lines.push(`setting ${s.setting} changed from ${stableJson(s.from)} to ${stableJson(s.to)}`);
  for (const n of causes.notifications_added) lines.push(`${org} raised a notification about ${n.month} (${n.category}): ${n.text}`);
  for (const n of causes.notifications_withdrawn) lines.push(`the notification about ${n.month} (${n.category}) no longer applies`);
  if (causes.final_vintage_requested) lines.push('the final vintage was requested after the year end');
  if (!lines.length) lines.push('no recorded input changed');
  return { ...causes, summary: lines };
}
