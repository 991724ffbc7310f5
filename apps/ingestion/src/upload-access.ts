// Who may upload what. A trust's submitter key may send its own activity, finance, returns
// (trust costs, workforce, operations, medicines) and notifications only (notifications.csv under
// the same rule as POST /notifications); the trust list and the national files (unit costs, cost
// weights, deflators) change every trust's figures, so they need an admin key.
import { ACCESS_PROBLEMS, assertOwnOrganisation, Principal, ProblemException } from '@nhsp/service-kit';
import type { ParsedFile } from './bundle-reader';
import { fileKindOf, FileKind, TRUST_RETURN_KINDS } from './file-kinds';

const SUBMITTER_KINDS: readonly FileKind[] = ['activity', 'activity_records', 'finance', ...TRUST_RETURN_KINDS, 'notifications'];

/** Before reading: a submitter's upload may only hold its organisation's kinds of file. */
export function assertSubmitterFileKinds(principal: Principal | undefined, fileNames: readonly string[]): void {
  if (principal?.role !== 'submitter') return;
  const national = fileNames.filter((name) => {
    const kind = fileKindOf(name);
    return kind !== undefined && !SUBMITTER_KINDS.includes(kind);
  });
  if (national.length > 0) {
    throw new ProblemException({
      type: ACCESS_PROBLEMS.forbidden,
      status: 403,
      detail:
        `${national.join(', ')}: national files need an admin key; a submitter key may send activity.csv, activity_records.csv, ` +
        'finance.csv, trust_costs.csv, workforce.csv, operations.csv, medicines.csv and notifications.csv of its own organisation',
    });
  }
}

/** After reading, before storing: every row of a submitter's upload is its own organisation's. */
export function assertOwnRows(principal: Principal | undefined, files: readonly ParsedFile[]): void {
  for (const file of files) {
    const rows = trustRows(file);
    if (rows) {
      assertOwnOrganisation(principal, new Set(rows.map((row) => row.orgCode)), file.fileName);
    } else {
      // Kinds were checked before reading; this keeps a future kind from slipping through.
      assertSubmitterFileKinds(principal, [file.fileName]);
    }
  }
}

/** The rows of a file of trusts' own data, each naming its trust; null for the national files. */
function trustRows(file: ParsedFile): readonly { orgCode: string }[] | null {
  switch (file.kind) {
    case 'activity':
    case 'finance':
    case 'trust_costs':
    case 'workforce':
    case 'operations':
    case 'medicines':
    case 'notifications':
      return file.rows;
    default:
      return null;
  }
}
