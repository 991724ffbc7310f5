// Which data-contract file a name stands for. The original file name decides the kind, so a
// client cannot upload finance rows as "activity" by picking a different form field.
import { allowedEntry } from '@nhsp/service-kit';

/** Kinds stored as batches; `activity_records.csv` is aggregated on reading and stored as `activity`. */
export type BatchKind = 'trusts' | 'activity' | 'finance' | 'cost_weights' | 'deflators';

/** `notifications.csv` is stored as notifications (like POST /notifications), not as a batch. */
export type FileKind = 'trusts' | 'activity' | 'activity_records' | 'finance' | 'cost_weights' | 'deflators' | 'notifications';

export const FILE_NAMES: Record<string, FileKind> = {
  'trusts.csv': 'trusts',
  'activity.csv': 'activity',
  'activity_records.csv': 'activity_records',
  'finance.csv': 'finance',
  'cost_weights.csv': 'cost_weights',
  'deflators.csv': 'deflators',
  'notifications.csv': 'notifications',
};

export const KNOWN_FILE_NAMES = Object.keys(FILE_NAMES);

export function fileKindOf(fileName: string): FileKind | undefined {
  // An own entry only: `constructor` or `toString` must not pass for a kind.
  return allowedEntry(FILE_NAMES, fileName.trim().toLowerCase());
}

export function isReferenceKind(kind: BatchKind): kind is 'cost_weights' | 'deflators' {
  return kind === 'cost_weights' || kind === 'deflators';
}

/** Trusts first, so activity and finance of the same upload are checked against them. */
export const PROCESSING_ORDER: readonly FileKind[] = [
  'trusts',
  'activity',
  'activity_records',
  'finance',
  'cost_weights',
  'deflators',
  'notifications',
];
