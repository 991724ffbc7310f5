// The steps of a notification's lifecycle (lifecycle.ts), each by the roles allowed to take it;
// every step is a write, so access.audit_log records it with the key, besides the notification's
// own history (notification_event).
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CurrentPrincipal, invalidRequest, OwnOrganisationCheckedInHandler, Principal, Roles, safeText } from '@nhsp/service-kit';
import { NotificationLifecycleService } from './notification-lifecycle.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const note = safeText({ lineBreaks: true }).trim().min(1, 'must not be empty').max(2000);

class OptionalNoteDto extends createZodDto(z.object({ note: note.optional() }).strict()) {}
class AnalystNoteDto extends createZodDto(z.object({ note }).strict()) {}
class ReasonDto extends createZodDto(z.object({ reason: note }).strict()) {}

function idOf(raw: string): string {
  if (!UUID.test(raw)) throw invalidRequest(`notification id must be a UUID, got "${raw}"`, [{ path: ['id'], message: 'must be a UUID', code: 'invalid_string' }]);
  return raw;
}

@Controller('notifications')
export class NotificationLifecycleController {
  constructor(private readonly lifecycle: NotificationLifecycleService) {}

  /** One notification with its status and history; a submitter sees its own trust's only. */
  @Get(':id')
  @ApiOperation({ summary: 'One data notification with its status and history (a submitter: its own trust\'s only)' })
  @Roles('analyst', 'submitter')
  @OwnOrganisationCheckedInHandler()
  get(@Param('id') id: string, @CurrentPrincipal() principal?: Principal) {
    return this.lifecycle.get(idOf(id), principal);
  }

  /** raised → under_review (analyst). */
  @Post(':id/review')
  @ApiOperation({ summary: 'Take a raised notification under review (analyst)' })
  @Roles('analyst')
  @HttpCode(200)
  review(@Param('id') id: string, @Body() body: OptionalNoteDto, @CurrentPrincipal() principal?: Principal) {
    return this.lifecycle.step(idOf(id), 'review', principal, (body as { note?: string }).note ?? null);
  }

  /** under_review → accepted, with the analyst's note (the estimates keep TRUST_NOTIFICATION). */
  @Post(':id/accept')
  @ApiOperation({ summary: 'Accept a notification under review, with the analyst\'s note (analyst)' })
  @Roles('analyst')
  @HttpCode(200)
  accept(@Param('id') id: string, @Body() body: AnalystNoteDto, @CurrentPrincipal() principal?: Principal) {
    return this.lifecycle.step(idOf(id), 'accept', principal, (body as { note: string }).note);
  }

  /** under_review → declined, with the reason (the periods are re-run without it). */
  @Post(':id/decline')
  @ApiOperation({ summary: 'Decline a notification under review, with the reason (analyst)' })
  @Roles('analyst')
  @HttpCode(200)
  decline(@Param('id') id: string, @Body() body: ReasonDto, @CurrentPrincipal() principal?: Principal) {
    return this.lifecycle.step(idOf(id), 'decline', principal, (body as { reason: string }).reason);
  }

  /** raised or under_review → resolved, by the trust once it has resubmitted the month. */
  @Post(':id/resolve')
  @ApiOperation({ summary: 'Resolve a notification by the trust\'s resubmission of the month (the trust\'s submitter)' })
  @Roles('submitter')
  @OwnOrganisationCheckedInHandler()
  @HttpCode(200)
  resolve(@Param('id') id: string, @Body() body: OptionalNoteDto, @CurrentPrincipal() principal?: Principal) {
    return this.lifecycle.step(idOf(id), 'resolve', principal, (body as { note?: string }).note ?? null);
  }
}
