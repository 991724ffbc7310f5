import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { notFound, unknownOrganisation } from '@nhsp/service-kit';
import { RunRepository } from './repositories/run.repository';
import { runRequestSchema } from './run-request';
import { RunsService } from './runs.service';

class RunRequestDto extends createZodDto(runRequestSchema) {}

@Controller()
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly repository: RunRepository,
  ) {}

  /** Computes the run now (small enough to answer in the request); 202 with the stored or existing run. */
  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Compute a period now (202 with the new or the existing run)' })
  async create(@Body() body: RunRequestDto) {
    const { run, created } = await this.runs.run({ ...(body as z.infer<typeof runRequestSchema>), reason: 'POST /runs' } as never);
    return { created, run };
  }

  @Get('runs')
  @ApiOperation({ summary: 'Runs, optionally of one period' })
  async list(@Query('period') period?: string) {
    return { runs: await this.repository.list(period) };
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One run' })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return this.mustExist(id);
  }

  @Get('runs/:id/estimates')
  @ApiOperation({ summary: 'A run\'s trust estimates' })
  async estimates(@Param('id', ParseUUIDPipe) id: string) {
    await this.mustExist(id);
    return { runId: id, estimates: await this.repository.estimates(id) };
  }

  @Get('runs/:id/aggregates')
  @ApiOperation({ summary: 'A run\'s aggregates' })
  async aggregates(@Param('id', ParseUUIDPipe) id: string) {
    await this.mustExist(id);
    return { runId: id, aggregates: await this.repository.aggregates(id) };
  }

  @Get('runs/:id/estimates/:org/contributions')
  @ApiOperation({ summary: 'A trust\'s contributions to its output and input growth in a run' })
  async contributions(@Param('id', ParseUUIDPipe) id: string, @Param('org') org: string) {
    await this.mustExist(id);
    const orgCode = org.toUpperCase();
    const estimate = await this.repository.estimate(id, orgCode);
    if (!estimate) throw unknownOrganisation(orgCode, `run ${id}`);
    return { runId: id, orgCode, status: estimate.status, contributions: await this.repository.contributions(id, orgCode) };
  }

  private async mustExist(id: string) {
    const run = await this.repository.byId(id);
    if (!run) throw notFound(`run ${id} does not exist`);
    return run;
  }
}
