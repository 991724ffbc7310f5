// A run's input identity through the digests held per state of ingestion's submissions
// (submission-digests.ts), against real PostgreSQL with ingestion's own tables, views and
// triggers: the same inputs and digests as read and hashed for the run alone; the same fingerprint
// for the same inputs (also when identical submissions are stored again), without reading the
// submissions again; a new one for a restated submission (of the period's months or of its
// history) or return; and ingestion's version moving only with a committed change.
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { stableJson } from '@nhsp/domain';
import { resolveSettings } from '@nhsp/methodology';
import { runMigrations } from '@nhsp/persistence';
import { createTestDatabase, TestDatabase } from '@nhsp/testing';
import { inputFingerprint, inputFingerprints, readRunInputs, RunInputs } from '../src/run-inputs';
import { SubmissionDigests } from '../src/submission-digests';

const MONTHS = Array.from({ length: 27 }, (_, i) => {
  const m = 3 + i; // 2023-04 .. 2025-06
  return `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
});
const ORGS = ['RA1', 'RA10'];
const PERIODS = ['2024-06', '2025-03', '2025-06'];

describe('productivity: input identity held per state of the submissions', () => {
  let database: TestDatabase;
  let client: Client;
  const statements: string[] = [];
  const db = { query: (sql: string, params?: unknown[]) => (statements.push(sql), client.query(sql, params).then((r) => r.rows)) } as unknown as EntityManager;

  /** In one REPEATABLE READ snapshot, as the run service reads. */
  async function inSnapshot<T>(read: () => Promise<T>): Promise<T> {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      return await read();
    } finally {
      await client.query('COMMIT');
    }
  }
  const settings = resolveSettings();
  const fingerprintOf = (inputs: RunInputs) => inputFingerprint(inputs, { ...settings, deflatorSeries: inputs.deflatorSeries });
  const inputsOf = (period: string, digests?: SubmissionDigests) => inSnapshot(() => readRunInputs(db, period, settings, digests));
  const version = async () => (await client.query(`SELECT version FROM ingestion.v_submissions_version`)).rows[0].version as string;

  async function batch(kind: string, sha256: string): Promise<string> {
    const { rows } = await client.query(`INSERT INTO ingestion.batch (kind, file_name, sha256, rows) VALUES ($1, $2, $3, 0) RETURNING id`, [kind, `${kind}.csv`, sha256]);
    return rows[0].id;
  }
  async function submit(kind: 'activity' | 'finance', sha256: string, lines: Array<[org: string, month: string, content: string]>) {
    const id = await batch(kind, sha256);
    for (const [org, month, content] of lines) {
      await client.query(`INSERT INTO ingestion.submission (org_code, month, kind, batch_id, content_sha256, received_at) VALUES ($1, $2, $3, $4, $5, now())`, [org, month, kind, id, content]);
    }
  }
  async function submitReturn(kind: string, sha256: string, org: string, period: string, content: string) {
    const id = await batch(kind, sha256);
    await client.query(`UPDATE ingestion.return_submission SET current = false WHERE current AND kind = $1 AND org_code = $2 AND period = $3`, [kind, org, period]);
    await client.query(`INSERT INTO ingestion.return_submission (org_code, period, kind, batch_id, content_sha256, received_at, current) VALUES ($1, $2, $3, $4, $5, now(), true)`, [
      org,
      period,
      kind,
      id,
      content,
    ]);
  }

  beforeAll(async () => {
    database = await createTestDatabase('submission_digests');
    await runMigrations(database.url, undefined, () => undefined);
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`INSERT INTO cost_weights.weight_set (name, version, file_name, sha256, rows, anomalies, source) VALUES ('weights', 1, 'w.csv', 'w', 0, '[]', 'test')`);
    await client.query(`INSERT INTO deflators.deflator_set (name, file_name, sha256, source) VALUES ('GDP deflators', 'd.csv', 'd', 'test')`);
    const trusts = await batch('trusts', 't');
    for (const org of ORGS) {
      await client.query(`INSERT INTO ingestion.trust (org_code, name, region, trust_type, peer_group, sector, batch_id) VALUES ($1, $1, 'London', 'Acute trust', 'Acute - Large', 'acute', $2)`, [org, trusts]);
    }
    for (const kind of ['activity', 'finance'] as const) await submit(kind, `${kind}-1`, ORGS.flatMap((org) => MONTHS.map((month) => [org, month, `${kind}|${org}|${month}`] as [string, string, string])));
    await submitReturn('workforce', 'wf-1', 'RA1', '2024-05', 'wf');
    await submitReturn('trust_costs', 'tc-1', 'RA10', '2024', 'tc');
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('gives every period the inputs and digests it reads and hashes alone', async () => {
    const digests = new SubmissionDigests();
    for (const period of PERIODS) {
      const alone = await inputsOf(period);
      expect(alone.history!.length).toBeGreaterThan(0);
      expect(alone.returnsSha256).toEqual(expect.any(String));
      expect(await inputsOf(period, digests)).toEqual(alone);
    }
  });

  it('keeps the fingerprint of unchanged inputs, read once per state, and changes it for a restated submission or return', async () => {
    const digests = new SubmissionDigests();
    const fingerprints = async (held: SubmissionDigests | null = digests) => {
      const out = [];
      for (const period of PERIODS) out.push(fingerprintOf(await inputsOf(period, held ?? undefined)));
      return out;
    };
    const reads = () => statements.filter((s) => /v_current_(return_)?submissions/.test(s)).length;

    const before = await fingerprints();
    let read = reads();
    expect(await fingerprints()).toEqual(before);
    expect(reads()).toBe(read); // the same state: nothing read again

    // RA1's 2024-05 activity restated: the own months of 2024-06 and 2025-06 (a year earlier), the history of 2025-03.
    const was = await version();
    await submit('activity', 'activity-2', [['RA1', '2024-05', 'restated']]);
    expect(await version()).not.toBe(was);
    const restated = await fingerprints();
    restated.forEach((fingerprint, i) => expect(fingerprint).not.toBe(before[i]));
    expect(restated).toEqual(await fingerprints(null));

    // The same content stored again in a new batch: a new state, the same inputs.
    read = reads();
    await submit('activity', 'activity-3', [['RA1', '2024-05', 'restated']]);
    expect(await fingerprints()).toEqual(restated);
    expect(reads()).toBeGreaterThan(read);

    // A workforce return restated: every period whose returns reach 2024-05.
    await submitReturn('workforce', 'wf-2', 'RA1', '2024-05', 'wf restated');
    const returned = await fingerprints();
    returned.forEach((fingerprint, i) => expect(fingerprint).not.toBe(restated[i]));
  });

  it('fingerprints as stableJson of the inputs did, with and without the trust list', async () => {
    // The fingerprint as it was written before its shared JSON was made once (stored runs keep matching).
    const asBefore = (inputs: Omit<RunInputs, 'trusts'> & { trusts?: RunInputs['trusts'] }, vintage?: string) =>
      createHash('sha256')
        .update(
          stableJson({
            period: inputs.period,
            settings: { ...settings, deflatorSeries: inputs.deflatorSeries },
            weightSetId: inputs.weightSetId,
            deflatorSetId: inputs.deflatorSetId,
            submissions: inputs.submissions,
            ...(inputs.historySha256 ? { history: inputs.historySha256 } : {}),
            ...(inputs.returnsSha256 ? { returns: inputs.returnsSha256 } : {}),
            ...(inputs.notifications?.length ? { notifications: inputs.notifications.map((n) => n.id).sort() } : {}),
            ...(inputs.trusts ? { trusts: inputs.trusts } : {}),
            ...(vintage === 'final_revised' ? { vintage } : {}),
          }),
        )
        .digest('hex');
    const inputs = await inputsOf('2025-06', new SubmissionDigests());
    const withNotification = { ...inputs, notifications: [{ id: '7', orgCode: 'RA1', month: '2025-05', category: 'other', text: 'late' }] } as RunInputs;
    for (const x of [inputs, withNotification, { ...inputs, returnsSha256: undefined }]) {
      for (const vintage of [undefined, 'final_revised']) {
        const both = inputFingerprints(x, { ...settings, deflatorSeries: x.deflatorSeries }, vintage);
        expect(both.current).toBe(asBefore(x, vintage));
        expect(both.withoutTrusts()).toBe(asBefore({ ...x, trusts: undefined }, vintage));
        expect(inputFingerprint({ ...x, trusts: undefined }, { ...settings, deflatorSeries: x.deflatorSeries }, vintage)).toBe(both.withoutTrusts());
      }
    }
  });

  it('holds nothing for reads outside a snapshot', async () => {
    const digests = new SubmissionDigests();
    expect(await digests.of(db)).toBeNull();
    expect(await inSnapshot(() => digests.of(db))).not.toBeNull();
  });

  it('moves the version only with a committed change of the submissions', async () => {
    const was = await version();
    await client.query('BEGIN');
    await submit('finance', 'finance-rolled-back', [['RA10', '2025-01', 'never']]);
    await client.query('ROLLBACK');
    expect(await version()).toBe(was);
    await client.query(`UPDATE ingestion.batch SET notified_at = now()`);
    expect(await version()).toBe(was);
    await submit('finance', 'finance-2', [['RA10', '2025-01', 'restated']]);
    expect(await version()).not.toBe(was);
  });
});
