import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The publication calendar, kept as data (issue 16): one rule that announces every month's
 * release ahead ("the second Thursday, 09:30 Europe/London, two months after the period") and
 * the exceptions to it (a period released at another time, with the reason). The first
 * estimates came out on Thursday 12 February 2026, the second Thursday of the month, for
 * December 2025: hence the seeded rule.
 *
 * `release_publication` records each publication as it happens, in the publishing transaction:
 * the proof that a scheduled release falls due exactly once, across restarts of the workers,
 * Redis or PostgreSQL (a second row for one release would be a second publication).
 */
export class CreateCalendar1795400100000 implements MigrationInterface {
  name = 'CreateCalendar1795400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publication.calendar_rule (
        -- One rule: the row is the calendar's only rule.
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        -- ISO weekday, 1 = Monday .. 7 = Sunday.
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        -- 1..4 = first..fourth such weekday of the month, -1 = the last.
        week_of_month smallint NOT NULL CHECK (week_of_month IN (1, 2, 3, 4, -1)),
        local_time text NOT NULL CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        time_zone text NOT NULL,
        -- A period's release falls in the month this many months after it.
        months_after_period smallint NOT NULL CHECK (months_after_period BETWEEN 0 AND 12),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO publication.calendar_rule (weekday, week_of_month, local_time, time_zone, months_after_period) VALUES (4, 2, '09:30', 'Europe/London', 2)`);
    await q.query(`
      CREATE TABLE publication.calendar_exception (
        period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        release_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE publication.release_publication (
        id bigserial PRIMARY KEY,
        release_id uuid NOT NULL REFERENCES publication.release (id),
        published_at timestamptz NOT NULL,
        -- 'scheduled' (the delayed job or a read's overdue check) or 'manual' (POST .../publish, AUTO_PUBLISH).
        via text NOT NULL CHECK (via IN ('scheduled', 'manual'))
      )`);
    await q.query(`CREATE INDEX release_publication_release ON publication.release_publication (release_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS publication.release_publication`);
    await q.query(`DROP TABLE IF EXISTS publication.calendar_exception`);
    await q.query(`DROP TABLE IF EXISTS publication.calendar_rule`);
  }
}
