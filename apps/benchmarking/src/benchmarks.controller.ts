import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { EventPattern, Payload } from '@nestjs/microservices';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { PATTERNS, RunCompletedV1 } from '@nhsp/queue';
import { BenchmarksService } from './benchmarks.service';
import { PeerSetsService } from './peer-sets.service';

@Controller()
export class BenchmarksController {
  constructor(private readonly benchmarks: BenchmarksService) {}

  @EventPattern(PATTERNS.runCompleted)
  onRunCompleted(@Payload() payload: RunCompletedV1) {
    return this.benchmarks.benchmarkRun(payload.runId);
  }

  @Get('runs/:runId/benchmarks')
  @ApiOperation({ summary: 'A run\'s benchmarks (every trust against its peer groups), optionally one peer group or metric' })
  list(@Param('runId', ParseUUIDPipe) runId: string, @Query('peer_group') peerGroup?: string, @Query('metric') metric?: string) {
    return this.benchmarks.list(runId, peerGroup, metric);
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
  constructor(private readonly sets: PeerSetsService) {}

  @Get()
  @ApiOperation({ summary: 'Custom peer sets' })
  async list() {
    return { peerSets: await this.sets.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One custom peer set' })
  get(@Param('name') name: string) {
    return this.sets.get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Create a custom peer set (benchmarked from the next run on)' })
  create(@Body() body: PeerSetDto) {
    const { name, orgCodes } = body as z.infer<typeof peerSetSchema>;
    return this.sets.create(name, orgCodes);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom peer set' })
  remove(@Param('name') name: string) {
    return this.sets.remove(name);
  }
}
