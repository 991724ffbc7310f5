import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchStoredV1, DeflatorsPublishedV1, PATTERNS, RunRequestedV1, WeightsPublishedV1 } from '@nhsp/queue';
import { AutoTriggerService } from './auto-trigger.service';
import { RunsService, Vintage, VINTAGES } from './runs.service';
import { runRequestSchema } from './run-request';

@Controller()
export class RunsHandler {
  constructor(
    private readonly runs: RunsService,
    private readonly trigger: AutoTriggerService,
  ) {}

  @EventPattern(PATTERNS.runRequested)
  async onRunRequested(@Payload() payload: RunRequestedV1) {
    const request = runRequestSchema.parse({ period: payload.period, vintage: payload.vintage, settings: payload.settings });
    const vintage = VINTAGES.includes(request.vintage as Vintage) ? (request.vintage as Vintage) : undefined;
    const { run, created } = await this.runs.run({
      period: request.period,
      vintage,
      settings: request.settings,
      reason: payload.reason,
    });
    return { runId: run.id, vintage: run.vintage, created };
  }

  @EventPattern(PATTERNS.batchStored)
  onBatchStored(@Payload() payload: BatchStoredV1) {
    const trigger = `batch.stored ${payload.kind} ${payload.batchId}`;
    // The trust list is an input of every period, not only of the latest year's complete ones.
    if (payload.kind === 'trusts') return this.trigger.requestTrustListRuns(trigger);
    return this.trigger.requestCompleteRuns(trigger);
  }

  @EventPattern(PATTERNS.weightsPublished)
  onWeightsPublished(@Payload() payload: WeightsPublishedV1) {
    return this.trigger.requestCompleteRuns(`weights.published ${payload.weightSetId}`);
  }

  @EventPattern(PATTERNS.deflatorsPublished)
  onDeflatorsPublished(@Payload() payload: DeflatorsPublishedV1) {
    return this.trigger.requestCompleteRuns(`deflators.published ${payload.deflatorSetId}`);
  }
}
