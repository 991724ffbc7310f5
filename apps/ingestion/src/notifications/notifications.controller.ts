import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { NOTIFICATION_CATEGORIES, NOTIFICATION_TEXT_MAX } from '@nhsp/data-contract';
import { assertOwnOrganisation, CurrentPrincipal, monthText, OwnOrganisation, OwnOrganisationCheckedInHandler, Principal, Roles, safeText } from '@nhsp/service-kit';
import { NotificationsService } from './notifications.service';

const orgCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{3,5}$/, 'must be an ODS organisation code (3 to 5 letters and digits)')
  .transform((code) => code.toUpperCase());
const month = z.string().trim().pipe(monthText());

const raiseSchema = z
  .object({
    orgCode,
    /** The month the notification concerns. */
    period: month,
    category: z.enum(NOTIFICATION_CATEGORIES),
    text: safeText({ lineBreaks: true }).trim().min(1, 'must not be empty').max(NOTIFICATION_TEXT_MAX),
  })
  .strict();
class RaiseNotificationDto extends createZodDto(raiseSchema) {}

class NotificationQueryDto extends createZodDto(z.object({ org: orgCode.optional(), period: month.optional() })) {}

@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** 201 with the new notification; 200 with the stored one when the same notification was raised before. A trust's submitter key raises its own. */
  @Post()
  @Roles('submitter')
  @OwnOrganisation('body.orgCode')
  @ApiOperation({ summary: 'Raise a trust\'s data notification (a submitter key for its own trust); 201 new, 200 raised before' })
  async raise(@Body() body: RaiseNotificationDto, @Res({ passthrough: true }) res: Response) {
    const input = body as z.infer<typeof raiseSchema>;
    const outcome = await this.notifications.raise({ orgCode: input.orgCode, month: input.period, category: input.category, text: input.text });
    res.status(outcome.duplicate ? 200 : 201);
    return outcome;
  }

  /**
   * Notifications of a trust and/or about a month (`period`), oldest month first, with their
   * status. A trust's submitter key sees its own organisation's only (its own by default).
   */
  @Get()
  @ApiOperation({ summary: 'Data notifications of a trust and/or a month (a submitter sees its own organisation only)' })
  @Roles('analyst', 'submitter')
  @OwnOrganisationCheckedInHandler()
  async list(@Query() query: NotificationQueryDto, @CurrentPrincipal() principal?: Principal) {
    const { period } = query as { org?: string; period?: string };
    let { org } = query as { org?: string };
    if (principal?.role === 'submitter') {
      if (org) assertOwnOrganisation(principal, [org], 'the list');
      if (!principal.orgCode) return { notifications: [] };
      org = principal.orgCode;
    }
    return { notifications: await this.notifications.list(org, period) };
  }
}
