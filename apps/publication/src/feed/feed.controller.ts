import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { InjectConfig, Public } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { ReleasePublishing } from '../release-publishing';
import { matches } from '../representation';
import { toAtom } from './atom';
import { FeedRepository } from './feed.repository';
import { releaseFeed } from './release-feed';

/** The newest publications the feed lists (readers poll it; older ones are in /v1/releases). */
const ENTRIES = 100;

@ApiTags('releases')
@Controller('v1')
export class FeedController {
  constructor(
    private readonly repository: FeedRepository,
    private readonly releases: ReleasePublishing,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get('feed.atom')
  @Public()
  @ApiOperation({ summary: 'Atom 1.0 feed of releases and revisions: one entry per publication (first, revised and final figures) and per final revision of a year' })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ schema: { type: 'string', description: 'an Atom 1.0 feed document' } })
  async feed(@Req() req: Request, @Res() res: Response): Promise<void> {
    // Published only, whoever asks: a feed is public; a release due now is published first.
    await this.releases.publishOverdue();
    const body = toAtom(releaseFeed(await this.repository.published(ENTRIES), `${req.protocol}://${req.get('host')}`));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    res.set({ 'Content-Type': 'application/atom+xml; charset=utf-8', ETag: etag, 'Cache-Control': `public, max-age=${this.config.CACHE_MAX_AGE}`, Vary: 'Host' });
    if (matches(req.headers['if-none-match'], etag)) res.status(304).end();
    else res.status(200).send(body);
  }
}
