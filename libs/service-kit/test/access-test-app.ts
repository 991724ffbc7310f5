// A small app with one endpoint per access rule, shared by the access specs.
import { Body, Controller, Delete, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
import { Client } from 'pg';
import supertest from 'supertest';
import { baseSchema } from '@nhsp/persistence';
import { startTestService, StartTestServiceOptions, TestService } from '@nhsp/testing';
import {
  accessRegistration,
  assertOwnOrganisation,
  CurrentPrincipal,
  OwnOrganisation,
  OwnOrganisationCheckedInHandler,
  Principal,
  Public,
  Roles,
} from '../src';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const TEST_QUEUE = 'access-test';

/** What the handlers did, so a test can prove a refused request changed nothing. */
export class Effects {
  readonly published: string[] = [];
  readonly notifications: string[] = [];
  readonly uploadedRows: string[] = [];
  readonly runs: number[] = [];
}

@Controller('releases')
class ReleasesController {
  constructor(private readonly effects: Effects) {}

  @Get('published')
  @Public()
  published(@CurrentPrincipal() principal?: Principal) {
    return { releases: ['2025-06'], role: principal?.role ?? null };
  }

  /** Naming `public` among the roles opens the endpoint, as @Public() does. */
  @Get('catalogue')
  @Roles('public', 'analyst')
  catalogue() {
    return { releases: ['2025-06'] };
  }

  /** No decorator: a read, so analyst by default. */
  @Get('drafts')
  drafts() {
    return { releases: ['2025-07-draft'] };
  }

  @Post(':id/publish')
  @Roles('publisher')
  @HttpCode(200)
  publish(@Param('id') id: string) {
    this.effects.published.push(id);
    return { id, status: 'published' };
  }

  /** No decorator: a write, so admin by default. */
  @Delete(':id')
  remove(@Param('id') id: string) {
    return { id, status: 'deleted' };
  }
}

@Controller('runs')
class RunsController {
  constructor(private readonly effects: Effects) {}

  @Get()
  list() {
    return { runs: this.effects.runs };
  }

  /** No decorator: admin. */
  @Post()
  create() {
    const id = this.effects.runs.length + 1;
    this.effects.runs.push(id);
    return { id };
  }
}

@Controller()
class SubmissionsController {
  constructor(private readonly effects: Effects) {}

  @Post('notifications')
  @Roles('submitter')
  @OwnOrganisation('body.orgCode')
  notify(@Body() body: { orgCode: string; note: string }) {
    this.effects.notifications.push(`${body.orgCode}:${body.note}`);
    return { id: `n-${this.effects.notifications.length}` };
  }

  /** The organisations are inside the payload, as in an uploaded file. */
  @Post('uploads')
  @Roles('submitter')
  @OwnOrganisationCheckedInHandler()
  upload(@Body() body: { rows: Array<{ orgCode: string }> }, @CurrentPrincipal() principal: Principal) {
    assertOwnOrganisation(principal, body.rows.map((r) => r.orgCode), 'the upload');
    this.effects.uploadedRows.push(...body.rows.map((r) => r.orgCode));
    return { stored: body.rows.length };
  }

  /** Submitters allowed, but no organisation declared: the guard must refuse them. */
  @Post('unscoped')
  @Roles('submitter')
  unscoped() {
    return { ok: true };
  }
}

@Module({ controllers: [ReleasesController, RunsController, SubmissionsController], providers: [Effects] })
export class AccessTestModule {}

/** Organisations of the stand-in trust list: submitter keys can be made for these only. */
export const KNOWN_ORGANISATIONS = ['RXF', 'RR8'];

export async function startAccessTestService(options: Partial<StartTestServiceOptions> = {}): Promise<TestService> {
  const svc = await startTestService({
    name: 'access-test',
    module: AccessTestModule,
    queues: [TEST_QUEUE],
    registrations: [baseSchema, accessRegistration],
    schemas: [],
    role: 'api',
    queueDashboard: true,
    ...options,
    env: { ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ...options.env },
  });
  // A stand-in for ingestion's view of trusts.csv, which the key API checks submitter keys against.
  await query(svc.database.url, 'CREATE TABLE IF NOT EXISTS ingestion.v_trusts (org_code text PRIMARY KEY)');
  await query(svc.database.url, 'INSERT INTO ingestion.v_trusts SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [KNOWN_ORGANISATIONS]);
  return svc;
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Creates a key through the admin API; returns its id and the key text (shown once). */
export async function createKey(svc: TestService, body: { name: string; role: string; orgCode?: string }) {
  const res = await supertest(svc.app.getHttpServer()).post('/admin/api-keys').set(bearer(ADMIN_KEY)).send(body).expect(201);
  return { id: res.body.id as string, key: res.body.key as string, body: res.body };
}

export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
