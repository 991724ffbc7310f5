// The plan rows a trust page reads per trust (its index and its peer group's, its indicators, its
// stability and its sensitivity), read for every trust of the release at once, on the first
// page that asks, and then looked up: a published release's copy never changes, and reading
// them trust by trust was four to six SQL round trips per trust page, each waiting for a pooled
// connection under load. The reads are ReleaseViewRows' own (plan-pack.reads.ts, `all…`: the
// same columns without the trust's or group's condition, in the same order), so each trust's
// rows are the very rows (and order) its own query returns; planReadsOf publishes them the same way.
//
// Sensitivity may arrive after assembly (a low-priority job copies it into the release): until
// the release holds any, each trust's is read on its own as before, so a trust first shown after
// it arrived shows it.
import type { DataSource } from 'typeorm';
import type { ReleaseEntity } from '@nhsp/persistence';
import { ReleaseViewRows } from '../plan-pack.reads';
import type { PlanRowSource } from '../release-plan-rows';
import { byOrg, firstByOrg, groupedBy } from '../read-model/by-org';
import type { IndexRow, IndicatorViewRow, SensitivityRow, StabilityRow } from './plan-types';

interface Held {
  index: Map<string, IndexRow[]>;
  indicators: Map<string, IndicatorViewRow[]>;
  stability: Map<string, StabilityRow>;
  /** null: the release holds no sensitivity yet. */
  sensitivity: Map<string, SensitivityRow[]> | null;
}

const groupKey = (row: { level: string; group_name: string }) => `${row.level}\u0000${row.group_name}`;

export class HeldPlanRows implements PlanRowSource {
  private readonly each: ReleaseViewRows;
  private held: Promise<Held> | undefined;

  constructor(db: DataSource, release: Pick<ReleaseEntity, 'id' | 'runId' | 'period'>) {
    this.each = new ReleaseViewRows(db, release.id, release.runId, release.period);
  }

  targets() {
    return this.each.targets();
  }

  rankStability() {
    return this.each.rankStability();
  }

  opportunities(orgCode: string) {
    return this.each.opportunities(orgCode);
  }

  async index(level: string, group: string): Promise<IndexRow[]> {
    return [...((await this.rows()).index.get(groupKey({ level, group_name: group })) ?? [])];
  }

  async indicators(level: string, group: string): Promise<IndicatorViewRow[]> {
    return [...((await this.rows()).indicators.get(groupKey({ level, group_name: group })) ?? [])];
  }

  async stability(orgCode: string): Promise<StabilityRow | null> {
    return (await this.rows()).stability.get(orgCode) ?? null;
  }

  async sensitivity(orgCode: string): Promise<SensitivityRow[]> {
    const held = (await this.rows()).sensitivity;
    return held ? [...(held.get(orgCode) ?? [])] : this.each.sensitivity(orgCode);
  }

  /** Every trust's rows, read once (a failed read is tried again by the next page). */
  private rows(): Promise<Held> {
    if (!this.held) {
      this.held = this.load();
      this.held.catch(() => (this.held = undefined));
    }
    return this.held;
  }

  private async load(): Promise<Held> {
    const [index, indicators, stability] = await Promise.all([this.each.allIndex(), this.each.allIndicators(), this.each.allStability()]);
    const sensitivity = await this.each.allSensitivity();
    return {
      index: groupedBy(index, groupKey),
      indicators: groupedBy(indicators, groupKey),
      stability: firstByOrg(stability),
      sensitivity: sensitivity && byOrg(sensitivity),
    };
  }
}
