// tools/fixtures/bad/MANIFEST.json: which hostile file goes to which reader and what must come
// back. Shared by the reader corpus spec and the ingestion corpus spec.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ActivityReadOptions,
  readActivity,
  readActivityRecords,
  readBundle,
  readDeflators,
  readFinance,
  readMedicines,
  readNccSchedule,
  readOperations,
  readTrustCosts,
  readTrusts,
  readUnitCosts,
  readWorkforce,
} from '@nhsp/data-contract';

export const BAD_DIR = join(__dirname, '../fixtures/bad');
export const MANIFEST_PATH = join(BAD_DIR, 'MANIFEST.json');

export type ReaderName =
  | 'readActivity'
  | 'readActivityRecords'
  | 'readFinance'
  | 'readTrusts'
  | 'readNccSchedule'
  | 'readDeflators'
  | 'readTrustCosts'
  | 'readWorkforce'
  | 'readOperations'
  | 'readMedicines'
  | 'readUnitCosts'
  | 'readBundle';

/** Every reader the corpus must cover. */
export const READER_NAMES: readonly ReaderName[] = [
  'readActivity',
  'readActivityRecords',
  'readFinance',
  'readTrusts',
  'readNccSchedule',
  'readDeflators',
  'readTrustCosts',
  'readWorkforce',
  'readOperations',
  'readMedicines',
  'readUnitCosts',
  'readBundle',
];

/**
 * unreadable: rejected whole, even under quarantine. bad-rows: every bad row reported, nothing
 * returned under reject. valid: not an error. kept-as-data: accepted with the values verbatim.
 */
export type Expectation = 'unreadable' | 'bad-rows' | 'valid' | 'kept-as-data';

export interface ExpectedIssue {
  /** Only for bundles, whose issues come from several files; otherwise the entry's own file. */
  file?: string;
  line: number | null;
  column: string | null;
  /** A regular expression the reason must match. */
  reason: string;
}

export interface ManifestEntry {
  file: string;
  /** Made at test time by make-corpus.ts rather than committed. */
  generated: boolean;
  reader: ReaderName;
  kind: string;
  hostile: string;
  options?: { knownOrgCodes?: string[] };
  expect: Expectation;
  issueCount?: number;
  /** All issues in reported order, or, with storedIssues, the first ones. */
  issues?: ExpectedIssue[];
  storedIssues?: number;
  lastStoredLine?: number;
  rowsUnderQuarantine?: number;
  rejectedFiles?: string[];
  keptValues?: Record<string, string[]>;
  bytes?: number;
  sha256?: string;
  measureMemory?: boolean;
  zipEntry?: { name: string; uncompressedBytes: number };
}

export interface Manifest {
  about: string;
  entries: ManifestEntry[];
}

export function loadManifest(): Manifest {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
}

export type OnError = 'reject' | 'quarantine';

/** What a read gave back, reduced to what the manifest speaks about. */
export interface ReadOutcome {
  rows: object[];
  issues: { file: string; line: number | null; column: string | null; reason: string }[];
  issueCount: number;
}

/** Runs the entry's reader on `path`; rejects as the reader does. */
export async function readEntry(entry: ManifestEntry, path: string, onError: OnError): Promise<ReadOutcome> {
  const options: ActivityReadOptions = { onError, ...entry.options };
  switch (entry.reader) {
    case 'readActivity':
      return await readActivity(path, options);
    case 'readActivityRecords':
      return await readActivityRecords(path, options);
    case 'readFinance':
      return await readFinance(path, options);
    case 'readTrusts':
      return await readTrusts(path, { onError });
    case 'readNccSchedule':
      return await readNccSchedule(path, { onError });
    case 'readDeflators':
      return await readDeflators(path, { onError });
    case 'readTrustCosts':
      return await readTrustCosts(path, options);
    case 'readWorkforce':
      return await readWorkforce(path, options);
    case 'readOperations':
      return await readOperations(path, options);
    case 'readMedicines':
      return await readMedicines(path, options);
    case 'readUnitCosts':
      return await readUnitCosts(path, { onError });
    case 'readBundle': {
      const bundle = await readBundle(path, { onError });
      return { rows: [], issues: bundle.issues, issueCount: bundle.issueCount };
    }
  }
}
