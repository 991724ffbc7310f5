// A run's key operational indicators, by level and group.
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createZodDto } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { KEY_INDICATORS, MethodSettings, resolveSettings } from '@nhsp/methodology';
import { INDICATOR_LEVELS, insertIndicators } from './indicator-rows';
import { readBundleInputs } from './run-inputs';
import { notFound } from '@nhsp/service-kit';
import { ESTIMATE_COLUMNS } from './runs.controller';
import { StoredEstimateRow, toTrustEstimate } from '@nhsp/board-answers';

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
    const [run] = await this.db.query(
      `SELECT period, settings, EXISTS (SELECT 1 FROM productivity.indicator WHERE run_id = $1) AS stored FROM productivity.run WHERE id = $1`,
      [id],
    );
    if (!run) throw notFound(`run ${id} does not exist`);
    if (!run.stored) await this.backfill(id, run.period, resolveSettings(run.settings));
    const rows = await this.db.query(
      `SELECT level, group_name AS "group", indicator, base, current, change FROM productivity.indicator
       WHERE run_id = $1 AND ($2::text IS NULL OR level = $2) AND ($3::text IS NULL OR upper(group_name) = upper($3))
       ORDER BY array_position($4::text[], level), group_name COLLATE "C", array_position($5::text[], indicator)`,
      [id, level ?? null, group ?? null, INDICATOR_LEVELS, KEY_INDICATORS],
    );
    if (!rows.length && group) throw notFound(`run ${id} has no indicators for ${level ?? 'any level'} group ${group}`);
    return { runId: id, period: run.period, indicators: rows };
  }

  /**
   * Runs stored before indicators were: computed once from the run's stored estimates and the
   * activity and finance of its months as they now stand (the month-window shares need month P
   * itself, which the estimates do not keep).
   */
  private async backfill(runId: string, period: string, settings: MethodSettings): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('productivity.indicator'), hashtext($1))`, [runId]);
      const [{ stored }] = await m.query(`SELECT EXISTS (SELECT 1 FROM productivity.indicator WHERE run_id = $1) AS stored`, [runId]);
      if (stored) return;
      const rows: StoredEstimateRow[] = await m.query(`SELECT ${ESTIMATE_COLUMNS}, detail FROM productivity.estimate WHERE run_id = $1 ORDER BY org_code`, [runId]);
      const [{ inputs }] = await m.query(`SELECT inputs FROM productivity.run WHERE id = $1`, [runId]);
      const sources = await readBundleInputs(m, { ...inputs, period });
      await insertIndicators(m, runId, period, rows.map((row) => toTrustEstimate(row, settings)), sources);
    });
  }
}
