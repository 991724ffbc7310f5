import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '@nhsp/service-kit';
import { IngestionService } from './ingestion.service';

class BatchQueryDto extends createZodDto(
  z.object({
    kind: z.enum(['trusts', 'activity', 'finance', 'trust_costs', 'workforce', 'operations', 'medicines', 'unit_costs', 'cost_weights', 'deflators']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
) {}

/** What was received from every trust: for analysts (and publishers, admins), not submitters. */
@Controller()
@Roles('analyst')
export class BatchesController {
  constructor(private readonly ingestion: IngestionService) {}

  /** Newest first. */
  @Get('batches')
  @ApiOperation({ summary: 'Stored batches, newest first' })
  async list(@Query() query: BatchQueryDto) {
    return { batches: await this.ingestion.listBatches(query.kind, query.limit) };
  }

  @Get('batches/:id')
  @ApiOperation({ summary: 'One stored batch' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.ingestion.getBatch(id);
  }

  @Get('trusts')
  @ApiOperation({ summary: 'The current trust list' })
  async trusts() {
    return { trusts: await this.ingestion.listTrusts() };
  }
}
