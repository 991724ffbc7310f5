// Boots a service that loads reference files into sets (cost-weights, deflators) for its
// integration suite: only its own schema (and access, for API keys and the audit log), a table
// standing in for ingestion's view of stored files, and requests as the bootstrap admin.
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SCHEMAS } from '@nhsp/persistence';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { startTestService, StartTestServiceOptions, TestService } from './service';

export interface ReferenceSetServiceOptions extends Pick<StartTestServiceOptions, 'name' | 'module' | 'queues'> {
  /** The service's schema, e.g. `cost_weights`; `count` reads its tables. */
  schema: string;
  /** Extra environment, e.g. DATA_ROOTS for loads by path. */
  env?: Record<string, string>;
}

export interface ReferenceSetAccessCheck {
  /** The sets' route, e.g. `/weight-sets`. */
  route: string;
  /** A file the service could load by path. */
  file: string;
  /** A loaded set an analyst may read. */
  setId: string;
  /** The table of sets in the service's schema, e.g. `weight_set`. */
  setTable: string;
}

export interface ReferenceSetService extends TestService {
  db: DataSource;
  /** A request with the bootstrap admin key (env ADMIN_API_KEY): loads need admin, reads analyst. */
  http(): request.Agent;
  /** Rows in a table of the service's schema. */
  count(table: string): Promise<number>;
  /** Stores a file as ingestion does (in the stand-in view) and emits reference.stored.v1 for it. */
  storeReference(kind: string, fileName: string, content: Buffer): Promise<{ batchId: string; sha256: string }>;
  /** In a Jest test: asserts that only an admin key loads, an analyst key reads, and no key does neither (401). */
  expectAdminLoadsAnalystReads(check: ReferenceSetAccessCheck): Promise<void>;
}

export async function startReferenceSetService(options: ReferenceSetServiceOptions): Promise<ReferenceSetService> {
  const adminKey = `${options.name}-test-admin-key-0123456789`;
  const svc = await startTestService({
    name: options.name,
    module: options.module,
    queues: options.queues,
    registrations: SCHEMAS.filter((r) => ['public', 'access', options.schema].includes(r.schema)),
    // The key admin API is mounted only so the access check can make an analyst key.
    env: { ADMIN_API_KEY: adminKey, ACCESS_ADMIN_API: 'true', ...options.env },
  });
  const db = svc.app.get(DataSource);
  const server = svc.app.getHttpServer();
  const withKey = (key: string) => request.agent(server).set('Authorization', `Bearer ${key}`);
  const http = () => withKey(adminKey);
  const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${options.schema}.${table}`))[0].n);
  try {
    await db.query(`CREATE TABLE IF NOT EXISTS ingestion.v_reference_files
      (batch_id uuid, kind text, file_name text, sha256 text, content bytea, received_at timestamptz)`);
  } catch (error) {
    await svc.stop();
    throw error;
  }

  return {
    ...svc,
    db,
    http,
    count,
    storeReference: async (kind, fileName, content) => {
      const batchId = randomUUID();
      const sha256 = createHash('sha256').update(content).digest('hex');
      await db.query(
        `INSERT INTO ingestion.v_reference_files (batch_id, kind, file_name, sha256, content, received_at) VALUES ($1, $2, $3, $4, $5, now())`,
        [batchId, kind, fileName, sha256, content],
      );
      await svc.app.get(BullMqClient).emitEvent(PATTERNS.referenceStored, { batchId, kind, sha256 });
      return { batchId, sha256 };
    },
    expectAdminLoadsAnalystReads: async ({ route, file, setId, setTable }) => {
      const analyst = (await http().post('/admin/api-keys').send({ name: 'analysts', role: 'analyst' }).expect(201)).body.key;
      const asAnalyst = () => withKey(analyst);
      const before = await count(setTable);
      const refused = await asAnalyst().post(route).send({ path: file, name: 'by an analyst' }).expect(403);
      expect(refused.body).toMatchObject({ type: 'urn:nhsp:problem:forbidden', detail: 'This needs role admin; the key has role analyst' });
      await request(server).post(route).send({ path: file }).expect(401);
      expect(await count(setTable)).toBe(before);
      await asAnalyst().get(route).expect(200);
      await asAnalyst().get(`${route}/${setId}`).expect(200);
      await request(server).get(route).expect(401);
    },
  };
}
