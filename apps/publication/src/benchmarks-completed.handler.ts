import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BenchmarksCompletedV1, BullMqContext, PATTERNS } from '@nhsp/queue';
import { ReleaseService } from './release.service';

@Controller()
export class BenchmarksCompletedHandler {
  private readonly logger = new Logger(BenchmarksCompletedHandler.name);

  constructor(private readonly releases: ReleaseService) {}

  @EventPattern(PATTERNS.benchmarksCompleted)
  async onBenchmarksCompleted(@Payload() payload: BenchmarksCompletedV1, @Ctx() ctx: BullMqContext): Promise<void> {
    const release = await this.releases.assemble(payload.runId);
    this.logger.log(`run ${payload.runId} (${payload.period}) → release ${release.id} ${release.status} [job ${ctx.jobId}]`);
  }
}
