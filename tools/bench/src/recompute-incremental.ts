// The incremental path of bench:recompute: after the whole history is published, a month's
// submission arrives again (every trust's activity and finance rows of the latest month, each
// activity count one higher, so the inputs really changed) and the services re-run only the
// periods whose year-to-date holds that month. Timed from the upload's start until every run it
// set off has a published release (and the month's own period has one); counts the runs, so a
// re-run of periods the month does not touch shows as wasted work.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { uploadBundle } from '../../demo/client';

export interface Incremental {
  month: string;
  activityRows: number;
  financeRows: number;
  /** Upload start → the upload answered (every batch stored), ms. */
  uploadMs: number;
  /** Upload start → the last release of a run the submission set off published, ms. */
  incrementalMs: number;
  /** Periods re-run (one run each expected), in order of the runs' creation. */
  rerunPeriods: string[];
  /** Per re-run period: its reason, and what of its stored inputs and settings differs from the run before it (why it was re-run). */
  reruns: Array<{ period: string; reason: string | null; changed: string[] }>;
}

/**
 * The runs stored before the submission, by id. (Not the latest created_at: a JS Date holds
 * milliseconds and PostgreSQL microseconds, so `created_at > latest` counted the recompute's own
 * last run, stored a fraction of a millisecond after the millisecond, as a re-run.)
 */
export async function runIdsNow(client: Pick<Client, 'query'>): Promise<string[]> {
  return (await client.query(`SELECT id::text AS id FROM productivity.run`)).rows.map((r) => r.id);
}

/** The runs not among `before`, in order of creation, and whether each has a published release. */
export async function runsSince(client: Pick<Client, 'query'>, before: readonly string[]): Promise<Array<{ period: string; published: boolean }>> {
  const { rows } = await client.query(
    `SELECT r.period, EXISTS (SELECT 1 FROM publication.release p WHERE p.run_id = r.id::text AND p.status = 'published') AS published
     FROM productivity.run r WHERE NOT (r.id::text = ANY($1::text[])) ORDER BY r.created_at`,
    [before],
  );
  return rows;
}

/** The reason of each run not among `before`, and the top-level keys of inputs (and settings) that differ from the period's previous run. */
async function whyRerun(client: Client, before: readonly string[]): Promise<Incremental['reruns']> {
  const { rows } = await client.query(
    `SELECT r.period, r.reason,
            ARRAY(SELECT k FROM jsonb_object_keys(r.inputs || coalesce(p.inputs, '{}')) k WHERE (r.inputs -> k) IS DISTINCT FROM (p.inputs -> k) ORDER BY k)
              || CASE WHEN r.settings IS DISTINCT FROM p.settings THEN ARRAY['settings'] ELSE ARRAY[]::text[] END AS changed
     FROM productivity.run r
     LEFT JOIN LATERAL (SELECT q.inputs, q.settings FROM productivity.run q WHERE q.period = r.period AND q.created_at < r.created_at ORDER BY q.created_at DESC LIMIT 1) p ON true
     WHERE NOT (r.id::text = ANY($1::text[])) ORDER BY r.created_at`,
    [before],
  );
  return rows.map((r) => ({ period: r.period, reason: r.reason, changed: r.changed }));
}

/** The rows of `file` whose `month` column is `month`, with the header; `edit` may change a row. */
async function monthRows(file: string, month: string, edit: (cells: string[], header: string[]) => void): Promise<{ text: string; rows: number }> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let header: string[] | undefined;
  let monthAt = -1;
  const out: string[] = [];
  for await (const line of lines) {
    if (!header) {
      header = line.split(',');
      monthAt = header.indexOf('month');
      out.push(line);
      continue;
    }
    // The generated bundle quotes no field, so a plain split is exact here.
    const cells = line.split(',');
    if (cells[monthAt] !== month) continue;
    edit(cells, header);
    out.push(cells.join(','));
  }
  return { text: `${out.join('\n')}\n`, rows: out.length - 1 };
}

export async function incrementalSubmission(opts: { bundle: string; month: string; ingestionUrl: string; databaseUrl: string; timeoutMs: number }): Promise<Incremental> {
  const dir = await mkdtemp(join(tmpdir(), 'nhsp-bench-incremental-'));
  const client = new Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const activity = await monthRows(join(opts.bundle, 'activity.csv'), opts.month, (cells, header) => {
      const at = header.indexOf('count');
      cells[at] = String(Number(cells[at]) + 1);
    });
    const finance = await monthRows(join(opts.bundle, 'finance.csv'), opts.month, () => undefined);
    await writeFile(join(dir, 'activity.csv'), activity.text);
    await writeFile(join(dir, 'finance.csv'), finance.text);
    const before = await runIdsNow(client);
    const started = Date.now();
    await uploadBundle(opts.ingestionUrl, dir);
    const uploadMs = Date.now() - started;
    for (;;) {
      const rows = await runsSince(client, before);
      const ownPeriod = rows.some((r) => r.period === opts.month && r.published);
      if (ownPeriod && rows.every((r) => r.published)) {
        const incrementalMs = Date.now() - started;
        return { month: opts.month, activityRows: activity.rows, financeRows: finance.rows, uploadMs, incrementalMs, rerunPeriods: rows.map((r) => r.period), reruns: await whyRerun(client, before) };
      }
      if (Date.now() - started > opts.timeoutMs) {
        throw new Error(`incremental: timed out after ${opts.timeoutMs / 1000} s; runs since the submission: ${rows.map((r) => `${r.period}${r.published ? ' (published)' : ''}`).join(', ') || 'none'}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
