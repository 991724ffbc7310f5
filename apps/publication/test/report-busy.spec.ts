// A report page whose reads wait the pool's whole connectionTimeoutMillis for a database
// connection (every pooled connection busy: an overloaded process) answers 503 with Retry-After,
// not a 500: here the service's only pooled connection is held while a page is asked for.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestService } from '@nhsp/testing';
import { orBusy } from '../src/report/busy';
import { startPublication } from './start-publication';

jest.setTimeout(120_000);
const ADMIN_KEY = 'report-busy-spec-admin-key-0123456789';
let svc: TestService;

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'true', ADMIN_API_KEY: ADMIN_KEY, DB_POOL_SIZE: '1', RATE_LIMIT_PER_MINUTE: '0' });
});
afterAll(() => svc?.stop());

it('answers 503 with Retry-After when no database connection came in time, and the page again once one is free', async () => {
  const held = svc.app.get(DataSource).createQueryRunner();
  await held.connect();
  let res: request.Response;
  try {
    // A key's page reads by SQL at once (the public's could be answered from memory).
    res = await request(svc.app.getHttpServer()).get('/report/trusts/RXX').set('Authorization', `Bearer ${ADMIN_KEY}`);
  } finally {
    await held.release();
  }
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toBe('5');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.text).toContain('The service is busy');
  // Nothing is published here: with the connection free the same request is an honest 404.
  await request(svc.app.getHttpServer()).get('/report/trusts/RXX').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(404);
});

it('passes any other failure on', async () => {
  await expect(orBusy(() => Promise.reject(new Error('relation "x" does not exist')))).rejects.toThrow('relation "x" does not exist');
  await expect(orBusy(() => Promise.resolve(7))).resolves.toBe(7);
});
