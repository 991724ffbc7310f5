// Reads behind the board answers (explanation, revisions, notifications), against the owners'
// views only; the answers themselves are @nhsp/board-answers' (the same as productivity's). A
// view or column an older deployment lacks (v_contributions, the estimate's detail) leaves its
// part empty rather than failing.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { asObject } from '@nhsp/board-answers';
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

  /**
   * When ingestion recorded them and where they are in their lifecycle now (status, the analyst's
   * note or the reason), for the ids a run recorded only (never its other notifications).
   */
  async lifecycle(ids: string[]): Promise<Map<string, NotificationLifecycle>> {
    if (ids.length === 0 || !(await this.views.exists('ingestion.v_notifications'))) return new Map();
    const withStatus = await this.hasColumn('ingestion', 'v_notifications', 'status');
    const rows: Array<NotificationLifecycle & { id: string }> = await this.db.query(
      `SELECT id::text, to_json(raised_at)#>>'{}' AS raised_at, ${withStatus ? 'status, status_note' : `'raised' AS status, NULL::text AS status_note`}
         FROM ingestion.v_notifications WHERE id::text = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map(({ id, ...r }) => [id, r]));
  }
}

export interface NotificationLifecycle {
  raised_at: string;
  status: string;
  status_note: string | null;
}
