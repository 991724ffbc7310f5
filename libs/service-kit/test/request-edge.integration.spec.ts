// The request edge of every service (bootstrapService): hostile text in a URL or a JSON body,
// oversized and compressed bodies, deep or inexact JSON are refused with 4xx problem details
// before authentication, nothing reaches the database, and each refused write is audited -
// whatever text it held.
import { Body, Controller, Get, HttpStatus, Module, Post, Query, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { InjectDataSource } from '@nestjs/typeorm';
import { createZodDto } from 'nestjs-zod';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';
import { baseSchema, SchemaRegistration } from '@nhsp/persistence';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { accessRegistration, allowedEntry, ProblemException, Public, safeText } from '../src';
import { query } from './access-test-app';

const ADMIN_KEY = 'request-edge-spec-admin-key-0123456789';
const AUTH = { Authorization: `Bearer ${ADMIN_KEY}` };

class CreateEdgeTest1763800000600 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query('CREATE SCHEMA edge_test');
    await q.query('CREATE TABLE edge_test.note (id serial PRIMARY KEY, text text NOT NULL, weight numeric)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP SCHEMA edge_test CASCADE');
  }
}
const registrations: SchemaRegistration[] = [baseSchema, accessRegistration, { schema: 'edge_test', entities: [], migrations: [CreateEdgeTest1763800000600] }];

const SORTABLE: Record<string, string> = { id: 'id', text: 'text COLLATE "C"' };

class NoteDto extends createZodDto(z.object({ text: safeText({ lineBreaks: true }).min(1).max(200), weight: z.number().optional() })) {}

@Controller('notes')
class NotesController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A write: admin by default. */
  @Post()
  async create(@Body() body: NoteDto) {
    const [row] = await this.db.query('INSERT INTO edge_test.note (text, weight) VALUES ($1, $2) RETURNING id', [body.text, body.weight ?? null]);
    return { id: row.id };
  }

  /** A public read whose filter and sort reach SQL. */
  @Get()
  @Public()
  async list(@Query('text') text?: string, @Query('sort') sort?: string) {
    const order = sort === undefined ? 'id' : allowedEntry(SORTABLE, sort);
    if (!order) throw new ProblemException({ type: 'urn:nhsp:problem:validation', status: HttpStatus.BAD_REQUEST, detail: `sort must be one of ${Object.keys(SORTABLE).join(', ')}` });
    return { notes: await this.db.query(`SELECT id, text FROM edge_test.note WHERE ($1::text IS NULL OR text = $1) ORDER BY ${order}`, [text ?? null]) };
  }

  /** Multipart: its fields pass no JSON check, and this refusal quotes one back. */
  @Post('form')
  @UseInterceptors(AnyFilesInterceptor())
  form(@UploadedFiles() _files: unknown, @Body() body: { note?: string }) {
    throw new ProblemException({ type: 'urn:nhsp:problem:refused', status: 422, detail: `will not take note ${body.note}` });
  }
}

@Module({ controllers: [NotesController] })
class EdgeTestModule {}

