// Computes and stores a run. The same period and inputs give the same run: the fingerprint is
// checked under a per-period lock inside the writing transaction, so a retried or duplicated job
// returns the existing run and writes nothing. A run stored before the trust list was an input
// counts as the same run while the list is still the one its estimates carry.
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Month, stableJson, YearToDate } from '@nhsp/domain';
import { applyNotifications, computePeriod, FlagCode, MethodologyError, MethodSettings, orderFlags, PeriodResult, RequestedSettings, resolveSettings, Vintage } from '@nhsp/methodology';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { ProblemException } from '@nhsp/service-kit';
import { inputFingerprint, MissingInputError, readBundleInputs, readRunInputs, RunInputs, SubmissionHashes } from './run-inputs';
import { insertResults } from './run-rows';
import { TrustList } from '@nhsp/board-answers';
import { trustListOfRun } from './trust-list';
import { requestSensitivity } from './sensitivity-request';

export { VINTAGES, type Vintage } from '@nhsp/methodology';
export const CODE_VERSION = 'productivity@1';

export interface RunRequest {
  period: string;
  vintage?: Vintage;
  settings?: RequestedSettings;
  reason?: string;
}

export interface RunRecord {
  id: string;
  period: string;
  vintage: Vintage;
  status: string;
  settings: MethodSettings;
  inputs: StoredInputs;
  inputFingerprint: string;
  reason: string | null;
  createdAt: string;
}

/** `trusts` is absent from runs stored before the trust list was an input. */
type StoredInputs = Omit<RunInputs, 'period' | 'trusts'> & { trusts?: TrustList; requestedVintage: string | null; codeVersion: string };

export const RUN_COLUMNS = `id, period, vintage, status, settings, inputs, input_fingerprint AS "inputFingerprint", reason, created_at AS "createdAt"`;

