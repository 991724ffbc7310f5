// The calendar's tables (publication.calendar_rule, calendar_exception) and the releases the
// calendar shows against its dates. SQL lives here only.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarException, CalendarRule } from './calendar-rule';

export interface StoredRule extends CalendarRule {
  updatedAt: Date;
}

export interface StoredException extends CalendarException {
  updatedAt: Date;
}

export interface CalendarRelease {
  id: string;
  period: string;
  vintage: string;
  status: string;
  publishAt: Date | null;
  publishedAt: Date | null;
}

@Injectable()
export class CalendarRepository {
  constructor(private readonly db: DataSource) {}

  async rule(): Promise<StoredRule> {
    const [row] = await this.db.query(
      `SELECT weekday, week_of_month, local_time, time_zone, months_after_period, updated_at FROM publication.calendar_rule`,
    );
    if (!row) throw new Error('publication.calendar_rule has no rule (migration CreateCalendar1795400100000 seeds one)');
    return { weekday: row.weekday, weekOfMonth: row.week_of_month, localTime: row.local_time, timeZone: row.time_zone, monthsAfterPeriod: row.months_after_period, updatedAt: row.updated_at };
  }

  async exceptions(): Promise<StoredException[]> {
    const rows: Array<{ period: string; release_at: Date; reason: string; updated_at: Date }> = await this.db.query(
      `SELECT period, release_at, reason, updated_at FROM publication.calendar_exception ORDER BY period`,
    );
    return rows.map((r) => ({ period: r.period, releaseAt: r.release_at, reason: r.reason, updatedAt: r.updated_at }));
  }

  async upsertException(exception: CalendarException): Promise<void> {
    await this.db.query(
      `INSERT INTO publication.calendar_exception (period, release_at, reason) VALUES ($1, $2, $3)
       ON CONFLICT (period) DO UPDATE SET release_at = EXCLUDED.release_at, reason = EXCLUDED.reason, updated_at = now()`,
      [exception.period, exception.releaseAt, exception.reason],
    );
  }

  /** True when there was one to delete. */
  async deleteException(period: string): Promise<boolean> {
    const [, count] = await this.db.query(`DELETE FROM publication.calendar_exception WHERE period = $1`, [period]);
    return count > 0;
  }

  /** Releases scheduled for exactly this instant (those a calendar slot will publish). */
  async scheduledAt(instant: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM publication.release WHERE status = 'scheduled' AND publish_at = $1 ORDER BY created_at`,
      [instant],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The releases a calendar between these instants shows: those published (ever) of the
   * periods, and - for callers who may see them - those scheduled within the instants.
   */
  async releases(periods: { from: string; to: string }, scheduled: { from: Date; to: Date } | null): Promise<CalendarRelease[]> {
    const rows: Array<{ id: string; period: string; vintage: string; status: string; publish_at: Date | null; published_at: Date | null }> = await this.db.query(
      `SELECT id, period, vintage, status, publish_at, published_at FROM publication.release
        WHERE (published_at IS NOT NULL AND period BETWEEN $1 AND $2)
           OR ($3::boolean AND status = 'scheduled' AND publish_at BETWEEN $4 AND $5)
        ORDER BY coalesce(published_at, publish_at), period, id`,
      [periods.from, periods.to, scheduled !== null, scheduled?.from ?? null, scheduled?.to ?? null],
    );
    return rows.map((r) => ({ id: r.id, period: r.period, vintage: r.vintage, status: r.status, publishAt: r.publish_at, publishedAt: r.published_at }));
  }

  /** When anything the public calendar shows last changed (the iCalendar's DTSTAMP). */
  async lastPublishedAt(): Promise<Date | null> {
    const [row] = await this.db.query(`SELECT max(published_at) AS at FROM publication.release`);
    return row?.at ?? null;
  }
}
