import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ReleaseEntity } from '@nhsp/persistence';
import { CurrentPrincipal, InjectConfig, Principal, Public, Roles, roleSatisfies } from '@nhsp/service-kit';
import { PublicationConfig } from './config';
import { ReleaseService } from './release.service';
import { badRequest, negotiate, notFound, optional, parsePaging, parsePeriod, send } from './representation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['draft', 'scheduled', 'published', 'superseded'];
/** Releases anyone may see; drafts and scheduled ones are for analysts and publishers. */
const OPEN_STATUSES = ['published', 'superseded'];

function seesDrafts(principal: Principal | undefined): boolean {
  return principal !== undefined && roleSatisfies(principal.role, ['analyst']);
}

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
    ...(withManifest ? { manifest: r.manifest } : {}),
  };
}

@ApiTags('releases')
@Controller('v1/releases')
export class ReleasesController {
  constructor(
    private readonly releases: ReleaseService,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Releases, latest first (drafts only with an analyst or publisher key)' })
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query() q: Record<string, string | undefined>,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<void> {
    const format = negotiate(req, optional(q.format), false);
    const status = optional(q.status);
    if (status && !STATUSES.includes(status)) throw badRequest(`status must be one of ${STATUSES.join(', ')}`, 'status');
    const page = parsePaging(q, format, 1000);
    const statuses = status ? [status] : seesDrafts(principal) ? STATUSES : OPEN_STATUSES;
    const visible = statuses.filter((s) => seesDrafts(principal) || OPEN_STATUSES.includes(s));
    const [rows, total] = await this.releases.list({ limit: page.limit!, offset: page.offset }, { period: parsePeriod(q.period), statuses: visible });
    send(req, res, {
      format,
      json: { total, limit: page.limit, offset: page.offset, items: rows.map((r) => releaseJson(r, false)) },
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  @Get('latest')
  @Public()
  @ApiOperation({ summary: 'The published release of the latest period' })
  async latest(@Req() req: Request, @Res() res: Response): Promise<void> {
    const release = await this.releases.published();
    if (!release) throw notFound('No release has been published yet');
    send(req, res, { format: 'json', json: releaseJson(release), maxAge: this.config.CACHE_MAX_AGE });
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One release with its manifest (run, settings, inputs, weight and deflator sets, code version)' })
  async one(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const release = await this.findOrFail(id);
    // A draft is not there for the public (404, not 403: its existence is not announced).
    if (!OPEN_STATUSES.includes(release.status) && !seesDrafts(principal)) throw notFound(`No release ${id}`);
    send(req, res, { format: 'json', json: releaseJson(release), maxAge: this.config.CACHE_MAX_AGE });
  }

  @Post(':id/publish')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft release (when AUTO_PUBLISH=false); supersedes the period\'s published release' })
  async publish(@Param('id') id: string) {
    const release = await this.findOrFail(id);
    return releaseJson(await this.releases.publish(release.id));
  }

  private async findOrFail(id: string): Promise<ReleaseEntity> {
    if (!UUID.test(id)) throw badRequest(`release id must be a UUID, got "${id}"`, 'id');
    const release = await this.releases.find(id);
    if (!release) throw notFound(`No release ${id}`);
    return release;
  }
}
