import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, parseInstant } from '@nhsp/domain';
import { CurrentPrincipal, InjectConfig, Principal, Public, Roles, safeText } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { seesEmbargoed } from '../release.service';
import { badRequest, matches, notFound, optional, parsePeriod } from '../representation';
import { addMonths, monthOf } from './calendar-rule';
import { calendarIcs, calendarJson } from './calendar.presenter';
import { CalendarService } from './calendar.service';

const RELEASE = { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, period: { type: 'string' }, vintage: { type: 'string' }, status: { type: 'string' }, publish_at: { type: 'string', format: 'date-time', nullable: true }, published_at: { type: 'string', format: 'date-time', nullable: true } } };
const CALENDAR_SCHEMA = {
  type: 'object',
  description: 'JSON; as text/calendar an RFC 5545 VCALENDAR with one VEVENT per period',
  properties: {
    rule: { type: 'object', properties: { weekday: { type: 'string', example: 'Thursday' }, week_of_month: { type: 'integer', example: 2 }, local_time: { type: 'string', example: '09:30' }, time_zone: { type: 'string', example: 'Europe/London' }, months_after_period: { type: 'integer', example: 2 }, description: { type: 'string' } } },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          period: { type: 'string', example: '2026-10' }, release_at: { type: 'string', format: 'date-time' }, exception: { type: 'string', nullable: true },
          status: { type: 'string', enum: ['announced', 'published'] }, releases: { type: 'array', items: RELEASE },
        },
      },
    },
  },
};
const EXCEPTION_SCHEMA = { type: 'object', properties: { period: { type: 'string' }, release_at: { type: 'string', format: 'date-time' }, exception: { type: 'string' }, moved_releases: { type: 'array', items: { type: 'string', format: 'uuid' } } } };

/** Most periods one calendar answer spans (ten years). */
const MAX_PERIODS = 120;

