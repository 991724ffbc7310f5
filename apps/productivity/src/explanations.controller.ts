import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { monthText } from '@nhsp/service-kit';
import { ExplanationService } from './explanation.service';

class PeriodQueryDto extends createZodDto(z.object({ period: monthText() })) {}

@Controller()
export class ExplanationsController {
  constructor(private readonly explanations: ExplanationService) {}

  /** What moved a trust's number in one run. */
  @Get('runs/:id/estimates/:org/explanation')
  @ApiOperation({ summary: 'What moved a trust\'s number in one run' })
  forRun(@Param('id', ParseUUIDPipe) id: string, @Param('org') org: string) {
    return this.explanations.explain(id, org);
  }

  /** The same, from the latest run (vintage) of a period. */
  @Get('explanations/:org')
  @ApiOperation({ summary: 'What moved a trust\'s number in the latest run of a period' })
  latest(@Param('org') org: string, @Query() query: PeriodQueryDto) {
    return this.explanations.latest(org, (query as { period: string }).period);
  }
}
