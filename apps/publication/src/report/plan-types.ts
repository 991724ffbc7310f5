// What the plan view and the packs render from: the rows of the views between services
// (docs/services-design.md, "The plan view and the packs between services"), column for column as
// the data contract's files name them, measures as exact decimal strings (numeric read as text),
// null where a file leaves a cell empty. `run_id` and `seq` are the read layer's business (a view
// row that carries them still fits these types); the renderers take the rows of one release.

/** An exact decimal as the views give it ("0.0123"), or null where the measure is empty. */
export type Measure = string | null;

/** The release's copy of productivity's targets view / targets.csv (methodology §8). */
export interface TargetRow {
  period: string;
  /** `trust` (group_name = org code), `national` (England), `sector`, `region` or `peer_group`. */
  level: string;
  group_name: string;
  productivity_growth: Measure;
  target: string;
  on_track: boolean;
  required_output_growth_rest: Measure;
  required_productivity_growth_rest: Measure;
  savings_needed_gbp: Measure;
  projected_full_year_growth: Measure;
}

/** The release's copy of productivity's index view / index.csv (methodology §9). */
export interface IndexRow {
  period: string;
  level: string;
  group_name: string;
  /** A financial year, `2024/25`. */
  year: string;
  output_growth: Measure;
  input_growth: Measure;
  productivity_growth: Measure;
  index_value: Measure;
  /** True for the year-to-date row of the year in progress (its position so far). */
  in_progress: boolean;
}

/** The release's copy of productivity's stability view / stability.csv's trust rows (methodology §10). */
export interface StabilityRow {
  period: string;
  org_code: string;
  productivity_growth: Measure;
  month_move: Measure;
  band: Measure;
  revision_range: Measure;
}

/** The release's copy of productivity's rank-stability view / stability.csv's England row. */
export interface RankStabilityRow {
  period: string;
  rank_stability: Measure;
}

/** The release's copy of productivity's sensitivity view: one row per method variant; `spread` is the same on every row of a trust. */
export interface SensitivityRow {
  org_code: string;
  variant: string;
  productivity_growth: Measure;
  spread: Measure;
}

/** The release's copy of benchmarking's opportunities view / opportunities.csv (methodology §11). */
export interface OpportunityViewRow {
  period: string;
  org_code: string;
  sector: string;
  metric: string;
  /** Ward type, corporate function, POD group or `<POD>:<HRG subchapter>`; null where the metric has none. */
  dimension: string | null;
  value: Measure;
  benchmark: Measure;
  benchmark_group: string | null;
  opportunity_units: Measure;
  /** `bed_days`, `contacts`, `kwh`, `hours`, `conveyances`, `wte_months`; null where the opportunity is in £ only. */
  unit: string | null;
  opportunity_gbp: Measure;
  /** The data the category lacked, as the file writes it (`operations.csv: community_dna; …`); null when complete. */
  missing: string | null;
}

/** The release's copy of benchmarking's indicators view / indicators.csv (methodology §12). */
export interface IndicatorViewRow {
  period: string;
  level: string;
  group_name: string;
  indicator: string;
  window: 'ytd' | 'month';
  base: Measure;
  current: Measure;
  change: Measure;
  change_kind: 'relative' | 'points';
}

/** The trust a section is about (an estimate row of the release fits). */
export interface PlanTrust {
  org_code: string;
  name: string;
  /** `acute`, `mental_health`, `community` or `ambulance`. */
  sector: string;
  peer_group: string;
  /** The estimate's §6 flags (UNSTABLE among them where the band is over `unstable_band`). */
  flags?: readonly string[];
}