@ApiTags('calendar')
@Controller('v1')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get('calendar')
  @Public()
  @ApiOperation({
    summary: 'The publication calendar: the announced release time of each period (rule and exceptions), the releases published on it, and (analyst keys and above) those scheduled for it; JSON or iCalendar (format=ics or Accept: text/calendar)',
  })
  @ApiProduces('application/json', 'text/calendar')
  @ApiQuery({ name: 'from', required: false, description: 'first period YYYY-MM (default: the period released about six months ago)' })
  @ApiQuery({ name: 'to', required: false, description: 'last period YYYY-MM (default: a year of announced dates ahead)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'ics'] })
  @ApiOkResponse({ schema: CALENDAR_SCHEMA })
  async get(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, string | undefined>, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = optional(q.format);
    if (format !== undefined && format !== 'json' && format !== 'ics') throw badRequest('format must be json or ics', 'format');
    const ics = format === 'ics' || (format === undefined && req.accepts(['application/json', 'text/calendar']) === 'text/calendar');
    await this.answer(req, res, q, ics, principal);
  }

  @Get('calendar.ics')
  @Public()
  @ApiOperation({ summary: 'The publication calendar as iCalendar (RFC 5545), for calendar subscriptions' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string', description: 'RFC 5545 VCALENDAR' } })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  async getIcs(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, string | undefined>, @CurrentPrincipal() principal?: Principal): Promise<void> {
    await this.answer(req, res, q, true, principal);
  }

  @Put('calendar/exceptions/:period')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: "Announce another release time for a period (with the reason); releases scheduled for the period's previous time move with it" })
  @ApiBody({ schema: { type: 'object', required: ['releaseAt', 'reason'], properties: { releaseAt: { type: 'string', format: 'date-time', example: '2026-12-17T09:30:00Z' }, reason: { type: 'string' } } } })
  @ApiOkResponse({ schema: EXCEPTION_SCHEMA })
  async putException(@Param('period') rawPeriod: string, @Body() body: { releaseAt?: unknown; reason?: unknown } | undefined) {
    const period = this.pathPeriod(rawPeriod);
    const releaseAt = this.releaseAtOf(body?.releaseAt);
    const reason = safeText({ lineBreaks: false }).trim().min(1).max(500).safeParse(body?.reason);
    if (!reason.success) throw badRequest('reason must be a text of 1 to 500 characters saying why the date moves', 'body.reason');
    const moved = await this.calendar.setException({ period, releaseAt, reason: reason.data });
    return { period, release_at: releaseAt.toISOString(), exception: reason.data, moved_releases: moved };
  }

  @Delete('calendar/exceptions/:period')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: "Withdraw a period's exception: its release time is the rule's again (scheduled releases move back)" })
  @ApiOkResponse({ schema: EXCEPTION_SCHEMA })
  async deleteException(@Param('period') rawPeriod: string) {
    const period = this.pathPeriod(rawPeriod);
    const moved = await this.calendar.removeException(period);
    if (moved === null) throw notFound(`period ${period} has no calendar exception`);
    return { period, moved_releases: moved };
  }

  private async answer(req: Request, res: Response, q: Record<string, string | undefined>, ics: boolean, principal?: Principal): Promise<void> {
    const rule = await this.calendar.rule();
    const lagged = addMonths(monthOf(new Date()), -rule.monthsAfterPeriod);
    const from = parsePeriod(rangeParam(q.from, 'from')) ?? addMonths(lagged, -6);
    const to = parsePeriod(rangeParam(q.to, 'to')) ?? addMonths(lagged, 12);
    if (from > to) throw badRequest(`from ${from} is after to ${to}`, 'from');
    if (addMonths(from, MAX_PERIODS - 1) < to) throw badRequest(`at most ${MAX_PERIODS} periods at once (from ${from} to ${to})`, 'to');
    const privileged = seesEmbargoed(principal);
    const view = await this.calendar.view(from, to, privileged);
    const body = ics
      ? calendarIcs(view, await this.calendar.lastModified(view))
      : JSON.stringify(calendarJson(view));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    res.set({
      ETag: etag,
      'Cache-Control': `${privileged || req.headers.authorization || req.headers['x-api-key'] ? 'private' : 'public'}, max-age=${this.config.CACHE_MAX_AGE}`,
      Vary: 'Accept, Authorization, X-API-Key',
      'Content-Type': ics ? 'text/calendar; charset=utf-8' : 'application/json; charset=utf-8',
      ...(ics ? { 'Content-Disposition': 'inline; filename="publication-calendar.ics"' } : {}),
    });
    if (matches(req.headers['if-none-match'], etag)) res.status(304).end();
    else res.status(200).send(body);
  }

  private pathPeriod(raw: string): string {
    try {
      return parsePeriod(raw)!;
    } catch {
      throw badRequest(`period must be a month YYYY-MM, got "${raw}"`, 'period');
    }
  }

  private releaseAtOf(raw: unknown): Date {
    let releaseAt: Date;
    try {
      if (typeof raw !== 'string') throw new DomainError('it is missing');
      releaseAt = parseInstant(raw);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw badRequest(`releaseAt must be an ISO 8601 date-time with a time zone, e.g. 2026-12-17T09:30:00Z: ${error.message}`, 'body.releaseAt');
    }
    if (releaseAt.getTime() <= Date.now()) throw badRequest(`releaseAt ${raw} is not in the future`, 'body.releaseAt');
    if (releaseAt.getTime() > Date.now() + this.config.EMBARGO_MAX_DAYS * 86_400_000) throw badRequest(`releaseAt ${raw} is more than ${this.config.EMBARGO_MAX_DAYS} days ahead (EMBARGO_MAX_DAYS)`, 'body.releaseAt');
    return releaseAt;
  }
}

function rangeParam(value: string | undefined, name: string): string | undefined {
  try {
    return parsePeriod(value) === undefined ? undefined : value;
  } catch {
    throw badRequest(`${name} must be a month YYYY-MM, got "${value}"`, name);
  }
}
