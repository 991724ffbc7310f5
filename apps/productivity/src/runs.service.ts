// Computes and stores a run. The same period and inputs give the same run: the fingerprint is
// checked under a per-period lock inside the writing transaction, so a retried or duplicated job
// returns the existing run and writes nothing. A run stored before the trust list was an input
// counts as the same run while the list is still the one its estimates carry.
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Month, stableJson, YearToDate } from '@nhsp/domain';
import {
  applyNotifications,
  BundleInputs,
  computePeriod,
  CostWeights,
  FlagCode,
  MethodologyError,
  MethodSettings,
  orderFlags,
  PeriodResult,
  planInputsFromLedgers,
  RequestedSettings,
  resolveSettings,
  TrustPlanInputs,
  Vintage,
  withPlanView,
} from '@nhsp/methodology';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { ProblemException } from '@nhsp/service-kit';
import { inputFingerprint, InputFingerprints, inputFingerprints, MissingInputError, readBundleInputsShared, readRunInputs, readRunInputsOf, RunInputs, SubmissionHashes } from './run-inputs';
import { insertResults } from './run-rows';
import { LedgerRead, readLedger, trustLedgerSums, weighLedger, weightsKey } from './plan-ledger';
import { HistoryCache } from './history-cache';
import { SubmissionDigests } from './submission-digests';
import { HistoryRepository } from './repositories/history.repository';
import { PlanRepository } from './repositories/plan.repository';
import { RunRepository } from './repositories/run.repository';
import { TrustList } from '@nhsp/board-answers';
import { trustListOfRun } from './trust-list';
import { requestSensitivity } from './sensitivity-request';
import { asRunComputing } from './sensitivity-deferral';

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
type StoredInputs = Omit<RunInputs, 'period' | 'trusts' | 'history'> & { trusts?: TrustList; requestedVintage: string | null; codeVersion: string };

export { RUN_COLUMNS } from './repositories/run.repository';

