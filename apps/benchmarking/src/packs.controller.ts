// A run's opportunity packs and key indicators, as stored with its benchmarks.
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AGGREGATE_LEVELS, PACK_METRICS } from '@nhsp/methodology';
import { PacksService } from './packs.service';

const orgCode = z.string().trim().regex(/^[A-Za-z0-9]{3,5}$/, 'an ODS organisation code');
class OpportunityQueryDto extends createZodDto(z.object({ org: orgCode.optional(), metric: z.enum(PACK_METRICS).optional() })) {}
class IndicatorQueryDto extends createZodDto(
  z.object({ level: z.enum(['trust', ...AGGREGATE_LEVELS]).optional(), group: z.string().trim().min(1).max(200).optional() }),
) {}

@Controller('runs/:runId')
export class PacksController {
  constructor(private readonly packs: PacksService) {}

  /** Every trust's pack (or one trust's, one category's), in opportunities.csv's order. */
  @Get('opportunities')
  @ApiOperation({ summary: 'A run\'s opportunity packs (every trust, or one trust or category), in opportunities.csv\'s order' })
  opportunities(@Param('runId', ParseUUIDPipe) runId: string, @Query() query: OpportunityQueryDto) {
    const { org, metric } = query as { org?: string; metric?: string };
    return this.packs.opportunities(runId, org, metric);
  }

  /** The key indicators of a level (`trust`, `national`, ...) and a group (an org code for `trust`), in indicators.csv's order. */
  @Get('indicators')
  @ApiOperation({ summary: 'A run\'s key indicators of a level and group, in indicators.csv\'s order' })
  indicators(@Param('runId', ParseUUIDPipe) runId: string, @Query() query: IndicatorQueryDto) {
    const { level, group } = query as { level?: string; group?: string };
    return this.packs.indicators(runId, level, group);
  }
}
