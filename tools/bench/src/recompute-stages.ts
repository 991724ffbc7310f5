// Stage times of one national recompute, read from the services' own timestamps in the database:
// batches stored (ingestion), weight and deflator sets loaded, each run created, each run's
// benchmarks computed, each method-sensitivity follow-up stored, each release published.
import { Client } from 'pg';

export interface StageTimes {
  /** Milliseconds after "inputs complete" (the last upload answered), per stage; negative = before. */
  batchesStored: { first: number; last: number; count: number };
  weightSetLoaded: number | null;
  deflatorSetLoaded: number | null;
  runs: Array<{ period: string; vintage: string; createdMs: number; benchmarksMs: number | null; sensitivityMs: number | null; publishedMs: number | null }>;
  firstRunMs: number | null;
  lastRunMs: number | null;
  lastBenchmarksMs: number | null;
  lastReleaseMs: number | null;
  lastSensitivityMs: number | null;
  /** Runs of other periods than those asked for, or a second vintage of one (a sign of wasted work). */
  extraRuns: number;
}

const ms = (at: Date | null | undefined, zero: number): number | null => (at ? new Date(at).getTime() - zero : null);

export async function readStageTimes(databaseUrl: string, zero: number, periods: string[]): Promise<StageTimes> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [batches] = (await client.query(`SELECT min(received_at) AS first, max(received_at) AS last, count(*)::int AS count FROM ingestion.batch`)).rows;
    const [weights] = (await client.query(`SELECT max(loaded_at) AS at FROM cost_weights.weight_set`)).rows;
    const [deflators] = (await client.query(`SELECT max(loaded_at) AS at FROM deflators.deflator_set`)).rows;
    const runs = (
      await client.query(
        `SELECT r.id, r.period, r.vintage, r.created_at,
                (SELECT max(b.computed_at) FROM benchmarking.benchmark b WHERE b.run_id = r.id) AS benchmarks_at,
                (SELECT s.computed_at FROM productivity.sensitivity_run s WHERE s.run_id = r.id) AS sensitivity_at,
                (SELECT p.published_at FROM publication.release p WHERE p.run_id = r.id::text) AS published_at
         FROM productivity.run r ORDER BY r.created_at`,
      )
    ).rows;
    const rows = runs.map((r) => ({
      period: r.period as string,
      vintage: r.vintage as string,
      createdMs: ms(r.created_at, zero)!,
      benchmarksMs: ms(r.benchmarks_at, zero),
      sensitivityMs: ms(r.sensitivity_at, zero),
      publishedMs: ms(r.published_at, zero),
    }));
    const max = (values: Array<number | null>): number | null => {
      const known = values.filter((v): v is number => v !== null);
      return known.length ? Math.max(...known) : null;
    };
    const seen = new Set<string>();
    let extraRuns = 0;
    for (const r of rows) {
      if (!periods.includes(r.period) || seen.has(r.period)) extraRuns++;
      seen.add(r.period);
    }
    return {
      batchesStored: { first: ms(batches.first, zero) ?? 0, last: ms(batches.last, zero) ?? 0, count: batches.count },
      weightSetLoaded: ms(weights.at, zero),
      deflatorSetLoaded: ms(deflators.at, zero),
      runs: rows,
      firstRunMs: rows.length ? Math.min(...rows.map((r) => r.createdMs)) : null,
      lastRunMs: max(rows.map((r) => r.createdMs)),
      lastBenchmarksMs: max(rows.map((r) => r.benchmarksMs)),
      lastReleaseMs: max(rows.map((r) => r.publishedMs)),
      lastSensitivityMs: max(rows.map((r) => r.sensitivityMs)),
      extraRuns,
    };
  } finally {
    await client.end();
  }
}
