// Which data-contract file a name stands for. The original file name decides the kind, so a
// client cannot upload finance rows as "activity" by picking a different form field.
import { allowedEntry } from '@nhsp/service-kit';

/** A trust's optional operational returns (methodology §11–§12), stored per trust and month (trust costs: per trust and year). */
export type TrustReturnKind = 'trust_costs' | 'workforce' | 'operations' | 'medicines';
export const TRUST_RETURN_KINDS: readonly TrustReturnKind[] = ['trust_costs', 'workforce', 'operations', 'medicines'];

/** Kinds stored as batches; `activity_records.csv` is aggregated on reading and stored as `activity`. */
export type BatchKind = 'trusts' | 'activity' | 'finance' | TrustReturnKind | 'unit_costs' | 'cost_weights' | 'deflators';

/** `notifications.csv` is stored as notifications (like POST /notifications), not as a batch. */
export type FileKind = BatchKind | 'activity_records' | 'notifications';

export const FILE_NAMES: Record<string, FileKind> = {
  'trusts.csv': 'trusts',
  'activity.csv': 'activity',
  'activity_records.csv': 'activity_records',
  'finance.csv': 'finance',
  'trust_costs.csv': 'trust_costs',
  'workforce.csv': 'workforce',
  'operations.csv': 'operations',
  'medicines.csv': 'medicines',
  'unit_costs.csv': 'unit_costs',
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

/** Trusts first, so every trust's file of the same upload is checked against them. */
export const PROCESSING_ORDER: readonly FileKind[] = [
  'trusts',
  'activity',
  'activity_records',
  'finance',
  'trust_costs',
  'workforce',
  'operations',
  'medicines',
  'unit_costs',
  'cost_weights',
  'deflators',
  'notifications',
];
