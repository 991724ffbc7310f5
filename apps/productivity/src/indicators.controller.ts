// A run's key operational indicators, by level and group.
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createZodDto } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { KEY_INDICATORS } from '@nhsp/methodology';
import { INDICATOR_LEVELS } from './indicator-rows';
import { notFound } from './runs.controller';

class IndicatorQueryDto extends createZodDto(
  z.object({ level: z.enum(INDICATOR_LEVELS).optional(), group: z.string().trim().min(1).optional() }),
) {}

@Controller()
export class IndicatorsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A run's indicators, optionally of one level (`trust`, `national`, ...) and one group (an org code for `trust`). */
  @Get('runs/:id/indicators')
  async list(@Param('id', ParseUUIDPipe) id: string, @Query() query: IndicatorQueryDto) {
    const { level, group } = query as { level?: string; group?: string };
    const [run] = await this.db.query(`SELECT period FROM productivity.run WHERE id = $1`, [id]);
    if (!run) throw notFound(`run ${id} does not exist`);
    const rows = await this.db.query(
      `SELECT level, group_name AS "group", indicator, base, current, change FROM productivity.indicator
       WHERE run_id = $1 AND ($2::text IS NULL OR level = $2) AND ($3::text IS NULL OR upper(group_name) = upper($3))
       ORDER BY array_position($4::text[], level), group_name COLLATE "C", array_position($5::text[], indicator)`,
      [id, level ?? null, group ?? null, INDICATOR_LEVELS, KEY_INDICATORS],
    );
    if (!rows.length && group) throw notFound(`run ${id} has no indicators for ${level ?? 'any level'} group ${group}`);
    return { runId: id, period: run.period, indicators: rows };
  }
}
