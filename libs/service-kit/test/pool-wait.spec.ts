// A request that waited the pool's whole connectionTimeoutMillis for a database connection is
// answered alike by every service (src/pool-wait.ts): ProblemDetailsFilter makes pg-pool's own
// error (a real pool of one connection, held, with a short wait) a 503 problem with Retry-After,
// and leaves any other unexpected error the 500 it was.
import type { ArgumentsHost } from '@nestjs/common';
import express from 'express';
import { Pool } from 'pg';
import request from 'supertest';
import { BUSY_DETAIL, BUSY_RETRY_AFTER_S, isPoolWaitExpired, PROBLEM_TYPES, ProblemDetailsFilter, toProblem } from '../src';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** pg-pool's error when no connection of a pool came within its wait. */
async function poolWaitError(): Promise<Error> {
  const pool = new Pool({ connectionString: DATABASE_URL, max: 1, connectionTimeoutMillis: 100 });
  const held = await pool.connect();
  try {
    return await pool.connect().then(
      (client) => {
        client.release();
        throw new Error('a second connection came from a pool of one');
      },
      (error: Error) => error,
    );
  } finally {
    held.release();
    await pool.end();
  }
}

/** An app whose one route answers with what ProblemDetailsFilter makes of `error`, as Nest calls it. */
function appFailingWith(error: unknown) {
  const filter = new ProblemDetailsFilter();
  return express().get('/v1/things', (req, res) => {
    (req as typeof req & { id: string }).id = 'req-7';
    const host = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
    filter.catch(error, host);
  });
}

let poolWait: Error;
beforeAll(async () => {
  poolWait = await poolWaitError();
});

it('recognises pg-pool\'s expired wait and nothing else', () => {
  expect(isPoolWaitExpired(poolWait)).toBe(true);
  expect(isPoolWaitExpired(new Error('relation "x" does not exist'))).toBe(false);
  expect(isPoolWaitExpired(poolWait.message)).toBe(false);
});

it('answers an expired pool wait 503 busy with Retry-After and the request id', async () => {
  const res = await request(appFailingWith(poolWait)).get('/v1/things?x=1').expect(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe(String(BUSY_RETRY_AFTER_S));
  expect(res.body).toEqual({ type: PROBLEM_TYPES.busy, title: 'Service Unavailable', status: 503, detail: BUSY_DETAIL, instance: '/v1/things?x=1', requestId: 'req-7' });
  expect(toProblem(poolWait, '/x')).toMatchObject({ type: PROBLEM_TYPES.busy, status: 503 });
});

it('leaves any other unexpected error a 500 without Retry-After', async () => {
  const res = await request(appFailingWith(new Error('relation "x" does not exist'))).get('/v1/things').expect(500);
  expect(res.headers['retry-after']).toBeUndefined();
  expect(res.body).toMatchObject({ type: PROBLEM_TYPES.internal, status: 500, requestId: 'req-7' });
});
