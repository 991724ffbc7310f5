// The public API is rate limited per client IP for callers without a key (a low limit here via
// config); keys are not limited by default; health checks never are.
import request from 'supertest';
import { TestService } from '@nhsp/testing';
import { trustProxySetting } from '../src/downloads/client-address';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'rate-limit-spec-admin-key-0123456789';
let svc: TestService;
const http = () => request(svc.app.getHttpServer());

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'true', ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: '3' });
});
afterAll(() => svc?.stop());

it('answers the 4th anonymous request of a minute with 429 problem details and Retry-After; keys and probes go on', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await http().get('/v1/releases').expect(200);
    expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i));
  }
  const refused = await http().get('/v1/releases?limit=5').expect(429);
  expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(refused.body).toMatchObject({ type: 'urn:nhsp:problem:rate-limited', status: 429, title: 'Too Many Requests' });
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  // Every public route shares the caller's budget.
  await http().get('/v1/estimates').expect(429);
  // Without TRUST_PROXY a forwarded-for header is the caller's word, not its address.
  await http().get('/v1/releases').set('X-Forwarded-For', '203.0.113.9').expect(429);

  // A key is counted apart from the IP and, by default, not limited.
  for (let i = 0; i < 5; i++) await http().get('/v1/releases').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
  await http().get('/health/live').expect((res) => expect(res.status).not.toBe(429));
});

it('reads TRUST_PROXY as Express does: off, on, a hop count or a list of proxies', () => {
  expect(['', 'false', 'true', '1', 'loopback, 10.0.0.0/8'].map(trustProxySetting)).toEqual([false, false, true, 1, 'loopback, 10.0.0.0/8']);
});
