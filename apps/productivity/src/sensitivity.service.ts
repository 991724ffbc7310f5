// Method sensitivity of a run: its inputs recomputed under the standard alternative settings
// (equalisation switched, working days switched, nothing excluded, combined deflator), per trust
// the growth under each and the spread. Computed once per run - by the follow-up job after the
// run, or by the first request that finds it missing - and stored, so every reader sees the same.
// The recomputation itself runs in a worker thread (sensitivity-thread.ts); reading the inputs and
// storing the answer stay here, on the main thread.
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { stableJson } from '@nhsp/domain';
import { resolveSettings } from '@nhsp/methodology';
import { notFound, ProblemException } from '@nhsp/service-kit';
import { RunRepository } from './repositories/run.repository';
import { SensitivityRepository, StoredSensitivity } from './repositories/sensitivity.repository';
import { readBundleRows, readRunInputs, RunInputs } from './run-inputs';
import { SubmissionDigests } from './submission-digests';
import type { RunRecord } from './runs.service';
import { computeSensitivityInThread, stopSensitivityThreads } from './sensitivity-thread';

export type { StoredSensitivity };

/** The run's submissions are no longer the current ones: its activity and finance cannot be read again. */
export class RunInputsChangedError extends ProblemException {
  constructor(run: RunRecord) {
    super({
      type: 'urn:nhsp:problem:inputs-changed',
      status: 409,
      detail: `the submissions run ${run.id} (${run.period} ${run.vintage}) was computed on have since been restated; ` +
        `its sensitivity can no longer be recomputed - ask for the latest run of ${run.period}`,
    });
  }
}

@Injectable()
export class SensitivityService implements OnApplicationShutdown {
  private readonly logger = new Logger(SensitivityService.name);
  private readonly shutdown = new AbortController();

  constructor(
    // Only for the snapshot transaction the run's inputs are read in (run-inputs.ts reads them).
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunRepository,
    private readonly stored: SensitivityRepository,
    private readonly digests: SubmissionDigests,
  ) {}

  /** The stored sensitivity of a run, computing and storing it first when there is none. */
  async ensure(runId: string): Promise<{ sensitivity: StoredSensitivity; computed: boolean }> {
    const stored = await this.read(runId);
    if (stored) return { sensitivity: stored, computed: false };
    const run = await this.runs.byId(runId);
    if (!run) throw notFound(`run ${runId} does not exist`);

    const rows = await this.db.transaction('REPEATABLE READ', async (m) => {
      const current = await readRunInputs(m, run.period, undefined, this.digests);
      if (stableJson(current.submissions) !== stableJson(run.inputs.submissions)) throw new RunInputsChangedError(run);
      // Weight and deflator sets are read by id, so a newer set loaded since does not matter.
      const inputs: RunInputs = { ...current, weightSetId: run.inputs.weightSetId, deflatorSetId: run.inputs.deflatorSetId, deflatorSeries: run.inputs.deflatorSeries };
      return readBundleRows(m, inputs);
    });
    // A thread failure rejects here, so the job fails (and BullMQ retries it) with the reason.
    const { variants, trusts } = await computeSensitivityInThread(
      { rows, period: run.period, settings: resolveSettings(run.settings) },
      { what: `sensitivity of run ${runId} (${run.period})`, signal: this.shutdown.signal },
    );

    // Another worker or request may have stored it meanwhile: theirs is the same figures, kept.
    const inserted = await this.stored.store(runId, variants, trusts);
    if (inserted) this.logger.log(`sensitivity of run ${runId} (${run.period}) stored: ${trusts.length} trusts × ${variants.length} variants`);
    return { sensitivity: (await this.read(runId))!, computed: inserted };
  }

  /** Runs after the queue transport has waited for running jobs: a thread still computing serves none, so it stops; an idle kept one too. */
  async onApplicationShutdown(): Promise<void> {
    this.shutdown.abort('the service is shutting down');
    await stopSensitivityThreads();
  }

  read(runId: string): Promise<StoredSensitivity | null> {
    return this.stored.read(runId);
  }
}