@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: BullMqClient,
  ) {}

  /** Settings and fingerprint of the current inputs of a period (used to dedupe automatic requests). */
  async currentFingerprint(period: string, overrides: RequestedSettings = {}): Promise<string> {
    const settings = resolveSettings(overrides);
    const inputs = await this.db.transaction('REPEATABLE READ', (m) => readRunInputs(m, period));
    return inputFingerprint(inputs, { ...settings, deflatorSeries: inputs.deflatorSeries });
  }

  async run(request: RunRequest): Promise<{ run: RunRecord; created: boolean }> {
    const period = parsePeriod(request.period);
    const requested = resolveSettings(request.settings ?? {});
    // One snapshot for everything read, so the fingerprint describes exactly the rows computed on.
    const { inputs, bundle } = await this.db.transaction('REPEATABLE READ', async (m) => {
      const inputs = await readRunInputs(m, period).catch(rethrowMissing);
      return { inputs, bundle: await readBundleInputs(m, inputs).catch(rethrowMissing) };
    });
    const settings: MethodSettings = { ...requested, deflatorSeries: inputs.deflatorSeries };
    const fingerprint = inputFingerprint(inputs, settings, request.vintage);

    const existing = await this.findSameRun(this.db.manager, period, fingerprint, inputs, settings, request.vintage);
    if (existing) return this.completed(existing, false);

    let result: PeriodResult;
    try {
      result = computePeriod(bundle, period, settings);
    } catch (error) {
      if (error instanceof MethodologyError) {
        throw new ProblemException({ type: 'urn:nhsp:problem:methodology', status: 422, detail: error.message });
      }
      throw error;
    }
    result = { ...result, estimates: applyNotifications(result.estimates, inputs.notifications, YearToDate.of(period)) };

    const outcome = await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('productivity.run'), hashtext($1))`, [period]);
      const again = await this.findSameRun(m, period, fingerprint, inputs, settings, request.vintage);
      if (again) return { run: again, created: false };
      const previous = await this.latestRun(m, period);
      const vintage: Vintage = request.vintage === 'final_revised' ? 'final_revised' : previous ? 'provisional_revised' : 'provisional';
      if (previous) markRestated(result, previous.inputs.submissions, inputs.submissions);
      const stored: StoredInputs = {
        months: inputs.months,
        weightSetId: inputs.weightSetId,
        deflatorSetId: inputs.deflatorSetId,
        deflatorSeries: inputs.deflatorSeries,
        batchIds: inputs.batchIds,
        submissions: inputs.submissions,
        notifications: inputs.notifications,
        trusts: inputs.trusts,
        requestedVintage: request.vintage ?? null,
        codeVersion: CODE_VERSION,
      };
      const [run]: RunRecord[] = await m.query(
        `INSERT INTO productivity.run (period, vintage, status, settings, inputs, input_fingerprint, reason)
         VALUES ($1, $2, 'completed', $3, $4, $5, $6) RETURNING ${RUN_COLUMNS}`,
        [period, vintage, JSON.stringify(result.settings), JSON.stringify(stored), fingerprint, request.reason ?? null],
      );
      await insertResults(m, run.id, result);
      return { run, created: true };
    });
    if (outcome.created) this.logger.log(`run ${outcome.run.id} ${period} ${outcome.run.vintage} stored (${result.estimates.length} estimates)`);
    return this.completed(outcome.run, outcome.created);
  }

  /** Announces the run even when it already existed: the first attempt may have stopped before emitting (the job id dedupes). */
  private async completed(run: RunRecord, created: boolean) {
    await this.bus.emitEvent(PATTERNS.runCompleted, { runId: run.id, period: run.period, vintage: run.vintage, settings: resolveSettings(run.settings) });
    // Method sensitivity recomputes the period five times: a follow-up job, never part of the run.
    await requestSensitivity(this.bus, run.id);
    return { run: normalise(run), created };
  }

  /** The run of these inputs: by fingerprint, or a run from before trust lists were recorded whose estimates carry this list. */
  private async findSameRun(m: EntityManager, period: string, fingerprint: string, inputs: RunInputs, settings: MethodSettings, vintage?: string): Promise<RunRecord | null> {
    const run = await this.findByFingerprint(m, period, fingerprint);
    if (run) return run;
    const earlier = await this.findByFingerprint(m, period, inputFingerprint({ ...inputs, trusts: undefined }, settings, vintage));
    if (!earlier || earlier.inputs.trusts) return null;
    return stableJson(await trustListOfRun(m, earlier.id)) === stableJson(inputs.trusts) ? earlier : null;
  }

  async findByFingerprint(m: EntityManager, period: string, fingerprint: string): Promise<RunRecord | null> {
    const rows = await m.query(`SELECT ${RUN_COLUMNS} FROM productivity.run WHERE period = $1 AND input_fingerprint = $2`, [period, fingerprint]);
    return rows[0] ?? null;
  }

  async latestRun(m: EntityManager, period: string): Promise<RunRecord | null> {
    const rows = await m.query(`SELECT ${RUN_COLUMNS} FROM productivity.run WHERE period = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [period]);
    return rows[0] ?? null;
  }
}

/** RESTATED: a trust whose submission hash for any month of the period differs from the previous vintage's. */
export function markRestated(result: PeriodResult, before: SubmissionHashes, now: SubmissionHashes): void {
  for (const estimate of result.estimates) {
    const org = estimate.trust.orgCode;
    const restated = Object.entries(now[org] ?? {}).some(([month, kinds]) =>
      Object.entries(kinds).some(([kind, hash]) => {
        const earlier = before[org]?.[month]?.[kind];
        return earlier !== undefined && earlier !== hash;
      }),
    );
    if (restated) estimate.flags = orderFlags([...estimate.flags, 'RESTATED' as FlagCode]);
  }
}

function parsePeriod(period: string): string {
  try {
    return String(Month.parse(period));
  } catch (error) {
    throw new ProblemException({ type: 'urn:nhsp:problem:bad-period', status: 400, detail: (error as Error).message });
  }
}

function rethrowMissing(error: unknown): never {
  if (error instanceof MissingInputError) {
    throw new ProblemException({ type: 'urn:nhsp:problem:inputs-incomplete', status: 409, detail: error.message });
  }
  throw error;
}

function normalise(run: RunRecord): RunRecord {
  return { ...run, createdAt: new Date(run.createdAt).toISOString() };
}
