import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { createZodDto } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { requestedSettingsSchema } from '@nhsp/methodology';
import { notFound, unknownOrganisation } from '@nhsp/service-kit';
import { RUN_COLUMNS, RunsService, VINTAGES } from './runs.service';

export const runRequestSchema = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/, 'period must be YYYY-MM'),
  vintage: z.enum(VINTAGES).optional(),
  // The methodology's own schema: every setting a run may be asked for, with its defaults.
  settings: requestedSettingsSchema.optional(),
});
class RunRequestDto extends createZodDto(runRequestSchema) {}

export const ESTIMATE_COLUMNS = `org_code AS "orgCode", name, sector, region, peer_group AS "peerGroup", trust_type AS "trustType",
  period, months, status, cwa_base AS "cwaBase", cwa_current AS "cwaCurrent", output_growth AS "outputGrowth",
  real_spend_base AS "realSpendBase", real_spend_current AS "realSpendCurrent", input_growth AS "inputGrowth",
  productivity_growth AS "productivityGrowth", cost_per_wau AS "costPerWau", flags`;

@Controller()
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    @InjectDataSource() private readonly db: DataSource,
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
    const rows = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM productivity.run WHERE ($1::text IS NULL OR period = $1) ORDER BY period, created_at, id`,
      [period ?? null],
    );
    return { runs: rows };
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
    const rows = await this.db.query(`SELECT ${ESTIMATE_COLUMNS}, detail FROM productivity.estimate WHERE run_id = $1 ORDER BY org_code`, [id]);
    return { runId: id, estimates: rows };
  }

  @Get('runs/:id/aggregates')
  @ApiOperation({ summary: 'A run\'s aggregates' })
  async aggregates(@Param('id', ParseUUIDPipe) id: string) {
    await this.mustExist(id);
    const rows = await this.db.query(
      `SELECT level, group_name AS "group", period, trusts, cwa_base AS "cwaBase", cwa_current AS "cwaCurrent",
              output_growth AS "outputGrowth", real_spend_base AS "realSpendBase", real_spend_current AS "realSpendCurrent",
              input_growth AS "inputGrowth", productivity_growth AS "productivityGrowth", contributions
       FROM productivity.aggregate WHERE run_id = $1
       ORDER BY array_position(ARRAY['national','peer_group','region','sector'], level), group_name`,
      [id],
    );
    return { runId: id, aggregates: rows };
  }

  @Get('runs/:id/estimates/:org/contributions')
  @ApiOperation({ summary: 'A trust\'s contributions to its output and input growth in a run' })
  async contributions(@Param('id', ParseUUIDPipe) id: string, @Param('org') org: string) {
    await this.mustExist(id);
    const [estimate] = await this.db.query(`SELECT status FROM productivity.estimate WHERE run_id = $1 AND org_code = $2`, [id, org.toUpperCase()]);
    if (!estimate) throw unknownOrganisation(org.toUpperCase(), `run ${id}`);
    const rows = await this.db.query(
      `SELECT side, component, base, current, contribution FROM productivity.contribution
       WHERE run_id = $1 AND org_code = $2 ORDER BY side DESC, component`,
      [id, org.toUpperCase()],
    );
    return { runId: id, orgCode: org.toUpperCase(), status: estimate.status, contributions: rows };
  }

  private async mustExist(id: string) {
    const [run] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM productivity.run WHERE id = $1`, [id]);
    if (!run) throw notFound(`run ${id} does not exist`);
    return run;
  }
}