describe('request edge', () => {
  let svc: TestService;
  const http = () => request(svc.app.getHttpServer());
  const stored = async () => (await query<{ n: number }>(svc.database.url, 'SELECT count(*)::int AS n FROM edge_test.note'))[0].n;
  const auditRows = (path: string) => query<{ status: number; path: string; detail: Record<string, unknown> }>(svc.database.url, 'SELECT status, path, detail FROM access.audit_log WHERE path = $1 ORDER BY id', [path]);

  beforeAll(async () => {
    svc = await startTestService({ name: 'edge-test', module: EdgeTestModule, queues: [], registrations, schemas: [], role: 'api', env: { ADMIN_API_KEY: ADMIN_KEY } });
    await http().post('/notes').set(AUTH).send({ text: 'first\tline\nsecond line', weight: 2.5 }).expect(201);
  });
  afterAll(() => svc?.stop());

  /** A 4xx in the problem-details shape, and nothing more stored than before. */
  async function expectRefused(res: request.Response, status: number, type: string, path?: string) {
    expect({ status: res.status, contentType: res.headers['content-type'] }).toEqual({ status, contentType: expect.stringMatching(/^application\/problem\+json/) });
    expect(res.body).toMatchObject({ type, status, title: expect.any(String), detail: expect.any(String) });
    if (path) expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
    expect(await stored()).toBe(1);
  }

  it.each([
    ['a NUL', '/notes?text=%00'],
    ['a NUL mid-value', '/notes?text=ab%00c'],
    ['another C0 control character', '/notes?text=a%07b'],
    ['a line break', '/notes?text=a%0Ab'],
    ['DEL', '/notes?text=%7F'],
    ['a C1 control character', '/notes?text=%C2%85'],
    ['an overlong NUL', '/notes?text=%C0%80'],
    ['an overlong slash', '/notes?text=%E0%80%AF'],
    ['a truncated sequence', '/notes?text=%E2%82'],
    ['an encoded surrogate', '/notes?text=%ED%A0%80'],
    ['a malformed escape', '/notes?text=%G1'],
    ['a value of 1001 characters', `/notes?text=${'x'.repeat(1001)}`],
    ['a NUL in a parameter name', '/notes?te%00xt=a'],
    ['a NUL in the path', '/notes/%00'],
  ])('refuses %s in the URL with 400, before any key is asked for', async (_what, url) => {
    await expectRefused(await http().get(url), 400, 'urn:nhsp:problem:validation');
  });

  it('answers a sort name that every object inherits as any other unknown one, never as SQL', async () => {
    for (const sort of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const res = await http().get(`/notes?sort=${sort}`);
      expect({ sort, status: res.status, type: res.body.type }).toEqual({ sort, status: 400, type: 'urn:nhsp:problem:validation' });
    }
    expect((await http().get('/notes?sort=text').expect(200)).body.notes).toHaveLength(1);
  });

  it.each([
    ['a NUL in a string', { text: 'a\u0000b' }, 'body.text'],
    ['a bell character', { text: 'a\u0007b' }, 'body.text'],
    ['an unpaired surrogate', { text: 'a\ud800b' }, 'body.text'],
    ['a NUL in a member name', { text: 'ok', 'we\u0000ight': 1 }, 'body'],
    ['a NUL deep in an array', { text: 'ok', tags: [['x', ['\u0000']]] }, 'body.tags.0.1.0'],
    ['a number JSON.parse turned into Infinity', '{"text":"ok","weight":1e400}', 'body.weight'],
    ['a number too large to keep exact', '{"text":"ok","weight":123456789012345678901234567890}', 'body.weight'],
    ['a negative number too large to keep exact', '{"text":"ok","weight":-9007199254740993}', 'body.weight'],
  ])('refuses %s in a JSON body with 400 naming where, before the key is checked', async (_what, body, path) => {
    const json = typeof body === 'string' ? body : JSON.stringify(body);
    await expectRefused(await http().post('/notes').set('Content-Type', 'application/json').send(json), 400, 'urn:nhsp:problem:validation', path);
    await expectRefused(await http().post('/notes').set(AUTH).set('Content-Type', 'application/json').send(json), 400, 'urn:nhsp:problem:validation', path);
  });

  it('refuses JSON nested deeper than 32 levels, even 40,000 deep', async () => {
    const deep = `{"text":"ok","weight":1,"x":${'['.repeat(40_000)}${']'.repeat(40_000)}}`;
    await expectRefused(await http().post('/notes').set(AUTH).set('Content-Type', 'application/json').send(deep), 400, 'urn:nhsp:problem:validation');
    const object = `{"text":"ok","x":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    await expectRefused(await http().post('/notes').set(AUTH).set('Content-Type', 'application/json').send(object), 400, 'urn:nhsp:problem:validation');
  });

  it('refuses a body over JSON_BODY_MAX_BYTES with 413, key or no key', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(150 * 1024) });
    await expectRefused(await http().post('/notes').set('Content-Type', 'application/json').send(big), 413, 'urn:nhsp:problem:body-too-large');
    await expectRefused(await http().post('/notes').set(AUTH).set('Content-Type', 'application/json').send(JSON.stringify({ text: 'y'.repeat(2 * 1024 * 1024) })), 413, 'urn:nhsp:problem:body-too-large');
  });

  it('refuses compressed bodies with 415 (a gzip bomb is never inflated) and bodies not in UTF-8', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"text":"'), Buffer.alloc(50 * 1024 * 1024, 0x61), Buffer.from('"}')]));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const gzip = await http().post('/notes').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(bomb);
    await expectRefused(gzip, 415, 'urn:nhsp:problem:unsupported-media-type');
    expect(gzip.headers['accept-encoding']).toBe('identity');
    for (const coding of ['br', 'deflate', 'gzip, identity', 'x-unknown']) {
      await expectRefused(await http().post('/notes').set(AUTH).set('Content-Type', 'application/json').set('Content-Encoding', coding).send('{"text":"ok"}'), 415, 'urn:nhsp:problem:unsupported-media-type');
    }
    await expectRefused(
      await http().post('/notes').set(AUTH).set('Content-Type', 'application/json; charset=utf-16').send(Buffer.from('{"text":"ok"}', 'utf16le')),
      415,
      'urn:nhsp:problem:unsupported-media-type',
    );
    await http().post('/notes').set(AUTH).set('Content-Encoding', 'identity').send({ text: 'plain' }).expect(201);
    await query(svc.database.url, "DELETE FROM edge_test.note WHERE text = 'plain'");
  });

  it('audits every refused write, whatever text it held', async () => {
    await http().post('/notes/%00abc').set(AUTH).expect(400);
    await http().post('/notes').set('Content-Type', 'application/json').send(JSON.stringify({ text: 'x'.repeat(200 * 1024) })).expect(413);
    // A multipart field passes no JSON check, and the refusal quotes it: the row is written all the same.
    await http().post('/notes/form').set(AUTH).field('note', 'hostile\u0000\u0007text').expect(422);
    await waitFor(async () => (await auditRows('/notes/form')).length === 1 && (await auditRows('/notes')).some((r) => r.status === 413), { description: 'audit rows' });
    const [nul] = await auditRows('/notes/%00abc');
    expect(nul).toMatchObject({ status: 400, detail: { credential: 'ADMIN_API_KEY', problem: { type: 'urn:nhsp:problem:validation' } } });
    const tooLarge = (await auditRows('/notes')).filter((r) => r.status === 413);
    expect(tooLarge.map((r) => r.detail)).toContainEqual({ credential: 'none', problem: expect.objectContaining({ type: 'urn:nhsp:problem:body-too-large' }) });
    const [form] = await auditRows('/notes/form');
    expect(form.detail.problem).toEqual({ type: 'urn:nhsp:problem:refused', detail: 'will not take note hostile\\u0000\\u0007text' });
    expect(await stored()).toBe(1);
  });

  it('still takes ordinary text: tabs and line breaks in a body, any language in a query', async () => {
    expect((await query(svc.database.url, 'SELECT text, weight FROM edge_test.note'))).toEqual([{ text: 'first\tline\nsecond line', weight: '2.5' }]);
    const welsh = await http().post('/notes').set(AUTH).send({ text: 'Ysbyty Gwynedd – Betsi Cadwaladr 🏥' }).expect(201);
    expect((await http().get(`/notes?text=${encodeURIComponent('Ysbyty Gwynedd – Betsi Cadwaladr 🏥')}`).expect(200)).body.notes).toEqual([{ id: welsh.body.id, text: 'Ysbyty Gwynedd – Betsi Cadwaladr 🏥' }]);
    await query(svc.database.url, 'DELETE FROM edge_test.note WHERE id = $1', [welsh.body.id]);
  });
});
