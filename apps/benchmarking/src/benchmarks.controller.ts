import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { createZodDto } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PATTERNS, RunCompletedV1 } from '@nhsp/queue';
import { notFound, ProblemException } from '@nhsp/service-kit';
import { BenchmarksService } from './benchmarks.service';

@Controller()
export class BenchmarksController {
  constructor(
    private readonly benchmarks: BenchmarksService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @EventPattern(PATTERNS.runCompleted)
  onRunCompleted(@Payload() payload: RunCompletedV1) {
    return this.benchmarks.benchmarkRun(payload.runId);
  }

  @Get('runs/:runId/benchmarks')
  async list(
    @Param('runId', ParseUUIDPipe) runId: string,
    @Query('peer_group') peerGroup?: string,
    @Query('metric') metric?: string,
  ) {
    // Whether the run is benchmarked is asked first: asked after an empty read, it could see the
    // rows a benchmarking committed in between and answer a benchmarked run with no rows.
    const [any] = await this.db.query(`SELECT 1 FROM benchmarking.benchmark WHERE run_id = $1 LIMIT 1`, [runId]);
    if (!any) throw notFound(`no benchmarks for run ${runId} (unknown run, or not benchmarked yet)`);
    const rows = await this.db.query(
      `SELECT org_code AS "orgCode", period, peer_group AS "peerGroup", group_kind AS "groupKind", metric, value, benchmark,
              opportunity_gbp AS "opportunityGbp", opportunity_units AS "opportunityUnits", score, rank, group_size AS "groupSize"
       FROM benchmarking.benchmark
       WHERE run_id = $1 AND ($2::text IS NULL OR peer_group = $2) AND ($3::text IS NULL OR metric = $3)
       ORDER BY array_position(ARRAY['peer_group','sector','national','custom'], group_kind), peer_group, metric, org_code`,
      [runId, peerGroup ?? null, metric ?? null],
    );
    return { runId, benchmarks: rows };
  }
}

const peerSetSchema = z.object({
  name: z.string().trim().min(1).max(100),
  orgCodes: z.array(z.string().trim().toUpperCase().regex(/^[A-Z0-9]{3,5}$/, 'an ODS organisation code')).min(1),
});
class PeerSetDto extends createZodDto(peerSetSchema) {}

/** Custom named groups; each later run.completed benchmarks them next to the standard groups. */
@Controller('peer-sets')
export class PeerSetsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async list() {
    return { peerSets: await this.db.query(`SELECT name, org_codes AS "orgCodes", created_at AS "createdAt" FROM benchmarking.peer_set ORDER BY name`) };
  }

  @Get(':name')
  async get(@Param('name') name: string) {
    const [set] = await this.db.query(`SELECT name, org_codes AS "orgCodes", created_at AS "createdAt" FROM benchmarking.peer_set WHERE name = $1`, [name]);
    if (!set) throw notFound(`peer set "${name}" does not exist`);
    return set;
  }

  @Post()
  async create(@Body() body: PeerSetDto) {
    const { name, orgCodes } = body as z.infer<typeof peerSetSchema>;
    const [set] = await this.db.query(
      `INSERT INTO benchmarking.peer_set (name, org_codes) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING
       RETURNING name, org_codes AS "orgCodes", created_at AS "createdAt"`,
      [name, [...new Set(orgCodes)].sort()],
    );
    if (!set) throw new ProblemException({ type: 'urn:nhsp:problem:conflict', status: 409, detail: `peer set "${name}" already exists` });
    return set;
  }

  @Delete(':name')
  @HttpCode(204)
  async remove(@Param('name') name: string) {
    const [, count] = await this.db.query(`DELETE FROM benchmarking.peer_set WHERE name = $1`, [name]);
    if (!count) throw notFound(`peer set "${name}" does not exist`);
  }
}
