import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Response } from 'express';
import { BullMqContext, PATTERNS, QueueRegistry, SensitivityRequestedV1 } from '@nhsp/queue';
import { Roles } from '@nhsp/service-kit';
import { deferWhileBusy } from './sensitivity-deferral';
import { RunInputsChangedError, SensitivityService } from './sensitivity.service';

@Controller()
export class SensitivityController {
  constructor(
    private readonly sensitivity: SensitivityService,
    private readonly queues: QueueRegistry,
  ) {}

  /** Per trust, productivity growth under each standard method variant and the spread (max − min). */
  @Get('runs/:id/sensitivity')
  @ApiOperation({ summary: 'A run\'s method sensitivity per trust (computed on first read)' })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return (await this.sensitivity.ensure(id)).sensitivity;
  }

  /** Same answer; 201 when this request computed it, 200 when it was stored already. A read in effect, so analysts may. */
  @Post('runs/:id/sensitivity')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compute a run\'s method sensitivity now (201 computed, 200 stored already)' })
  async compute(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const { sensitivity, computed } = await this.sensitivity.ensure(id);
    if (computed) res.status(201);
    return { computed, ...sensitivity };
  }

  /** The follow-up job of every run. */
  @EventPattern(PATTERNS.sensitivityRequested)
  async onRequested(@Payload() payload: SensitivityRequestedV1, @Ctx() ctx?: BullMqContext) {
    // Steps aside before reading anything: the follow-ups of a whole-history recompute came round
    // about once a second each, through the recompute and then while one of them held the thread,
    // and each read its run's stored sensitivity from PostgreSQL only to step aside. One a GET
    // has stored meanwhile waits too, then ends at once (ensure finds it).
    await deferWhileBusy(this.queues, ctx);
    try {
      const { computed } = await this.sensitivity.ensure(payload.runId);
      return { runId: payload.runId, computed };
    } catch (error) {
      // Restated before the job ran: there is nothing to retry, a newer run will have its own.
      if (error instanceof RunInputsChangedError) return { runId: payload.runId, computed: false, skipped: error.message };
      throw error;
    }
  }
}
