// A run takes the notifications that still flag (issue 16.2): raised, under review and accepted
// ones; declined and resolved ones are left out, so the period's next run drops TRUST_NOTIFICATION.
import type { EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase, withClient } from '@nhsp/testing';
import { readPeriodNotifications } from '../src/notification-inputs';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await withClient(database.url, async (c) => {
    await c.query(`CREATE SCHEMA ingestion`);
    await c.query(`CREATE TABLE ingestion.v_notifications (id uuid, org_code text, month text, category text, text text, raised_at timestamptz, status text, status_note text, status_changed_at timestamptz)`);
    for (const [i, status] of ['raised', 'under_review', 'accepted', 'declined', 'resolved'].entries()) {
      await c.query(`INSERT INTO ingestion.v_notifications VALUES ($1, 'RXF', '2025-05', 'other', $2, now(), $2, null, null)`, [`00000000-0000-4000-8000-00000000000${i}`, status]);
    }
  });
});
afterAll(() => database?.drop());

it('reads raised, under-review and accepted notifications, not declined or resolved ones', async () => {
  const read = await withClient(database.url, (c) => {
    const manager = { query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows } as unknown as EntityManager;
    return readPeriodNotifications(manager, ['2025-05']);
  });
  expect(read.map((n) => n.text)).toEqual(['raised', 'under_review', 'accepted']);
});
