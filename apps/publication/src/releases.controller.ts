import { Body, Controller, Get, HttpCode, Logger, OnApplicationBootstrap, Param, Post, Query, Req, Res } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ReleaseEntity } from '@nhsp/persistence';
import { CurrentPrincipal, InjectConfig, Principal, ProblemException, Public, Roles } from '@nhsp/service-kit';
import { tableToCsv } from '@nhsp/data-contract';
import { DomainError, parseInstant } from '@nhsp/domain';
import { PATTERNS, PublishDueV1 } from '@nhsp/queue';
import { PublicationConfig } from './config';
import { ReleaseService, ReleaseStateError, seesEmbargoed } from './release.service';
import { badRequest, negotiate, notFound, optional, parsePaging, parsePeriod, send } from './representation';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['draft', 'scheduled', 'published', 'superseded'];
const str = { type: 'string' };

const RELEASE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    run_id: { type: 'string' },
    period: { type: 'string', example: '2026-03' },
    vintage: { type: 'string' },
    status: { type: 'string', enum: STATUSES },
    publish_at: { type: 'string', format: 'date-time', nullable: true },
    created_at: { type: 'string', format: 'date-time' },
    published_at: { type: 'string', format: 'date-time', nullable: true },
    superseded_at: { type: 'string', format: 'date-time', nullable: true },
    manifest: {
      type: 'object',
      description: 'runId, period, vintage, settings, inputFingerprint, runCreatedAt, weightSet, deflatorSet, codeVersion, counts; the run\'s inputs (every batch and submission hash) are at inputsUrl',
      required: ['runId', 'period', 'vintage', 'codeVersion', 'counts', 'inputsUrl'],
      properties: {
        runId: { type: 'string' }, period: { type: 'string' }, vintage: { type: 'string' }, settings: { type: 'object' },
        inputFingerprint: { type: 'string', nullable: true }, runCreatedAt: { type: 'string' }, weightSet: { type: 'object', nullable: true },
        deflatorSet: { type: 'object', nullable: true }, codeVersion: { type: 'string' },
        counts: {
          type: 'object',
          description: 'rows of the run in each view; the plan and pack rows copied into the release (releases assembled before them have none)',
          required: ['estimates', 'aggregates', 'benchmarks'],
          properties: Object.fromEntries(['estimates', 'aggregates', 'benchmarks', 'targets', 'index', 'stability', 'sensitivity', 'opportunities', 'indicators'].map((n) => [n, { type: 'integer' }])),
        },
        inputsUrl: { type: 'string', example: '/v1/releases/3f0c…/manifest' },
      },
    },
  },
  // The manifest is in answers about one release, not in lists.
  required: ['id', 'run_id', 'period', 'vintage', 'status', 'publish_at', 'created_at', 'published_at', 'superseded_at'],
};
const MANIFEST_SCHEMA = {
  type: 'object',
  properties: {
    release_id: { type: 'string', format: 'uuid' }, run_id: str, period: str, vintage: str,
    manifest: { type: 'object', description: 'the whole manifest: the summary of /v1/releases/{id} and the run\'s inputs (batch ids, submission hashes per org and month, notifications, trust list)' },
  },
};
const RELEASE_CSV_HEADER = ['id', 'run_id', 'period', 'vintage', 'status', 'publish_at', 'created_at', 'published_at', 'superseded_at'];

export function releaseJson(r: ReleaseEntity, withManifest = true) {
  return {
    id: r.id,
    run_id: r.runId,
    period: r.period,
    vintage: r.vintage,
    status: r.status,
    publish_at: r.publishAt,
    created_at: r.createdAt,
    published_at: r.publishedAt,
    superseded_at: r.supersededAt,
    ...(withManifest ? { manifest: manifestSummary(r) } : {}),
  };
}

/**
 * The manifest without the run's inputs: they list every batch and submission hash (hundreds
 * of KB for a national run), which a reader of the release rarely wants; GET
 * /v1/releases/:id/manifest serves them.
 */
