// Shared by the ingestion specs: the golden bundle, an independent reading of its sums (plain
// string splitting, not the data-contract readers), and row counts of every ingestion table.
import Decimal from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type { TestService } from '@nhsp/testing';

/**
 * The services run with this bootstrap admin key (env ADMIN_API_KEY): uploads and reads need a
 * key, and admin may do both. test/access.spec.ts covers the other roles.
 */
export const ADMIN_KEY = 'ingestion-test-admin-key-0123456789';
export const ACCESS_ENV = { ADMIN_API_KEY: ADMIN_KEY };

/** supertest on the service, every request sent with the admin key. */
export function asAdmin(svc: TestService) {
  return request.agent(svc.app.getHttpServer()).set('Authorization', `Bearer ${ADMIN_KEY}`);
}

export const GOLDEN = join(__dirname, '../../../tools/fixtures/golden/bundle');
/** The folder the specs let the service read from ({ path } loads): DATA_ROOTS. */
export const FIXTURES = join(__dirname, '../../../tools/fixtures');
export const GOLDEN_FILES = ['trusts.csv', 'activity.csv', 'finance.csv', 'cost_weights.csv', 'deflators.csv'];

/** Rows of a simple CSV (no quoted commas) as objects keyed by header. */
export function csvRows(fileName: string): Record<string, string>[] {
  const text = readFileSync(join(GOLDEN, fileName), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
  });
}

/** Σ count per `org|month` as the file states it. */
export function activityCountsByOrgMonth(): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of csvRows('activity.csv')) {
    const key = `${row.org_code.trim().toUpperCase()}|${row.month.trim()}`;
    sums.set(key, (sums.get(key) ?? 0) + Number(row.count));
  }
  return sums;
}

/** Σ amount per `org|month|category`, exact. */
export function financeAmounts(rows = csvRows('finance.csv')): Map<string, Decimal> {
  const sums = new Map<string, Decimal>();
  for (const row of rows) {
    const key = `${row.org_code}|${row.month}|${row.category}`;
    sums.set(key, (sums.get(key) ?? new Decimal(0)).plus(row.amount_gbp));
  }
  return sums;
}

export const TABLES = ['batch', 'trust', 'activity', 'finance', 'submission', 'reference_file'] as const;

export async function withDb<T>(url: string, run: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await run(db);
  } finally {
    await db.end();
  }
}

export async function tableCounts(url: string): Promise<Record<string, number>> {
  return withDb(url, async (db) => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ingestion.${table}`);
      counts[table] = rows[0].n;
    }
    return counts;
  });
}
