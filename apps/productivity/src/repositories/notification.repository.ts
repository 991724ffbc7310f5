// Ingestion's data notifications as a run reads them (ingestion.v_notifications). Takes the
// caller's EntityManager: the run reads them in the snapshot it reads its submissions in. SQL only.
import { EntityManager } from 'typeorm';

export interface RunNotification {
  id: string;
  orgCode: string;
  month: string;
  category: string;
  text: string;
}

export class NotificationRepository {
  constructor(private readonly db: Pick<EntityManager, 'query'>) {}

  /** Notifications about any of `months` whose status is not one of `leftOut`; none where ingestion's view is not there (yet). */
  async ofMonths(months: readonly string[], leftOut: readonly string[]): Promise<RunNotification[]> {
    // Checked first: a failed query would abort the caller's snapshot transaction.
    const [{ present }] = await this.db.query(`SELECT to_regclass('ingestion.v_notifications') IS NOT NULL AS present`);
    if (!present) return [];
    return this.db.query(
      `SELECT id::text AS id, org_code AS "orgCode", month, category, text FROM ingestion.v_notifications
       WHERE month = ANY($1) AND status <> ALL($2) ORDER BY org_code, month, id`,
      [months, leftOut],
    );
  }
}
