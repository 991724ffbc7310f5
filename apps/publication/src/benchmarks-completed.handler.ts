import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BenchmarksCompletedV1, BullMqContext, PATTERNS, PermanentJobError } from '@nhsp/queue';
import { FinalRevisionService } from './final-revision/final-revision.service';
import { ReleaseAssembly, RunNotFoundError } from './release-assembly';

@Controller()
export class BenchmarksCompletedHandler {
  private readonly logger = new Logger(BenchmarksCompletedHandler.name);

  constructor(
    private readonly releases: ReleaseAssembly,
    private readonly finalRevisions: FinalRevisionService,
  ) {}

  @EventPattern(PATTERNS.benchmarksCompleted)
  async onBenchmarksCompleted(@Payload() payload: BenchmarksCompletedV1, @Ctx() ctx: BullMqContext): Promise<void> {
    // Productivity commits a run before benchmarking sees it, so an unknown run stays unknown:
    // fail at once instead of retrying.
    const assembled = await this.releases.assemble(payload.runId).catch((error: Error) => {
      throw error instanceof RunNotFoundError ? new PermanentJobError(error.message) : error;
    });
    // Not AUTO_PUBLISH: the draft goes out at its announced time (a retried job finds it
    // scheduled); a year's final revision goes out as one, once its twelve months are assembled.
    const release = await this.finalRevisions.onAssembled(assembled);
    this.logger.log(`run ${payload.runId} (${payload.period}) → release ${release.id} ${release.status} [job ${ctx.jobId}]`);
  }
}
