// /v1/releases: HTTP in, ReleaseAnswers out. The answers, the visibility rule and the
// publication itself are providers' (release-answers.ts, release-visibility.ts, release-publishing.ts).
import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Public, Roles } from '@nhsp/service-kit';
import { PATTERNS, PublishDueV1 } from '@nhsp/queue';
import { Answers } from './answers';
import { ReleaseAnswers } from './release-answers';
import { ReleasePublishing } from './release-publishing';
import { MANIFEST_SCHEMA, RELEASE_LIST_SCHEMA, RELEASE_SCHEMA, SCHEDULE_BODY_SCHEMA, STATUSES } from './releases.presenter';
import { badRequest, negotiate, optional, parsePaging, parsePeriod } from './representation';
import { Answer, FORMAT_JSON_CSV, LIMIT, OFFSET } from './route.decorators';

@ApiTags('releases')
@Controller('v1/releases')
export class ReleasesController {
  private readonly logger = new Logger(ReleasesController.name);

  constructor(
    private readonly publishing: ReleasePublishing,
    private readonly answers: ReleaseAnswers,
    private readonly reply: Answers,
  ) {}

  @EventPattern(PATTERNS.publishDue)
  async onPublishDue(@Payload() job: PublishDueV1): Promise<void> {
    const release = await this.publishing.publishDue(job);
    this.logger.log(`scheduled publication of ${job.releaseId} at ${job.publishAt}: release is ${release.status}`);
  }

  @Get()
  @Public()
  @Answer('Releases, latest first (drafts and scheduled ones only with an analyst, publisher or admin key); JSON or CSV', {
    produces: ['application/json', 'text/csv'],
    queries: [{ name: 'period' }, { name: 'status', enum: STATUSES }, FORMAT_JSON_CSV, LIMIT, OFFSET],
    schema: RELEASE_LIST_SCHEMA,
  })
  async list(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, string | undefined>, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const status = optional(q.status);
    if (status && !STATUSES.includes(status)) throw badRequest(`status must be one of ${STATUSES.join(', ')}`, 'status');
    const page = parsePaging({ ...q, limit: q.limit || '100' }, format, 1000);
    const filter = { period: parsePeriod(q.period), statuses: status ? [status] : STATUSES };
    this.reply.send(req, res, format, await this.answers.list(page, filter, principal));
  }

  @Get('latest')
  @Public()
  @Answer('The release of the latest period (the published one; a key holder sees the newest, embargoed or not)', { schema: RELEASE_SCHEMA })
  async latest(@Req() req: Request, @Res() res: Response, @CurrentPrincipal() principal?: Principal): Promise<void> {
    this.reply.send(req, res, 'json', { json: await this.answers.one(undefined, principal) });
  }

  @Get(':id')
  @Public()
  @Answer('One release with its manifest\'s summary (run, settings, weight and deflator sets, code version, counts; the inputs are at /v1/releases/{id}/manifest)', { schema: RELEASE_SCHEMA })
  async one(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    this.reply.send(req, res, 'json', { json: await this.answers.one(id, principal) });
  }

  @Get(':id/manifest')
  @Public()
  @Answer("A release's whole manifest: settings, weight and deflator sets, and the run's inputs (every batch and submission hash, notifications, trust list)", { schema: MANIFEST_SCHEMA })
  async manifest(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    this.reply.send(req, res, 'json', { json: await this.answers.manifest(id, principal) });
  }

  @Post(':id/publish')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft or scheduled release now; supersedes the period\'s published release in the same transaction' })
  @ApiOkResponse({ schema: RELEASE_SCHEMA })
  publish(@Param('id') id: string) {
    return this.answers.publish(id);
  }

  @Post(':id/schedule')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: 'Embargo: publish a draft (or reschedule a scheduled release) at publishAt; hidden from the public until then' })
  @ApiBody({ schema: SCHEDULE_BODY_SCHEMA })
  @ApiOkResponse({ schema: RELEASE_SCHEMA })
  schedule(@Param('id') id: string, @Body() body: { publishAt?: unknown } | undefined) {
    return this.answers.schedule(id, body?.publishAt);
  }
}
