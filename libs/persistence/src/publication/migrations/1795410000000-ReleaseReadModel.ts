import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The rest of a release's own copy (issue 12.1, "a published release is one read model"): its
 * estimates (with the estimate's detail: missing months, notifications, evidence), aggregates,
 * benchmarks and contributions, and ingestion's notifications as they stood when the release
 * was assembled (those the run or its estimates cite, and the trust's others about the period's
 * months, shown to analysts). With the plan view and packs (ReleasePlanAndPacks) and the
 * manifest (the run's settings and inputs) the /v1 API, the report and the downloads read only
 * these: a published release never changes when a source view does.
 *
 * release_snapshot marks a release whose copy is complete, and records whether the owner's
 * contributions view was there (none there: "not available", not "no contributions"). Releases
 * assembled before this migration have no mark: their copy is taken from the owners' views the
 * first time one of them is read (release-snapshot.ts, holdReadModel), so nothing is read from
 * other schemas here, whose views may not exist yet when migrations run.
 */
export class ReleaseReadModel1795410000000 implements MigrationInterface {
  name = 'ReleaseReadModel1795410000000';

  async up(q: QueryRunner): Promise<void> {
    const release = 'release_id uuid NOT NULL REFERENCES publication.release (id) ON DELETE CASCADE, seq integer NOT NULL';
    const measures = `cwa_base numeric, cwa_current numeric, output_growth numeric, real_spend_base numeric,
      real_spend_current numeric, input_growth numeric, productivity_growth numeric`;
    await q.query(`
      CREATE TABLE publication.release_snapshot (
        release_id uuid PRIMARY KEY REFERENCES publication.release (id) ON DELETE CASCADE,
        contributions boolean NOT NULL, copied_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      CREATE TABLE publication.release_estimate (
        ${release}, org_code text NOT NULL, name text NOT NULL, sector text NOT NULL, region text NOT NULL,
        peer_group text NOT NULL, months integer NOT NULL, status text NOT NULL, ${measures},
        flags text[] NOT NULL, detail jsonb,
        PRIMARY KEY (release_id, seq))`);
    await q.query('CREATE INDEX release_estimate_org ON publication.release_estimate (release_id, org_code)');
    await q.query(`
      CREATE TABLE publication.release_aggregate (
        ${release}, level text NOT NULL, group_name text NOT NULL, trusts integer NOT NULL, ${measures},
        PRIMARY KEY (release_id, seq))`);
    await q.query(`
      CREATE TABLE publication.release_benchmark (
        ${release}, org_code text NOT NULL, peer_group text NOT NULL, group_kind text NOT NULL, metric text NOT NULL,
        value numeric, benchmark numeric, opportunity_gbp numeric, opportunity_units numeric, score numeric,
        rank integer, group_size integer NOT NULL,
        PRIMARY KEY (release_id, seq))`);
    await q.query('CREATE INDEX release_benchmark_org ON publication.release_benchmark (release_id, org_code)');
    await q.query(`
      CREATE TABLE publication.release_contribution (
        ${release}, org_code text NOT NULL, side text NOT NULL, component text NOT NULL,
        base numeric NOT NULL, current numeric NOT NULL, contribution numeric,
        PRIMARY KEY (release_id, seq))`);
    await q.query('CREATE INDEX release_contribution_org ON publication.release_contribution (release_id, org_code)');
    // raised_at as ingestion's view gave it in JSON (ISO 8601 with offset), the form every reader shows.
    await q.query(`
      CREATE TABLE publication.release_notification (
        ${release}, id text NOT NULL, org_code text NOT NULL, month text NOT NULL, category text NOT NULL, text text NOT NULL,
        raised_at text, status text, status_note text,
        PRIMARY KEY (release_id, seq))`);
    await q.query('CREATE INDEX release_notification_org ON publication.release_notification (release_id, org_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['release_notification', 'release_contribution', 'release_benchmark', 'release_aggregate', 'release_estimate', 'release_snapshot']) {
      await q.query(`DROP TABLE IF EXISTS publication.${table}`);
    }
  }
}
