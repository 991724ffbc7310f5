// What the packs and indicators read of the trusts' own data, through ingestion's views: only
// the months (and trust-cost years) a run needs, each in one set-based query, numbers as text.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HeldBySubmissionsVersion, SubmissionsVersionReader } from '@nhsp/persistence';

export interface ActivityByPodText {
  org_code: string;
  month: string;
  pod: string;
  count: string;
  /** Null where no row of the POD carries bed days. */
  bed_days: string | null;
}

export interface FinanceText {
  org_code: string;
  month: string;
  category: string;
  amount_gbp: string;
}

export interface WorkforceText {
  org_code: string;
  month: string;
  staff_group: string;
  wte: string;
}

export interface OperationsText {
  org_code: string;
  month: string;
  measure: string;
  dimension: string;
  value: string;
}

export interface MedicinesText {
  org_code: string;
  month: string;
  molecule: string;
  product: string;
  quantity: string;
  cost_gbp: string;
}

export interface TrustCostText {
  org_code: string;
  year: number;
  pod: string;
  currency: string;
  activity: string;
  cost_gbp: string;
}

/** The trust-cost return a trust's pack uses: its latest year up to a year, and the batch that supplies it. */
export interface TrustCostYear {
  org_code: string;
  year: number;
  batch_id: string;
}

/** A month's rows of every kind a run's packs and indicators read. */
export interface MonthRowsText {
  activity: ActivityByPodText[];
  finance: FinanceText[];
  workforce: WorkforceText[];
  operations: OperationsText[];
  medicines: MedicinesText[];
}

type Db = DataSource | EntityManager;

