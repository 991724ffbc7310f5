import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { ActivityRecord } from '@nhsp/domain';
import { DEFAULT_MAX_ISSUES, IssueCollector } from '../issues';
import { ColumnSpec, CsvPass, ReadOptions, ReadResult, finish } from '../csv/reader';
import { DEFAULT_LIMITS } from '../csv/record-parser';
import { CsvSource, sourceName } from '../csv/source';
import { ActivityRecordCells, CellJudge } from './judge';
import { Merged, NotExact, mergeRanges } from './merge';
import { FilePlan, lineAlignedBoundaries, planFile } from './plan';
import { RangeJob, SLOTS, ScannedMessage } from './protocol';
import { RangeWorker, UnusualRange } from './range-workers';

export interface ParallelOptions {
  /** Worker threads; default: one per CPU, fewer for small files. */
  workers?: number;
  /** Files smaller than this are read by the streaming reader (starting workers costs tens of ms). */
  minBytes?: number;
  /** Told which way the file was read, and why not in parallel: for logs, benchmarks and tests. */
  onChoice?: (choice: ReadChoice) => void;
}

export type ReadChoice = { path: 'parallel'; workers: number } | { path: 'streaming'; reason: string };

export const DEFAULT_PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
/** Below this much data per worker, another worker costs more than it saves. */
const MIN_BYTES_PER_WORKER = 2 * 1024 * 1024;
/** Distinct values per column a worker keeps: generous for real files, bounded for hostile ones. */
const DICTIONARY_LIMIT = 1 << 18;

/** Either the result, or why the streaming reader must read this file instead. */
export type ParallelRead = { result: ReadResult<ActivityRecord>; workers: number } | { fallback: string };

/**
 * activity_records.csv read by worker threads over line-aligned byte ranges, giving exactly
 * what the streaming reader gives: the same aggregates in the same order, the same issues
 * (line, column, value, reason), counts and sha256. It takes only plain files (a path, no
 * quotes, LF or CRLF, UTF-8) and says so, with the reason, for anything else.
 */
export async function readActivityRecordsInParallel(
  source: CsvSource,
  spec: ColumnSpec,
  options: ReadOptions & { parallel?: ParallelOptions },
  cells: ActivityRecordCells,
): Promise<ParallelRead> {
  const read = await readInParallel(source, spec, options, cells);
  const choice: ReadChoice = 'pass' in read ? { path: 'parallel', workers: read.workers } : { path: 'streaming', reason: read.fallback };
  options.parallel?.onChoice?.(choice);
  // Under `reject`, finish throws the file's BadFileError, as the streaming reader does.
  return 'pass' in read ? { result: finish(read.pass, read.records), workers: read.workers } : read;
}

async function readInParallel(
  source: CsvSource,
  spec: ColumnSpec,
  options: ReadOptions & { parallel?: ParallelOptions },
  cells: ActivityRecordCells,
): Promise<{ pass: CsvPass; records: ActivityRecord[]; workers: number } | { fallback: string }> {
  const path = typeof source === 'string' ? source : 'path' in source ? source.path : null;
  if (path === null) return { fallback: 'not a file path' };
  const file = options.name ?? sourceName(source, 'activity_records.csv');
  const minBytes = options.parallel?.minBytes ?? DEFAULT_PARALLEL_MIN_BYTES;
  const layout = await layOut(path, file, spec, options, minBytes, options.parallel?.workers);
  if ('fallback' in layout) return layout;
  return oneAtATime(() => readRanges(path, file, layout.plan, layout.boundaries, options, cells));
}

let previous: Promise<unknown> = Promise.resolve();

/**
 * Parallel reads in one process run one at a time: each already keeps every CPU busy, and
 * concurrent uploads would otherwise multiply worker threads and their memory.
 */
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = previous.then(task, task);
  previous = run.catch(() => undefined);
  return run;
}

