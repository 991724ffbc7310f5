// /v1/calendar: the query and body checked here (calendar.query.ts, request-params.ts), the
// calendar and its exceptions from CalendarService, the bytes and their ETag from the presenter.
import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, InjectConfig, Principal, Public, Roles } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { seesEmbargoed } from '../release-visibility';
import { badRequest, notFound, optional } from '../representation';
import { futureInstant } from '../request-params';
import { Answer } from '../route.decorators';
import { exceptionReason, pathPeriod, rangeParam } from './calendar.query';
import { CALENDAR_SCHEMA, EXCEPTION_BODY_SCHEMA, EXCEPTION_SCHEMA } from './calendar.schemas';
import { sendCalendar } from './calendar.presenter';
import { CalendarService } from './calendar.service';

type Q = Record<string, string | undefined>;

@ApiTags('calendar')
@Controller('v1')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get('calendar')
  @Public()
  @Answer('The publication calendar: the announced release time of each period (rule and exceptions), the releases published on it, and (analyst keys and above) those scheduled for it; JSON or iCalendar (format=ics or Accept: text/calendar)', {
    produces: ['application/json', 'text/calendar'],
    queries: [
      { name: 'from', description: 'first period YYYY-MM (default: the period released about six months ago)' },
      { name: 'to', description: 'last period YYYY-MM (default: a year of announced dates ahead)' },
      { name: 'format', enum: ['json', 'ics'] },
    ],
    schema: CALENDAR_SCHEMA,
  })
  async get(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = optional(q.format);
    if (format !== undefined && format !== 'json' && format !== 'ics') throw badRequest('format must be json or ics', 'format');
    const ics = format === 'ics' || (format === undefined && req.accepts(['application/json', 'text/calendar']) === 'text/calendar');
    await this.answer(req, res, q, ics, principal);
  }

  @Get('calendar.ics')
  @Public()
  @Answer('The publication calendar as iCalendar (RFC 5545), for calendar subscriptions', {
    produces: ['text/calendar'], queries: [{ name: 'from' }, { name: 'to' }], schema: { type: 'string', description: 'RFC 5545 VCALENDAR' },
  })
  async getIcs(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    await this.answer(req, res, q, true, principal);
  }

  @Put('calendar/exceptions/:period')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: "Announce another release time for a period (with the reason); releases scheduled for the period's previous time move with it" })
  @ApiBody({ schema: EXCEPTION_BODY_SCHEMA })
  @ApiOkResponse({ schema: EXCEPTION_SCHEMA })
  async putException(@Param('period') rawPeriod: string, @Body() body: { releaseAt?: unknown; reason?: unknown } | undefined) {
    const period = pathPeriod(rawPeriod);
    const releaseAt = futureInstant(body?.releaseAt, { field: 'releaseAt', example: '2026-12-17T09:30:00Z', maxDays: this.config.EMBARGO_MAX_DAYS });
    const reason = exceptionReason(body?.reason);
    const moved = await this.calendar.setException({ period, releaseAt, reason });
    return { period, release_at: releaseAt.toISOString(), exception: reason, moved_releases: moved };
  }

  @Delete('calendar/exceptions/:period')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: "Withdraw a period's exception: its release time is the rule's again (scheduled releases move back)" })
  @ApiOkResponse({ schema: EXCEPTION_SCHEMA })
  async deleteException(@Param('period') rawPeriod: string) {
    const period = pathPeriod(rawPeriod);
    const moved = await this.calendar.removeException(period);
    if (moved === null) throw notFound(`period ${period} has no calendar exception`);
    return { period, moved_releases: moved };
  }

  private async answer(req: Request, res: Response, q: Q, ics: boolean, principal?: Principal): Promise<void> {
    const range = { from: rangeParam(q.from, 'from'), to: rangeParam(q.to, 'to') };
    const privileged = seesEmbargoed(principal);
    const body = await this.calendar.document(range, ics, privileged);
    sendCalendar(req, res, body, { ics, privileged, maxAge: this.config.CACHE_MAX_AGE });
  }
}
