// The operators' queue dashboard: every queue of the platform, behind an admin key.
import request from 'supertest';
import { baseSchema, publicationSchema } from '@nhsp/persistence';
import { ALL_QUEUES } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService } from '@nhsp/testing';
import { publicationService } from '../src/main';

const ADMIN_KEY = 'queue-dashboard-spec-admin-key-0123456789';
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({
    ...publicationService,
    registrations: [baseSchema, accessRegistration, publicationSchema],
    env: { ADMIN_API_KEY: ADMIN_KEY },
  });
});
afterAll(() => svc?.stop());

describe('queue dashboard', () => {
  it('refuses anyone without an admin key', async () => {
    await request(svc.app.getHttpServer()).get('/admin/queues/api/queues').expect(401);
  });

  it('shows every queue of the platform to an admin', async () => {
    const res = await request(svc.app.getHttpServer()).get('/admin/queues/api/queues').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    expect(res.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([...ALL_QUEUES].sort());
  });
});