async function readRanges(
  path: string,
  file: string,
  plan: FilePlan,
  boundaries: number[],
  options: ReadOptions & { parallel?: ParallelOptions },
  cells: ActivityRecordCells,
): Promise<{ pass: CsvPass; records: ActivityRecord[]; workers: number } | { fallback: string }> {
  const hashing = new AbortController();
  const digest = sha256Of(path, hashing.signal);
  digest.catch(() => undefined); // awaited below; a fallback abandons it
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const workers = boundaries.slice(0, -1).map(
    (start, r): RangeWorker =>
      new RangeWorker({
        path,
        start,
        end: boundaries[r + 1],
        width: plan.width,
        fields: plan.fields,
        maxFields: limits.maxFields,
        maxLineBytes: limits.maxRecordChars,
        dictionaryLimit: DICTIONARY_LIMIT,
      } satisfies RangeJob),
  );
  try {
    const scans = await Promise.all(workers.map((worker) => worker.scanned()));
    const judge = new CellJudge(cells);
    const merged = mergeRanges(scans, judge);
    const onError = options.onError ?? 'reject';
    const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
    const issues = new IssueCollector(file, maxIssues);
    await collectIssues(workers, scans, merged, judge, plan, issues, maxIssues);
    const { sha256, bytes } = await digest;
    if (bytes !== plan.size) throw new NotExact('the file changed while it was read');
    const { recordsRead, badRecords } = merged;
    const pass: CsvPass = { file, issues, columns: plan.columns, recordsRead, badRecords, sha256, bytes, onError };
    return { pass, records: merged.records, workers: workers.length };
  } catch (error) {
    if (error instanceof UnusualRange) return { fallback: `the data holds ${error.message}` };
    if (error instanceof NotExact) return { fallback: error.message };
    throw error;
  } finally {
    hashing.abort();
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

async function layOut(
  path: string,
  file: string,
  spec: ColumnSpec,
  options: ReadOptions,
  minBytes: number,
  workers: number | undefined,
): Promise<{ plan: FilePlan; boundaries: number[] } | { fallback: string }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return { fallback: 'the file cannot be opened' };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { fallback: 'not a regular file' };
    if (stat.size < minBytes) return { fallback: `smaller than ${minBytes} bytes` };
    const plan = await planFile(handle, stat.size, file, spec, options);
    if (!plan) return { fallback: 'the header is not one plain line' };
    const data = plan.size - plan.dataStart;
    const count = workers ?? Math.max(1, Math.min(availableParallelism(), Math.floor(data / MIN_BYTES_PER_WORKER)));
    return { plan, boundaries: await lineAlignedBoundaries(handle, plan.dataStart, plan.size, count) };
  } finally {
    await handle.close();
  }
}

/**
 * Asks each range, in file order, for the issues that will be stored (the first `maxIssues` of
 * the file) and counts the rest, whose number the first pass already gave.
 */
async function collectIssues(
  workers: RangeWorker[],
  scans: ScannedMessage[],
  merged: Merged,
  judge: CellJudge,
  plan: FilePlan,
  issues: IssueCollector,
  maxIssues: number,
): Promise<void> {
  const total = merged.issuesPerRange.reduce((sum, n) => sum + n, 0);
  if (total === 0) return;
  let room = maxIssues;
  const wanted = merged.issuesPerRange.map((n) => {
    const stored = Math.min(room, n);
    room -= stored;
    return stored;
  });
  const requests = workers.map((worker, r) => (wanted[r] > 0 ? worker.findIssues(merged.bad[r], wanted[r]) : null));
  let firstLine = 2; // line 1 is the header
  for (let r = 0; r < workers.length; r++) {
    const found = (await requests[r])?.issues ?? [];
    if (found.length < wanted[r]) throw new Error(`range ${r} listed ${found.length} of its ${wanted[r]} issues`);
    for (const issue of found) {
      const line = firstLine + issue.line;
      if (issue.slot < 0) {
        issues.add(line, null, issue.value, `${issue.fieldCount} field(s) where the header has ${plan.width}`);
        continue;
      }
      const verdict = judge.judge(issue.slot, issue.value);
      if (verdict.ok) throw new Error(`range worker reported a good ${SLOTS[issue.slot]} value as bad`);
      issues.add(line, SLOTS[issue.slot], issue.value, verdict.reason);
    }
    firstLine += scans[r].lines;
  }
  issues.count = total;
}

async function sha256Of(path: string, signal: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
