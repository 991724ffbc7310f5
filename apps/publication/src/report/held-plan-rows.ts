// The plan rows a trust page reads per trust (its index and its peer group's, its indicators, its
// stability and its sensitivity), read for every trust of the release at once, on the first
// page that asks, and then looked up: a published release's copy never changes, and reading
// them trust by trust was four to six SQL round trips per trust page, each waiting for a pooled
// connection under load. The queries are ReleaseViewRows' (plan-pack.reads.ts) without the
// trust's or group's condition, in the same order, so each trust's rows are the very rows
// (and order) its own query returns; planReadsOf publishes them the same way.
//
// Sensitivity may arrive after assembly (a low-priority job copies it into the release): until
// the release holds any, each trust's is read on its own as before, so a trust first shown after
// it arrived shows it.
import type { DataSource } from 'typeorm';
import type { ReleaseEntity } from '@nhsp/persistence';
import { ReleaseViewRows } from '../plan-pack.reads';
import type { PlanRowSource } from '../release-plan-rows';
import { sensitivityOf } from '../release-snapshot';
import type { IndexRow, IndicatorViewRow, SensitivityRow, StabilityRow } from './plan-types';

interface Held {
  index: Map<string, IndexRow[]>;
  indicators: Map<string, IndicatorViewRow[]>;
  stability: Map<string, StabilityRow>;
  /** null: the release holds no sensitivity yet. */
  sensitivity: Map<string, SensitivityRow[]> | null;
}

const groupKey = (level: string, group: string) => `${level}\u0000${group}`;

function grouped<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}

export class HeldPlanRows implements PlanRowSource {
  private readonly each: ReleaseViewRows;
  private held: Promise<Held> | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly release: Pick<ReleaseEntity, 'id' | 'runId' | 'period'>,
  ) {
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
    return [...((await this.rows()).index.get(groupKey(level, group)) ?? [])];
  }

  async indicators(level: string, group: string): Promise<IndicatorViewRow[]> {
    return [...((await this.rows()).indicators.get(groupKey(level, group)) ?? [])];
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
    const { id, runId, period } = this.release;
    const [index, indicators, stability] = await Promise.all([
      this.db.query(
        `SELECT $2::text AS period, level, group_name, year, output_growth::text, input_growth::text, productivity_growth::text,
                index_value::text, in_progress
           FROM publication.release_index WHERE release_id = $1 ORDER BY seq`,
        [id, period],
      ) as Promise<IndexRow[]>,
      this.db.query(
        `SELECT period, level, group_name, indicator, "window", base::text, current::text, change::text, change_kind
           FROM publication.release_indicator WHERE release_id = $1 ORDER BY seq`,
        [id],
      ) as Promise<IndicatorViewRow[]>,
      this.db.query(
        `SELECT period, org_code, productivity_growth::text, month_move::text, band::text, revision_range::text
           FROM publication.release_stability WHERE release_id = $1 AND NOT national ORDER BY seq`,
        [id],
      ) as Promise<StabilityRow[]>,
    ]);
    const sensitivity = (await sensitivityOf(this.db, { id, runId }))
      ? grouped(
          (await this.db.query(
            `SELECT org_code, variant, productivity_growth::text, spread::text FROM publication.release_sensitivity
              WHERE release_id = $1 ORDER BY org_code, variant COLLATE "C"`,
            [id],
          )) as SensitivityRow[],
          (r) => r.org_code,
        )
      : null;
    const byOrg = new Map<string, StabilityRow>();
    for (const row of stability) if (!byOrg.has(row.org_code)) byOrg.set(row.org_code, row);
    return {
      index: grouped(index, (r) => groupKey(r.level, r.group_name)),
      indicators: grouped(indicators, (r) => groupKey(r.level, r.group_name)),
      stability: byOrg,
      sensitivity,
    };
  }
}
