// The lifecycle's SQL: a step is one transaction (the row locked, its state checked, the status
// and an event written), so two analysts acting at once cannot both move it.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NotificationStatus } from './lifecycle';

export interface NotificationState {
  id: string;
  orgCode: string;
  month: string;
  category: string;
  text: string;
  raisedAt: string;
  status: NotificationStatus;
  statusNote: string | null;
  statusChangedAt: string | null;
  resolvedByBatchId: string | null;
}

export interface NotificationEvent {
  fromStatus: string;
  toStatus: string;
  role: string;
  note: string | null;
  batchId: string | null;
  at: string;
}

export interface StepWrite {
  to: NotificationStatus;
  role: string;
  keyId: string | null;
  note: string | null;
  batchId: string | null;
}

const COLUMNS = `id, org_code AS "orgCode", month, category, text, raised_at AS "raisedAt", status, status_note AS "statusNote",
  status_changed_at AS "statusChangedAt", resolved_by_batch_id AS "resolvedByBatchId"`;

@Injectable()
export class NotificationLifecycleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string): Promise<NotificationState | null> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM ingestion.notification WHERE id = $1`, [id]);
    return row ? normalise(row) : null;
  }

  async events(id: string): Promise<NotificationEvent[]> {
    const rows = await this.db.query(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", role, note, batch_id AS "batchId", at FROM ingestion.notification_event
        WHERE notification_id = $1 ORDER BY id`,
      [id],
    );
    return rows.map((r: NotificationEvent) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /**
   * Locks the notification, lets `decide` check its state (throwing refuses the step), then
   * writes the step. Returns the notification as it is after the step.
   */
  async step(id: string, decide: (current: NotificationState, findResubmission: () => Promise<string | null>) => Promise<StepWrite>): Promise<NotificationState | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT ${COLUMNS} FROM ingestion.notification WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return null;
      const current = normalise(row);
      // A resubmission: a current activity or finance submission of the org-month received after the notification.
      const findResubmission = async () => {
        const [sub] = await tx.query(
          `SELECT batch_id FROM ingestion.v_current_submissions WHERE org_code = $1 AND month = $2 AND received_at > $3 ORDER BY received_at DESC LIMIT 1`,
          [current.orgCode, current.month, current.raisedAt],
        );
        return (sub?.batch_id as string | undefined) ?? null;
      };
      const write = await decide(current, findResubmission);
      await tx.query(
        `UPDATE ingestion.notification SET status = $2, status_note = coalesce($3, status_note), status_changed_at = clock_timestamp(),
                resolved_by_batch_id = coalesce($4, resolved_by_batch_id) WHERE id = $1`,
        [id, write.to, write.note, write.batchId],
      );
      await tx.query(
        `INSERT INTO ingestion.notification_event (notification_id, from_status, to_status, role, key_id, note, batch_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, current.status, write.to, write.role, write.keyId, write.note, write.batchId],
      );
      return normalise((await tx.query(`SELECT ${COLUMNS} FROM ingestion.notification WHERE id = $1`, [id]))[0]);
    });
  }
}

function normalise(n: NotificationState): NotificationState {
  return { ...n, raisedAt: new Date(n.raisedAt).toISOString(), statusChangedAt: n.statusChangedAt ? new Date(n.statusChangedAt).toISOString() : null };
}
