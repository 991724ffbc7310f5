import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A release's own copy of the plan view and the packs (docs/services-design.md, "The plan view
 * and the packs between services"): targets, index, stability (trust rows and England's rank
 * stability as stability.csv lays them out), the method-sensitivity spread per trust,
 * opportunities and indicators. Copied from the owners' views when publication assembles the
 * release, in the same transaction, so a published release never changes when a source view
 * does; served only through ReleaseService.visibleRelease, so an unpublished release's rows are
 * as invisible to the public as its estimates. `seq` is the row's place in the file `nhsp
 * compute` writes (ORDER BY seq gives it); measures numeric and unrounded (the files round
 * money and units on writing).
 */
export class ReleasePlanAndPacks1795390500000 implements MigrationInterface {
  name = 'ReleasePlanAndPacks1795390500000';

  async up(q: QueryRunner): Promise<void> {
    const release = 'release_id uuid NOT NULL REFERENCES publication.release (id) ON DELETE CASCADE, seq integer NOT NULL';
    await q.query(`
      CREATE TABLE publication.release_target (
        ${release}, level text NOT NULL, group_name text NOT NULL, period text NOT NULL,
        productivity_growth numeric, target numeric, on_track boolean NOT NULL,
        required_output_growth_rest numeric, required_productivity_growth_rest numeric,
        savings_needed_gbp numeric, projected_full_year_growth numeric,
        PRIMARY KEY (release_id, seq))`);
    await q.query(`
      CREATE TABLE publication.release_index (
        ${release}, level text NOT NULL, group_name text NOT NULL, year text NOT NULL,
        output_growth numeric, input_growth numeric, productivity_growth numeric, index_value numeric,
        in_progress boolean NOT NULL,
        PRIMARY KEY (release_id, seq))`);
    // England's row (national) carries rank_stability in band, as stability.csv's last row does.
    await q.query(`
      CREATE TABLE publication.release_stability (
        ${release}, org_code text NOT NULL, period text NOT NULL, national boolean NOT NULL,
        productivity_growth numeric, month_move numeric, band numeric, revision_range numeric,
        PRIMARY KEY (release_id, seq))`);
    await q.query(`
      CREATE TABLE publication.release_sensitivity (
        release_id uuid NOT NULL REFERENCES publication.release (id) ON DELETE CASCADE,
        org_code text NOT NULL, variant text NOT NULL, productivity_growth numeric, spread numeric,
        PRIMARY KEY (release_id, org_code, variant))`);
    await q.query(`
      CREATE TABLE publication.release_opportunity (
        ${release}, period text NOT NULL, org_code text NOT NULL, sector text NOT NULL, metric text NOT NULL,
        dimension text, value numeric, benchmark numeric, benchmark_group text, opportunity_units numeric,
        unit text, opportunity_gbp numeric, missing text,
        PRIMARY KEY (release_id, seq))`);
    await q.query('CREATE INDEX release_opportunity_org ON publication.release_opportunity (release_id, org_code)');
    await q.query('CREATE INDEX release_opportunity_metric ON publication.release_opportunity (release_id, metric)');
    await q.query(`
      CREATE TABLE publication.release_indicator (
        ${release}, period text NOT NULL, level text NOT NULL, group_name text NOT NULL, indicator text NOT NULL,
        "window" text NOT NULL, base numeric, current numeric, change numeric, change_kind text NOT NULL,
        PRIMARY KEY (release_id, seq))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['release_indicator', 'release_opportunity', 'release_sensitivity', 'release_stability', 'release_index', 'release_target']) {
      await q.query(`DROP TABLE IF EXISTS publication.${table}`);
    }
  }
}
