// ingestion.notification: where a notification is written, whichever way it came (POST
// /notifications, or notifications.csv in POST /bundles): the same notification sent again is
// the stored one, and the caller's transaction decides what is stored together (a bundle's
// files all or none).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NotificationCategory } from '@nhsp/data-contract';
import { Db } from './db';

export interface NewNotification {
  orgCode: string;
  month: string;
  category: NotificationCategory;
  text: string;
}

export interface StoredNotification extends NewNotification {
  id: string;
  raisedAt: string;
  /** Where it is in its lifecycle (notifications/lifecycle.ts) and the analyst's note or reason. */
  status: string;
  statusNote: string | null;
}

/** A stored notification, whether this write stored it, and whether its message was accepted (null: still to announce). */
export interface WrittenNotification {
  notification: StoredNotification;
  duplicate: boolean;
  notifiedAt: string | null;
}

const COLUMNS = `id, org_code AS "orgCode", month, category, text, raised_at AS "raisedAt", status, status_note AS "statusNote"`;

@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async write(input: NewNotification, tx: Db = this.db.manager): Promise<WrittenNotification> {
    const values = [input.orgCode, input.month, input.category, input.text];
    const [created] = await tx.query(
      `INSERT INTO ingestion.notification (org_code, month, category, text) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT notification_unique DO NOTHING RETURNING ${COLUMNS}, notified_at AS "notifiedAt"`,
      values,
    );
    const row =
      created ??
      (
        await tx.query(
          `SELECT ${COLUMNS}, notified_at AS "notifiedAt" FROM ingestion.notification
           WHERE org_code = $1 AND month = $2 AND category = $3 AND text = $4`,
          values,
        )
      )[0];
    const { notifiedAt, ...notification } = row;
    return { notification: normalise(notification), duplicate: !created, notifiedAt };
  }

  /** Of a trust and/or about a month, oldest month first. */
  async list(orgCode?: string, month?: string): Promise<StoredNotification[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM ingestion.notification
       WHERE ($1::text IS NULL OR org_code = $1) AND ($2::text IS NULL OR month = $2)
       ORDER BY month, org_code, raised_at, id`,
      [orgCode ?? null, month ?? null],
    );
    return rows.map(normalise);
  }

  async markNotified(id: string): Promise<void> {
    await this.db.query(`UPDATE ingestion.notification SET notified_at = now() WHERE id = $1`, [id]);
  }

  /** Stored but not announced, oldest first. */
  async pending(): Promise<StoredNotification[]> {
    return (await this.db.query(`SELECT ${COLUMNS} FROM ingestion.notification WHERE notified_at IS NULL ORDER BY raised_at, id`)).map(normalise);
  }
}

function normalise(n: StoredNotification): StoredNotification {
  return { ...n, raisedAt: new Date(n.raisedAt).toISOString() };
}
