// A small app on the kit: a zod-validated body, an entity registered through the persistence
// registry (its migration runs at start-up), problem details for every kind of error.
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { createZodDto } from 'nestjs-zod';
import request from 'supertest';
import { Column, Entity, MigrationInterface, PrimaryGeneratedColumn, QueryRunner, Repository } from 'typeorm';
import { z } from 'zod';
import { baseSchema, SchemaRegistration } from '@nhsp/persistence';
import { startTestService, TestService } from '@nhsp/testing';
import { accessRegistration, BaseConfig, InjectConfig, ProblemException } from '../src';

@Entity({ schema: 'kit_test', name: 'notes' })
class Note {
  @PrimaryGeneratedColumn() id!: number;
  @Column() noteText!: string;
}

class CreateKitTest1763800000500 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query('CREATE SCHEMA kit_test');
    await q.query('CREATE TABLE kit_test.notes (id serial PRIMARY KEY, note_text text NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP SCHEMA kit_test CASCADE');
  }
}

const registrations: SchemaRegistration[] = [
  baseSchema,
  accessRegistration,
  { schema: 'kit_test', entities: [Note], migrations: [CreateKitTest1763800000500] },
];

class CreateNoteDto extends createZodDto(z.object({ text: z.string().min(3), tags: z.array(z.string()).max(2) })) {}

@Controller('notes')
class NotesController {
  constructor(
    @InjectRepository(Note) private readonly notes: Repository<Note>,
    @InjectConfig() private readonly config: BaseConfig,
  ) {}

  @Post()
  create(@Body() body: CreateNoteDto) {
    return this.notes.save({ noteText: body.text });
  }

  @Get()
  async list() {
    return { backend: this.config.QUEUE_BACKEND, notes: await this.notes.find() };
  }

  @Get('teapot')
  teapot() {
    throw new ProblemException({ type: 'urn:nhsp:problem:teapot', status: 418, detail: 'short and stout' });
  }

  @Get('boom')
  boom() {
    throw new Error('secret internals');
  }
}

@Module({ imports: [TypeOrmModule.forFeature([Note])], controllers: [NotesController] })
class NotesModule {}

// Undecorated endpoints need analyst (reads) or admin (writes): the bootstrap admin key does both.
const ADMIN_KEY = 'kit-test-admin-key-0123456789';

describe('service-kit app', () => {
  let svc: TestService;
  const http = () => request.agent(svc.app.getHttpServer()).set('Authorization', `Bearer ${ADMIN_KEY}`);

  beforeAll(async () => {
    svc = await startTestService({
      name: 'kit-test',
      module: NotesModule,
      queues: [],
      registrations,
      schemas: ['kit_test'],
      role: 'api',
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
  });
  afterAll(() => svc?.stop());

  it('listens on loopback only when HOST is not set', () => {
    expect(svc.env.HOST).toBeUndefined();
    expect(svc.app.getHttpServer().address()).toMatchObject({ address: '127.0.0.1' });
    expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('validates bodies with zod and answers problem details naming each field', async () => {
    const res = await http().post('/notes').send({ text: 'no', tags: ['a', 'b', 'c'] }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'urn:nhsp:problem:validation', status: 400, instance: '/notes' });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['text', 'tags']);
  });

  it('stores through the registered entity (migration applied at start, snake_case columns)', async () => {
    await http().post('/notes').send({ text: 'hello', tags: [] }).expect(201);
    const res = await http().get('/notes').expect(200);
    expect(res.body).toEqual({ backend: svc.env.QUEUE_BACKEND, notes: [{ id: 1, noteText: 'hello' }] });
  });

  it('keeps custom problem types and hides internals of unexpected errors', async () => {
    const teapot = await http().get('/notes/teapot').expect(418);
    expect(teapot.body).toEqual({
      type: 'urn:nhsp:problem:teapot',
      title: "I'm a Teapot",
      status: 418,
      detail: 'short and stout',
      instance: '/notes/teapot',
    });
    const boom = await http().get('/notes/boom').set('X-Request-Id', 'req-123').expect(500);
    expect(boom.headers['x-request-id']).toBe('req-123');
    expect(boom.body).toMatchObject({ status: 500, title: 'Internal Server Error', requestId: 'req-123' });
    expect(JSON.stringify(boom.body)).not.toContain('secret internals');
  });
});