export function manifestSummary(r: ReleaseEntity): Record<string, unknown> {
  const { inputs: _inputs, ...summary } = (r.manifest ?? {}) as unknown as Record<string, unknown>;
  return { ...summary, inputsUrl: `/v1/releases/${r.id}/manifest` };
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

@ApiTags('releases')
@Controller('v1/releases')
export class ReleasesController implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReleasesController.name);

  constructor(
    private readonly releases: ReleaseService,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  /** A scheduled release whose job was lost (queue emptied, enqueue failed) gets it again. */
  async onApplicationBootstrap(): Promise<void> {
    const n = await this.releases.enqueueScheduled().catch((error: Error) => {
      this.logger.warn(`scheduled publications not re-enqueued: ${error.message}`);
      return 0;
    });
    if (n > 0) this.logger.log(`${n} scheduled publication(s) enqueued`);
  }

  @EventPattern(PATTERNS.publishDue)
  async onPublishDue(@Payload() job: PublishDueV1): Promise<void> {
    const release = await this.releases.publishDue(job);
    this.logger.log(`scheduled publication of ${job.releaseId} at ${job.publishAt}: release is ${release.status}`);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Releases, latest first (drafts and scheduled ones only with an analyst, publisher or admin key); JSON or CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ schema: { type: 'object', properties: { total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, items: { type: 'array', items: RELEASE_SCHEMA } } } })
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query() q: Record<string, string | undefined>,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const status = optional(q.status);
    if (status && !STATUSES.includes(status)) throw badRequest(`status must be one of ${STATUSES.join(', ')}`, 'status');
    const page = parsePaging({ ...q, limit: q.limit || '100' }, format, 1000);
    await this.releases.publishOverdue();
    const [rows, total] = await this.releases.list(
      { limit: page.limit!, offset: page.offset },
      { period: parsePeriod(q.period), statuses: status ? [status] : STATUSES, publicOnly: !seesEmbargoed(principal) },
    );
    send(req, res, {
      format,
      json: { total, limit: page.limit, offset: page.offset, items: rows.map((r) => releaseJson(r, false)) },
      csv: () => tableToCsv({ header: RELEASE_CSV_HEADER, rows: rows.map((r) => [r.id, r.runId, r.period, r.vintage, r.status, iso(r.publishAt), iso(r.createdAt), iso(r.publishedAt), iso(r.supersededAt)]) }),
      filename: 'releases.csv',
      total,
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  @Get('latest')
  @Public()
  @ApiOperation({ summary: 'The release of the latest period (the published one; a key holder sees the newest, embargoed or not)' })
  @ApiOkResponse({ schema: RELEASE_SCHEMA })
  async latest(@Req() req: Request, @Res() res: Response, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const release = await this.releases.visibleRelease({}, principal);
    if (!release) throw notFound('No release has been published yet');
    send(req, res, { format: 'json', json: releaseJson(release), maxAge: this.config.CACHE_MAX_AGE });
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One release with its manifest\'s summary (run, settings, weight and deflator sets, code version, counts; the inputs are at /v1/releases/{id}/manifest)' })
  @ApiOkResponse({ schema: RELEASE_SCHEMA })
  async one(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    if (!UUID.test(id)) throw badRequest(`release id must be a UUID, got "${id}"`, 'id');
    // An embargoed release is not there for the public (404, not 403: its existence is not announced).
    const release = await this.releases.visibleRelease({ releaseId: id }, principal);
    if (!release) throw notFound(`No release ${id}`);
    send(req, res, { format: 'json', json: releaseJson(release), maxAge: this.config.CACHE_MAX_AGE });
  }

  @Get(':id/manifest')
  @Public()
  @ApiOperation({ summary: "A release's whole manifest: settings, weight and deflator sets, and the run's inputs (every batch and submission hash, notifications, trust list)" })
  @ApiOkResponse({ schema: MANIFEST_SCHEMA })
  async manifest(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    if (!UUID.test(id)) throw badRequest(`release id must be a UUID, got "${id}"`, 'id');
    const release = await this.releases.visibleRelease({ releaseId: id }, principal);
    if (!release) throw notFound(`No release ${id}`);
    const json = { release_id: release.id, run_id: release.runId, period: release.period, vintage: release.vintage, manifest: release.manifest };
    send(req, res, { format: 'json', json, maxAge: this.config.CACHE_MAX_AGE });
  }

  @Post(':id/publish')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft or scheduled release now; supersedes the period\'s published release in the same transaction' })
  @ApiOkResponse({ schema: RELEASE_SCHEMA })
  async publish(@Param('id') id: string) {
    const release = await this.findOrFail(id);
    return releaseJson(await this.releases.publish(release.id));
  }

  @Post(':id/schedule')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: 'Embargo: publish a draft (or reschedule a scheduled release) at publishAt; hidden from the public until then' })
  @ApiBody({ schema: { type: 'object', required: ['publishAt'], properties: { publishAt: { type: 'string', format: 'date-time', example: '2026-04-09T09:30:00Z' } } } })
  @ApiOkResponse({ schema: RELEASE_SCHEMA })
  async schedule(@Param('id') id: string, @Body() body: { publishAt?: unknown } | undefined) {
    if (!UUID.test(id)) throw badRequest(`release id must be a UUID, got "${id}"`, 'id');
    // The request is checked whole before anything is looked up.
    const publishAt = this.publishAtOf(body?.publishAt, id);
    const release = await this.findOrFail(id);
    try {
      return releaseJson(await this.releases.schedule(release.id, publishAt));
    } catch (error) {
      if (error instanceof ReleaseStateError) throw conflict(error.message);
      throw error;
    }
  }

  /**
   * publishAt read strictly (parseInstant: a time zone, a day the calendar has) and bounded: in
   * the future, and at most EMBARGO_MAX_DAYS ahead.
   */
  private publishAtOf(raw: unknown, id: string): Date {
    let publishAt: Date;
    try {
      if (typeof raw !== 'string') throw new DomainError('it is missing');
      publishAt = parseInstant(raw);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw badRequest(`publishAt must be an ISO 8601 date-time with a time zone, e.g. 2026-04-09T09:30:00Z: ${error.message}`, 'body.publishAt');
    }
    if (publishAt.getTime() <= Date.now()) throw badRequest(`publishAt ${raw} is not in the future; POST /v1/releases/${id}/publish publishes now`, 'body.publishAt');
    const latest = Date.now() + this.config.EMBARGO_MAX_DAYS * 86_400_000;
    if (publishAt.getTime() > latest) throw badRequest(`publishAt ${raw} is more than ${this.config.EMBARGO_MAX_DAYS} days ahead (EMBARGO_MAX_DAYS)`, 'body.publishAt');
    return publishAt;
  }

  private async findOrFail(id: string): Promise<ReleaseEntity> {
    if (!UUID.test(id)) throw badRequest(`release id must be a UUID, got "${id}"`, 'id');
    const release = await this.releases.find(id);
    if (!release) throw notFound(`No release ${id}`);
    return release;
  }
}

function conflict(detail: string): ProblemException {
  return new ProblemException({ type: 'urn:nhsp:problem:conflict', title: 'Conflict', status: 409, detail });
}