@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: BullMqClient,
    private readonly repository: RunRepository,
    private readonly history: HistoryCache,
    private readonly digests: SubmissionDigests,
  ) {}

  /** Settings and fingerprint of the current inputs of a period (used to dedupe automatic requests). */
  async currentFingerprint(period: string, overrides: RequestedSettings = {}): Promise<string> {
    return (await this.currentFingerprints([{ period, settings: overrides }]))[0];
  }

  /** currentFingerprint of several periods, their inputs read once, in one snapshot. */
  async currentFingerprints(requests: ReadonlyArray<{ period: string; settings?: RequestedSettings }>): Promise<string[]> {
    const settings = requests.map((r) => resolveSettings(r.settings ?? {}));
    const inputs = await this.db.transaction('REPEATABLE READ', (m) => readRunInputsOf(m, requests.map((r, i) => ({ period: r.period, settings: settings[i] })), this.digests));
    return inputs.map((x, i) => inputFingerprint(x, { ...settings[i], deflatorSeries: x.deflatorSeries }));
  }

  async run(request: RunRequest): Promise<{ run: RunRecord; created: boolean }> {
    return asRunComputing(() => this.computeAndStore(request));
  }

  private async computeAndStore(request: RunRequest): Promise<{ run: RunRecord; created: boolean }> {
    const began = Date.now();
    const period = parsePeriod(request.period);
    const requested = resolveSettings(request.settings ?? {});
    // One snapshot for everything read, so the fingerprint describes exactly the rows computed on
    // (the ledger's missing months included); a run of these inputs already stored reads no rows.
    const read = await this.db.transaction('REPEATABLE READ', async (m) => {
      const inputs = await readRunInputs(m, period, requested, this.digests).catch(rethrowMissing);
      const settings: MethodSettings = { ...requested, deflatorSeries: inputs.deflatorSeries };
      // Both identities a run is found by, their shared JSON made once.
      const fingerprints = inputFingerprints(inputs, settings, request.vintage);
      const existing = await this.findSameRun(m, period, fingerprints, inputs);
      if (existing) return { existing };
      const bundle = await readBundleInputsShared(m, inputs, this.history).catch(rethrowMissing);
      const weights = this.history.costWeights(weightsKey(inputs, settings), () => CostWeights.fromSchedule(bundle.schedule, settings.equalisation));
      return { inputs, settings, fingerprints, bundle, weights, ledger: await readLedger(m, inputs, settings, this.history) };
    });
    if (read.existing) return this.completed(read.existing, false);
    const { inputs, settings, fingerprints, bundle, weights, ledger } = read;

    let computed: { result: PeriodResult; plan: TrustPlanInputs[]; weighed: number };
    try {
      computed = await this.compute(period, inputs, settings, bundle, weights, ledger);
    } catch (error) {
      if (error instanceof MethodologyError) {
        throw new ProblemException({ type: 'urn:nhsp:problem:methodology', status: 422, detail: error.message });
      }
      throw error;
    }

    const outcome = await this.db.transaction(async (m) => {
      await this.repository.lockPeriod(m, period);
      const again = await this.findSameRun(m, period, fingerprints, inputs);
      if (again) return { run: again, created: false };
      const previous = await this.latestRun(m, period);
      const vintage: Vintage = request.vintage === 'final_revised' ? 'final_revised' : previous ? 'provisional_revised' : 'provisional';
      // The plan view here, under the lock: revision_range spans every vintage kept, this one included.
      const plans = new PlanRepository(m);
      const kept = await plans.vintageGrowths(period, computed.result.settings);
      const { view, result } = withPlanView(computed.plan, computed.result, {
        vintageGrowths: (org) => [...(kept.get(org) ?? []), ...planGrowth(computed.plan, org)],
      });
      if (previous) markRestated(result, previous.inputs.submissions, inputs.submissions);
      const stored: StoredInputs = {
        months: inputs.months,
        historyFrom: inputs.historyFrom,
        historySha256: inputs.historySha256,
        returnsSha256: inputs.returnsSha256,
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
      const run = await this.repository.insert(m, {
        period,
        vintage,
        settings: result.settings,
        inputs: stored,
        fingerprint: fingerprints.current,
        reason: request.reason ?? null,
      });
      await insertResults(m, run.id, result);
      await plans.insert(run.id, view);
      return { run, created: true, estimates: result.estimates.length };
    });
    if (outcome.created) {
      this.logger.log(
        `run ${outcome.run.id} ${period} ${outcome.run.vintage} stored (${outcome.estimates} estimates and their plan view; ` +
          `${computed.weighed} ledger months weighed; ${Date.now() - began} ms)`,
      );
    }
    return this.completed(outcome.run, outcome.created);
  }

  /**
   * The period's estimates (§2–§7, notifications) and every trust's plan inputs (§8–§10) from the
   * ledger, weighing and storing the months it lacked first. The UNSTABLE flag and the plan view
   * itself come after, under the run's lock (withPlanView).
   */
  private async compute(period: string, inputs: RunInputs, settings: MethodSettings, bundle: BundleInputs, weights: CostWeights, ledger: LedgerRead) {
    const computed = computePeriod(bundle, period, settings, { weights });
    const result = { ...computed, estimates: applyNotifications(computed.estimates, inputs.notifications, YearToDate.of(period)) };
    const { months, weighed } = await weighLedger(ledger, weights, this.history);
    // Stored at once, not with the run: the months are the same whoever weighs them, and a run
    // that fails later still spares the next one the weighing.
    await new HistoryRepository(this.db.manager).storeLedgerMonths(ledger.key, weighed);
    const sums = trustLedgerSums(months);
    const plan = planInputsFromLedgers(bundle.trusts, (org) => sums.get(org), period, { deflators: bundle.deflators, settings });
    return { result, plan, weighed: weighed.length };
  }

  /** Announces the run even when it already existed: the first attempt may have stopped before emitting (the job id dedupes). */
  private async completed(run: RunRecord, created: boolean) {
    await this.bus.emitEvent(PATTERNS.runCompleted, { runId: run.id, period: run.period, vintage: run.vintage, settings: resolveSettings(run.settings) });
    // Method sensitivity recomputes the period five times: a follow-up job, never part of the run.
    await requestSensitivity(this.bus, run.id);
    return { run: normalise(run), created };
  }

  /** The run of these inputs: by fingerprint, or a run from before trust lists were recorded whose estimates carry this list. */
  private async findSameRun(m: EntityManager, period: string, fingerprints: InputFingerprints, inputs: RunInputs): Promise<RunRecord | null> {
    const run = await this.findByFingerprint(m, period, fingerprints.current);
    if (run) return run;
    const earlier = await this.findByFingerprint(m, period, fingerprints.withoutTrusts());
    if (!earlier || earlier.inputs.trusts) return null;
    return stableJson(await trustListOfRun(m, earlier.id)) === stableJson(inputs.trusts) ? earlier : null;
  }

  findByFingerprint(m: EntityManager, period: string, fingerprint: string): Promise<RunRecord | null> {
    return this.repository.findByFingerprint(m, period, fingerprint);
  }

  /** The latest run of each of the periods that has one. */
  latestRuns(m: EntityManager, periods: readonly string[]): Promise<Map<string, RunRecord>> {
    return this.repository.latestOf(m, periods);
  }

  latestRun(m: EntityManager, period: string): Promise<RunRecord | null> {
    return this.repository.latest(m, period);
  }
}

/** The trust's productivity growth in the run being stored, as its plan inputs hold it (none without an estimate). */
function planGrowth(plan: readonly TrustPlanInputs[], orgCode: string) {
  const growth = plan.find((t) => t.trust.orgCode === orgCode)?.yearToDate?.productivityGrowth;
  return growth ? [growth] : [];
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
