// What a run reads of the months before its own and of the ledger it keeps of them (methodology
// §8–§10 need the trust's history from the index base year): submission hashes over a range of
// months in one query, the stored ledger months by their submissions, and the rows of only those
// trust-months the ledger lacks. Numbers as text, so nothing passes through a float.
import { EntityManager } from 'typeorm';
import { ActivityRow, FinanceRow } from '../bundle-rows';

export interface SubmissionRow {
  org_code: string;
  month: string;
  kind: string;
  batch_id: string;
  content_sha256: string;
}

export interface ReturnSubmissionRow {
  org_code: string;
  period: string;
  kind: string;
  content_sha256: string;
}

/** A trust-month as the ledger keys it: its activity and finance submissions ('' for a kind without one). */
export interface LedgerKey {
  org_code: string;
  month: string;
  activity_sha256: string;
  finance_sha256: string;
}

export interface StoredLedgerMonth extends LedgerKey {
  /** encodeMonthUnits of @nhsp/methodology. */
  units: string;
}

/**
 * sha256 of the `line` column's values sorted and each ended by a newline, as run-inputs.ts's
 * linesSha256 hashes them in JavaScript: COLLATE "C" sorts by byte, which for this text (ASCII
 * codes, months and hex) is the order of Array.prototype.sort; null for no lines.
 */
const SORTED_LINES_SHA256 = `encode(sha256(convert_to(string_agg(line || E'\\n', '' ORDER BY line COLLATE "C"), 'UTF8')), 'hex')`;

export class HistoryRepository {
  constructor(private readonly db: EntityManager) {}

  /** The current activity and finance submissions of the months from..to (YYYY-MM, inclusive). */
  submissions(from: string, to: string): Promise<SubmissionRow[]> {
    return this.db.query(
      `SELECT org_code, month, kind, batch_id::text AS batch_id, content_sha256
       FROM ingestion.v_current_submissions WHERE month >= $1 AND month <= $2 ORDER BY org_code, month, kind`,
      [from, to],
    );
  }

  /** The current activity and finance submissions of every month, ordered as submissions() orders them. */
  allSubmissions(): Promise<SubmissionRow[]> {
    return this.db.query(
      `SELECT org_code, month, kind, batch_id::text AS batch_id, content_sha256 FROM ingestion.v_current_submissions ORDER BY org_code, month, kind`,
    );
  }

  /** The optional returns' current submissions of every period. */
  allReturnSubmissions(): Promise<ReturnSubmissionRow[]> {
    return this.db.query(`SELECT org_code, period, kind, content_sha256 FROM ingestion.v_current_return_submissions`);
  }

  /**
   * The optional returns' current submissions up to the period (monthly returns by month, trust
   * costs by financial year's first calendar year), which benchmarking computes the run's packs from.
   */
  returnSubmissions(period: string, financialYearStart: number): Promise<ReturnSubmissionRow[]> {
    return this.db.query(
      `SELECT org_code, period, kind, content_sha256 FROM ingestion.v_current_return_submissions
       WHERE (kind = 'trust_costs' AND period <= $2) OR (kind <> 'trust_costs' AND period <= $1)
       ORDER BY kind, org_code, period`,
      [period, String(financialYearStart)],
    );
  }

  /**
   * sha256 of returnSubmissions(period, financialYearStart) as `kind|org|period|sha256` lines
   * (null for none), computed where the rows are: a run only hashes them, and reading every
   * monthly return's submission of the history (up to 84 months of 194 trusts, three kinds) to
   * hash it was most of what the pg parser did for a run.
   */
  async returnsSha256(period: string, financialYearStart: number): Promise<string | null> {
    const [row] = await this.db.query(
      `SELECT ${SORTED_LINES_SHA256} AS sha256
       FROM (SELECT kind || '|' || org_code || '|' || period || '|' || content_sha256 AS line FROM ingestion.v_current_return_submissions
             WHERE (kind = 'trust_costs' AND period COLLATE "C" <= $2) OR (kind <> 'trust_costs' AND period COLLATE "C" <= $1)) x`,
      [period, String(financialYearStart)],
    );
    return row?.sha256 ?? null;
  }

  /**
   * The ledger months stored under a weight set and equalisation for the months from..to (of every
   * submission seen: the caller keeps those of the current ones), read by the key's prefix.
   */
  ledgerMonths(weightsKey: string, from: string, to: string): Promise<StoredLedgerMonth[]> {
    return this.db.query(
      `SELECT org_code, month, activity_sha256, finance_sha256, units FROM productivity.ledger_month
       WHERE weights_key = $1 AND month >= $2 AND month <= $3`,
      [weightsKey, from, to],
    );
  }

  /** Stores weighed months; a month stored meanwhile by another run is the same figures and stays. */
  async storeLedgerMonths(weightsKey: string, months: readonly StoredLedgerMonth[]): Promise<void> {
    if (!months.length) return;
    await this.db.query(
      `INSERT INTO productivity.ledger_month (weights_key, org_code, month, activity_sha256, finance_sha256, units)
       SELECT $1, x.org_code, x.month, x.activity_sha256, x.finance_sha256, x.units
       FROM jsonb_to_recordset($2::jsonb) AS x(org_code text, month text, activity_sha256 text, finance_sha256 text, units text)
       ON CONFLICT DO NOTHING`,
      [weightsKey, JSON.stringify(months)],
    );
  }

  /** The activity and finance rows of exactly these trust-months (read in the snapshot their keys came from). */
  async monthRows(keys: readonly LedgerKey[]): Promise<{ activity: ActivityRow[]; finance: FinanceRow[] }> {
    if (!keys.length) return { activity: [], finance: [] };
    const wanted = new Set(keys.map((k) => `${k.org_code}|${k.month}`));
    const months = [...new Set(keys.map((k) => k.month))];
    const orgs = [...new Set(keys.map((k) => k.org_code))];
    const activity: ActivityRow[] = await this.db.query(
      `SELECT org_code, month, pod, currency, count::text AS count, bed_days::text AS bed_days
       FROM ingestion.v_current_activity WHERE month = ANY($1) AND org_code = ANY($2)`,
      [months, orgs],
    );
    const finance: FinanceRow[] = await this.db.query(
      `SELECT org_code, month, category, amount_gbp::text AS amount_gbp FROM ingestion.v_current_finance WHERE month = ANY($1) AND org_code = ANY($2)`,
      [months, orgs],
    );
    const keep = (r: { org_code: string; month: string }) => wanted.has(`${r.org_code}|${r.month}`);
    return { activity: activity.filter(keep), finance: finance.filter(keep) };
  }
}