@Injectable()
export class TrustDataRepository {
  private readonly version = new SubmissionsVersionReader();
  /** Every month's identity, per state of ingestion's submissions (its version). */
  private readonly everyMonth = new HeldBySubmissionsVersion<Map<string, string>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * In one snapshot: each month's identity (the current activity, finance and monthly-return
   * submissions that make its rows: org, kind, batch, sha256; none where ingestion's submissions
   * view is absent), then, when `widen` asks for it given those, the identity of every month
   * that has any (`all`), then the rows of the months `pick` chooses from the identities known.
   */
  monthsInOneSnapshot(
    months: readonly string[],
    pick: (identities: Map<string, string>) => string[],
    widen: (identities: Map<string, string>) => boolean = () => false,
  ): Promise<{ identities: Map<string, string>; all?: Map<string, string>; rows: MonthRowsText }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const [{ present }] = await m.query(`SELECT to_regclass('ingestion.v_current_submissions') IS NOT NULL AS present`);
      // Every month's identity made once per state of the submissions, for every run of it (a
      // whole-history recompute is 84 runs, each of which hashed its 24 months' submissions in
      // PostgreSQL): a month's identity is of its own submissions, whichever months are asked for.
      const version = present ? await this.version.read(m) : null;
      const every = version ? await this.everyMonth.get(version, () => this.monthIdentities(m, null)) : undefined;
      const identities = every ? new Map(months.flatMap((month) => (every.has(month) ? [[month, every.get(month)!] as const] : []))) : present ? await this.monthIdentities(m, months) : new Map<string, string>();
      const all = present && widen(identities) ? (every ?? (await this.monthIdentities(m, null))) : undefined;
      const read = pick(all ?? identities);
      const rows: MonthRowsText = read.length
        ? {
            activity: await this.activityByPod(read, m),
            finance: await this.finance(read, m),
            workforce: await this.workforce(read, m),
            operations: await this.operations(read, m),
            medicines: await this.medicines(read, m),
          }
        : { activity: [], finance: [], workforce: [], operations: [], medicines: [] };
      return { identities, ...(all && { all }), rows };
    });
  }

  /** Each month's identity, of `months` or (null) of every month with submissions. */
  private async monthIdentities(m: EntityManager, months: readonly string[] | null): Promise<Map<string, string>> {
    const [ofMonth, ofPeriod, params] = months ? ['month = ANY($1)', 'period = ANY($1) AND', [months]] : ['true', '', []];
    const rows: Array<{ month: string; identity: string }> = await m.query(
      // The identity as the sha256 of its lines: 64 characters a month instead of ~120 KB
      // (194 trusts, five kinds), read, decoded and compared for 24 months by every run.
      `SELECT month, encode(sha256(convert_to(string_agg(org_code || '|' || kind || '|' || batch_id::text || '|' || content_sha256, E'\n' ORDER BY org_code, kind, batch_id::text, content_sha256), 'UTF8')), 'hex') AS identity
       FROM (SELECT org_code, month, kind, batch_id, content_sha256 FROM ingestion.v_current_submissions WHERE ${ofMonth}
             UNION ALL
             SELECT org_code, period, kind, batch_id, content_sha256 FROM ingestion.v_current_return_submissions
             WHERE ${ofPeriod} kind IN ('workforce', 'operations', 'medicines')) s
       GROUP BY month`,
      params,
    );
    return new Map(rows.map((r) => [r.month, r.identity]));
  }

  /**
   * Activity per trust, month and POD (currencies summed): the key indicators read activity by
   * POD only, so a national run reads a few rows per trust-month instead of a thousand.
   */
  activityByPod(months: readonly string[], db: Db = this.db): Promise<ActivityByPodText[]> {
    return db.query(
      `SELECT org_code, month, pod, sum(count)::text AS count, sum(bed_days)::text AS bed_days
       FROM ingestion.v_current_activity WHERE month = ANY($1) GROUP BY org_code, month, pod`,
      [months],
    );
  }

  finance(months: readonly string[], db: Db = this.db): Promise<FinanceText[]> {
    return db.query(`SELECT org_code, month, category, amount_gbp::text AS amount_gbp FROM ingestion.v_current_finance WHERE month = ANY($1)`, [months]);
  }

  workforce(months: readonly string[], db: Db = this.db): Promise<WorkforceText[]> {
    return db.query(`SELECT org_code, month, staff_group, wte::text AS wte FROM ingestion.v_current_workforce WHERE month = ANY($1)`, [months]);
  }

  operations(months: readonly string[], db: Db = this.db): Promise<OperationsText[]> {
    return db.query(
      `SELECT org_code, month, measure, dimension, value::text AS value FROM ingestion.v_current_operations WHERE month = ANY($1)`,
      [months],
    );
  }

  medicines(months: readonly string[], db: Db = this.db): Promise<MedicinesText[]> {
    return db.query(
      `SELECT org_code, month, molecule, product, quantity::text AS quantity, cost_gbp::text AS cost_gbp
       FROM ingestion.v_current_medicines WHERE month = ANY($1)`,
      [months],
    );
  }

  /** Each trust's latest trust-cost year up to `upTo` (a financial year's first calendar year), and its batch. */
  trustCostYears(upTo: number): Promise<TrustCostYear[]> {
    // period is the four-digit year for trust costs, so text order is year order.
    return this.db.query(
      `SELECT DISTINCT ON (org_code) org_code, period::int AS year, batch_id::text AS batch_id
       FROM ingestion.v_current_return_submissions WHERE kind = 'trust_costs' AND period <= $1
       ORDER BY org_code, period DESC`,
      [String(upTo)],
    );
  }

  /** The rows of those returns (callers keep each trust's own year). */
  async trustCosts(years: readonly TrustCostYear[]): Promise<TrustCostText[]> {
    if (years.length === 0) return [];
    const wanted = new Set(years.map((y) => `${y.org_code}|${y.year}`));
    const rows: TrustCostText[] = await this.db.query(
      `SELECT org_code, year, pod, currency, activity::text AS activity, cost_gbp::text AS cost_gbp
       FROM ingestion.v_current_trust_costs WHERE year = ANY($1) AND org_code = ANY($2)`,
      [[...new Set(years.map((y) => y.year))], [...new Set(years.map((y) => y.org_code))]],
    );
    return rows.filter((r) => wanted.has(`${r.org_code}|${r.year}`));
  }

  unitCosts(): Promise<Array<{ name: string; gbp: string }>> {
    return this.db.query(`SELECT name, gbp::text AS gbp FROM ingestion.v_current_unit_costs`);
  }
}
