// The hash a run's fingerprint holds of its returns (run-inputs.ts), computed by PostgreSQL
// (history.repository.ts), against real PostgreSQL: the same digest as linesSha256 of the rows
// read, whatever the order of the rows and where a plain text sort and a sort of the fields differ
// (RA1 and RA10), the financial year's trust costs and the months up to the period only, and none
// without rows.
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@nhsp/testing';
import { HistoryRepository } from '../src/repositories/history.repository';
import { linesSha256 } from '../src/run-inputs';

describe('productivity: the returns hash of a run', () => {
  let database: TestDatabase;
  let client: Client;
  let repository: HistoryRepository;

  beforeAll(async () => {
    database = await createTestDatabase('history_inputs');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE SCHEMA ingestion`);
    await client.query(`CREATE TABLE ingestion.v_current_return_submissions (org_code text, period text, kind text, content_sha256 text)`);
    const db = { query: (sql: string, params?: unknown[]) => client.query(sql, params).then((r) => r.rows) } as unknown as EntityManager;
    repository = new HistoryRepository(db);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('hashes the returns up to the period, trust costs up to the financial year, as linesSha256 of them', async () => {
    expect(await repository.returnsSha256('2025-06', 2025)).toBeNull();
    await client.query(`INSERT INTO ingestion.v_current_return_submissions VALUES
      ('RA10', '2025-05', 'workforce', 'w2'), ('RA1', '2025-05', 'workforce', 'w1'), ('RA1', '2025-07', 'workforce', 'w9'),
      ('RA1', '2025', 'trust_costs', 't5'), ('RA1', '2024', 'trust_costs', 't4'), ('RA1', '2026', 'trust_costs', 't6'),
      ('RA1', '2025-06', 'operations', 'o6'), ('RA1', '2025-06', 'medicines', 'm6')`);
    const all = (await repository.returnSubmissions('2025-06', 2025)).map((r) => `${r.kind}|${r.org_code}|${r.period}|${r.content_sha256}`);
    expect(all.sort()).toEqual([
      'medicines|RA1|2025-06|m6', 'operations|RA1|2025-06|o6', 'trust_costs|RA1|2024|t4', 'trust_costs|RA1|2025|t5', 'workforce|RA10|2025-05|w2', 'workforce|RA1|2025-05|w1',
    ].sort());
    expect(await repository.returnsSha256('2025-06', 2025)).toBe(linesSha256(all));
    expect(await repository.returnsSha256('2025-05', 2024)).toBe(linesSha256(['trust_costs|RA1|2024|t4', 'workforce|RA10|2025-05|w2', 'workforce|RA1|2025-05|w1']));
  });
});
