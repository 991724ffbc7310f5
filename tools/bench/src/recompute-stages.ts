// Stage times of one national recompute, read from the services' own timestamps in the database:
// batches stored (ingestion), weight and deflator sets loaded, each run created, each run's
// benchmarks and packs computed, each method-sensitivity follow-up stored, each release published.
import { Client } from 'pg';

export interface StageTimes {
  /** Milliseconds after "inputs complete" (the last upload answered), per stage; negative = before. */
  batchesStored: { first: number; last: number; count: number };
  weightSetLoaded: number | null;
  deflatorSetLoaded: number | null;
  runs: Array<{ period: string; vintage: string; createdMs: number; benchmarksMs: number | null; packsMs: number | null; sensitivityMs: number | null; publishedMs: number | null }>;
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
                (SELECT max(o.computed_at) FROM benchmarking.opportunity o WHERE o.run_id = r.id) AS packs_at,
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
      packsMs: ms(r.packs_at, zero),
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

/** Median and maximum of known values, ms. */
function spread(values: Array<number | null>): { medianMs: number | null; maxMs: number | null; n: number } {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (!known.length) return { medianMs: null, maxMs: null, n: 0 };
  return { medianMs: known[Math.floor(known.length / 2)], maxMs: known[known.length - 1], n: known.length };
}

/**
 * Where a run's time goes, from the services' own timestamps: run created → its benchmarks
 * stored, → its packs and indicators stored, → its release published (after the later of the
 * two), and how far apart the runs start (the queue's pace).
 */
export function stageDurations(runs: StageTimes['runs']) {
  const starts = runs.map((r) => r.createdMs).sort((a, b) => a - b);
  return {
    runToBenchmarks: spread(runs.map((r) => (r.benchmarksMs === null ? null : r.benchmarksMs - r.createdMs))),
    runToPacks: spread(runs.map((r) => (r.packsMs === null ? null : r.packsMs - r.createdMs))),
    outputsToPublished: spread(
      runs.map((r) => (r.publishedMs === null || r.benchmarksMs === null ? null : r.publishedMs - Math.max(r.benchmarksMs, r.packsMs ?? r.benchmarksMs))),
    ),
    runToPublished: spread(runs.map((r) => (r.publishedMs === null ? null : r.publishedMs - r.createdMs))),
    gapBetweenRunStarts: spread(starts.slice(1).map((s, i) => s - starts[i])),
  };
}
