// The report's own reads of the releases' copies (release-snapshot.ts) that /v1 has no endpoint
// for: the estimate's missing months, England's series, the notifications, the revisions. SQL only.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NationalPoint, NotificationRow, RevisionRow } from './report-data';

@Injectable()
export class ReportRepository {
  constructor(private readonly db: DataSource) {}

  /** The missing months in the detail the release of the run copied for the trust (undefined when there is no row). */
  async missingDetail(runId: string, org: string): Promise<unknown> {
    const [row] = await this.db.query(
      `SELECT e.detail->'missing' AS missing FROM publication.release_estimate e JOIN publication.release r ON r.id = e.release_id WHERE r.run_id = $1 AND e.org_code = $2`,
      [runId, org],
    );
    return row?.missing;
  }

  /** England's growths from the releases of these runs, oldest period first. */
  nationalSeries(runIds: string[]): Promise<NationalPoint[]> {
    return this.db.query(
      `SELECT r.period, a.output_growth::text, a.input_growth::text, a.productivity_growth::text
         FROM publication.release_aggregate a JOIN publication.release r ON r.id = a.release_id
        WHERE r.run_id = ANY($1::text[]) AND a.level = 'national'
        ORDER BY r.period`,
      [runIds],
    );
  }

  /** The trust's notifications the run recorded as its inputs (the manifest's inputs.notifications). */
  notificationsInInputs(runId: string, org: string): Promise<Array<Omit<NotificationRow, 'raised_at' | 'in_figures'> & { id: string }>> {
    return this.db.query(
      `SELECT n->>'id' AS id, n->>'month' AS month, n->>'category' AS category, n->>'text' AS text
         FROM publication.release r
        CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(r.manifest->'inputs'->'notifications') WHEN 'array' THEN r.manifest->'inputs'->'notifications' ELSE '[]'::jsonb END) n
        WHERE r.run_id = $1 AND n->>'orgCode' = $2`,
      [runId, org],
    );
  }

  /** The trust's notifications the release copied: those of these ids and, when `orMonths`, any of these months. */
  storedNotifications(runId: string, org: string, ids: string[], orMonths: boolean, months: string[]): Promise<Array<NotificationRow & { id: string }>> {
    return this.db.query(
      `SELECT n.id, n.month, n.category, n.text, n.raised_at, n.status, n.status_note
         FROM publication.release_notification n JOIN publication.release r ON r.id = n.release_id
        WHERE r.run_id = $1 AND n.org_code = $2 AND (n.id = ANY($3::text[]) OR ($4 AND n.month = ANY($5::text[])))
        ORDER BY n.seq`,
      [runId, org, ids, orMonths, months],
    );
  }

  /** Per release of these ids, oldest run first: its vintage, manifest settings and inputs, and the trust's figures in it. */
  revisions(releaseIds: string[], org: string, shownRunId: string): Promise<Array<Omit<RevisionRow, 'changes'> & { settings: unknown; inputs: unknown }>> {
    return this.db.query(
      `SELECT r.run_id, r.vintage, r.manifest->>'runCreatedAt' AS created_at, r.manifest->'settings' AS settings, r.manifest->'inputs' AS inputs,
              r.run_id = $3 AS published,
              e.output_growth::text, e.input_growth::text, e.productivity_growth::text, e.flags
         FROM publication.release r
         LEFT JOIN publication.release_estimate e ON e.release_id = r.id AND e.org_code = $2
        WHERE r.id = ANY($1::uuid[])
        ORDER BY (r.manifest->>'runCreatedAt')::timestamptz, r.run_id`,
      [releaseIds, org, shownRunId],
    );
  }

  /** Every trust's notifications the run recorded as its inputs, with the trust's code (the report model's, for all trusts at once). */
  allNotificationsInInputs(runId: string): Promise<Array<Omit<NotificationRow, 'raised_at' | 'in_figures'> & { id: string; org_code: string }>> {
    return this.db.query(
      `SELECT n->>'id' AS id, n->>'month' AS month, n->>'category' AS category, n->>'text' AS text, n->>'orgCode' AS org_code
         FROM publication.release r
        CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(r.manifest->'inputs'->'notifications') WHEN 'array' THEN r.manifest->'inputs'->'notifications' ELSE '[]'::jsonb END) n
        WHERE r.run_id = $1`,
      [runId],
    );
  }

  /** The notifications of these ids the release of the run copied, with the trust's code. */
  storedNotificationsOf(runId: string, ids: string[]): Promise<Array<NotificationRow & { id: string; org_code: string }>> {
    return this.db.query(
      `SELECT n.id, n.month, n.category, n.text, n.raised_at, n.status, n.status_note, n.org_code
           FROM publication.release_notification n JOIN publication.release r ON r.id = n.release_id
          WHERE r.run_id = $1 AND n.id = ANY($2::text[])
          ORDER BY n.seq`,
      [runId, ids],
    );
  }

  /** The releases of these ids as revisions show them, oldest run first. */
  revisionReleases(ids: string[]): Promise<Array<{ id: string; run_id: string; vintage: string; created_at: string; settings: unknown; inputs: unknown }>> {
    return this.db.query(
      `SELECT r.id, r.run_id, r.vintage, r.manifest->>'runCreatedAt' AS created_at, r.manifest->'settings' AS settings, r.manifest->'inputs' AS inputs
         FROM publication.release r WHERE r.id = ANY($1::uuid[])
        ORDER BY (r.manifest->>'runCreatedAt')::timestamptz, r.run_id`,
      [ids],
    );
  }

  /** Every trust's growths and flags in the releases of these ids. */
  revisionFigures(ids: string[]): Promise<Array<Pick<RevisionRow, 'output_growth' | 'input_growth' | 'productivity_growth' | 'flags'> & { release_id: string; org_code: string }>> {
    return this.db.query(
      `SELECT e.release_id, e.org_code, e.output_growth::text, e.input_growth::text, e.productivity_growth::text, e.flags
         FROM publication.release_estimate e WHERE e.release_id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
