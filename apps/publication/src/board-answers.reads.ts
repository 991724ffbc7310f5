// Reads behind the board answers (explanation, revisions, notifications), from the releases' own
// copies only (release-snapshot.ts): the estimate's detail, the run's settings and inputs as the
// manifest recorded them, and ingestion's notifications as they stood at assembly. The answers
// themselves are @nhsp/board-answers' (the same as productivity's). A part the owners' views
// lacked at assembly (the estimate's detail, a notification's status) reads empty.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { asObject } from '@nhsp/board-answers';
import type { ReleaseEntity } from '@nhsp/persistence';
import { ContributionRow, SourceViews } from './source-views';

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

/** A notification a release took into account, with where it was in its lifecycle when the release was assembled. */
export interface PublishedNotification extends Omit<RecordedNotification, 'id'> {
  period: string;
  release_id: string;
  vintage: string;
  raised_at: string | null;
  status: string | null;
  status_note: string | null;
}

/** The elements of a jsonb list, none where it is not a list. */
const elements = (json: string) => `jsonb_array_elements(CASE jsonb_typeof(${json}) WHEN 'array' THEN ${json} ELSE '[]'::jsonb END)`;

@Injectable()
export class BoardAnswerReads {
  constructor(
    private readonly db: DataSource,
    private readonly views: SourceViews,
  ) {}

  /** The estimate's detail jsonb ({} when productivity's view had none). */
  async detail(runId: string, org: string): Promise<Record<string, unknown>> {
    await this.views.hold([runId]);
    const [row] = await this.db.query(
      `SELECT e.detail FROM publication.release_estimate e JOIN publication.release r ON r.id = e.release_id WHERE r.run_id = $1 AND e.org_code = $2`,
      [runId, org],
    );
    return asObject(row?.detail);
  }

  /** Every estimate's detail in the release of a run, by trust (detail() for each at once: the explanation model). */
  async details(runId: string): Promise<Map<string, Record<string, unknown>>> {
    await this.views.hold([runId]);
    const rows: Array<{ org_code: string; detail: unknown }> = await this.db.query(
      `SELECT e.org_code, e.detail FROM publication.release_estimate e JOIN publication.release r ON r.id = e.release_id WHERE r.run_id = $1`,
      [runId],
    );
    return new Map(rows.map((r) => [r.org_code, asObject(r.detail)]));
  }

  /**
   * Every trust's contributions in the release of a run (SourceViews.contributions for each at
   * once, the same columns and order), by trust; null when the release holds none.
   */
  async allContributions(runId: string): Promise<Map<string, ContributionRow[]> | null> {
    await this.views.hold([runId]);
    const rows: Array<ContributionRow & { held: boolean; org_code: string | null }> = await this.db.query(
      `SELECT s.contributions AS held, c.org_code, c.side, c.component, c.base::text, c.current::text, c.contribution::text
         FROM publication.release r
         JOIN publication.release_snapshot s ON s.release_id = r.id
         LEFT JOIN publication.release_contribution c ON c.release_id = r.id
        WHERE r.run_id = $1
        ORDER BY c.seq`,
      [runId],
    );
    if (!rows[0]?.held) return null;
    const byOrg = new Map<string, ContributionRow[]>();
    for (const { held: _, org_code, ...row } of rows) {
      if (org_code === null || row.side === null) continue;
      const held = byOrg.get(org_code);
      if (held) held.push(row);
      else byOrg.set(org_code, [row]);
    }
    return byOrg;
  }

  /** The runs of these releases as their manifests recorded them (settings, inputs, when the run was made). */
  async runs(runIds: string[]): Promise<RunInputsRow[]> {
    if (runIds.length === 0) return [];
    return this.db.query(
      `SELECT run_id AS id, vintage, manifest->>'runCreatedAt' AS created_at, manifest->'settings' AS settings, manifest->'inputs' AS inputs
         FROM publication.release WHERE run_id = ANY($1::text[])
        ORDER BY (manifest->>'runCreatedAt')::timestamptz, run_id`,
      [runIds],
    );
  }

  /**
   * The notifications a run took into account: its inputs' list (with the org) and the estimates'
   * detail lists (the org is the estimate's), one each.
   */
  async recordedNotifications(runId: string, org: string | undefined): Promise<RecordedNotification[]> {
    await this.views.hold([runId]);
    const fromInputs: RecordedNotification[] = await this.db.query(
      `SELECT n->>'id' AS id, n->>'orgCode' AS org_code, n->>'month' AS month, n->>'category' AS category, n->>'text' AS text
         FROM publication.release r CROSS JOIN LATERAL ${elements(`r.manifest->'inputs'->'notifications'`)} n
        WHERE r.run_id = $1 AND ($2::text IS NULL OR n->>'orgCode' = $2)`,
      [runId, org ?? null],
    );
    const fromDetail: RecordedNotification[] = await this.db.query(
      `SELECT n->>'id' AS id, e.org_code, n->>'month' AS month, n->>'category' AS category, n->>'text' AS text
         FROM publication.release r JOIN publication.release_estimate e ON e.release_id = r.id
        CROSS JOIN LATERAL ${elements(`e.detail->'notifications'`)} n
        WHERE r.run_id = $1 AND ($2::text IS NULL OR e.org_code = $2)
        ORDER BY e.seq`,
      [runId, org ?? null],
    );
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
   * The notifications each release took into account (of one trust, or all), in the releases'
   * order, each with when ingestion recorded it and where it was in its lifecycle (status, the
   * analyst's note or the reason) as that release's copy holds it: a published answer does not
   * change when a notification is reviewed later. A view without status gave 'raised'.
   */
  async notifications(releases: Array<Pick<ReleaseEntity, 'id' | 'runId' | 'period' | 'vintage'>>, org: string | undefined): Promise<PublishedNotification[]> {
    const rows: PublishedNotification[] = [];
    for (const release of releases) {
      const recorded = await this.recordedNotifications(release.runId, org);
      const ids = recorded.map((n) => n.id).filter((id): id is string => !!id);
      const copies: Array<{ id: string; raised_at: string | null; status: string | null; status_note: string | null }> = ids.length === 0 ? [] : await this.db.query(
        `SELECT id, raised_at, status, status_note FROM publication.release_notification WHERE release_id = $1 AND id = ANY($2::text[])`,
        [release.id, ids],
      );
      const lifecycle = new Map(copies.map((c) => [c.id, c]));
      for (const { id, ...n } of recorded) {
        const held = id ? lifecycle.get(id) : undefined;
        rows.push({
          period: release.period, release_id: release.id, vintage: release.vintage, ...n,
          raised_at: held?.raised_at ?? null, status: held ? (held.status ?? 'raised') : null, status_note: held?.status_note ?? null,
        });
      }
    }
    return rows;
  }
}
