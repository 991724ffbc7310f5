// Where a reference file (an NCC schedule, an inflation series) is read from: an upload, an operator's path, or ingestion's stored copy. Shared by the cost-weights and deflators services.
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { CsvSource } from '@nhsp/data-contract';
import { safeText } from '../edge/text';
import { badRequest, invalidRequest } from '../problem-details';

export interface LoadSource {
  csv: CsvSource;
  fileName: string;
  /** `upload`, `path:<path>` or `reference:<batchId>`: kept with the set for the audit trail. */
  origin: string;
  name?: string;
}

export interface UploadedCsv {
  originalname: string;
  buffer: Buffer;
}

const setName = safeText({ max: 200 }).min(1);
const pathBody = z.object({
  path: safeText({ max: 4096 }).min(1).refine(isAbsolute, 'must be an absolute path'),
  name: setName.optional(),
});
const uploadBody = z.object({ name: setName.optional(), originalname: safeText({ max: 255 }).min(1) });

/**
 * One uploaded file (any field name), or a JSON `{ path, name? }`; anything else is a 400. A
 * multipart field passes no JSON check at the request edge, so its name and the file's name are
 * checked here: both are stored. A path is confined to DATA_ROOTS by the caller (DataRoots).
 */
export function sourceFromRequest(files: UploadedCsv[] | undefined, body: unknown): LoadSource {
  if (files && files.length > 0) {
    if (files.length > 1) throw badRequest(`send one file (got ${files.length})`, 'files');
    const [file] = files;
    const parsed = uploadBody.safeParse({ name: (body as { name?: unknown } | undefined)?.name, originalname: file.originalname });
    if (!parsed.success) throw invalidRequest('the set name and the file name must be plain text', parsed.error.issues);
    return { csv: { bytes: file.buffer, name: file.originalname }, fileName: file.originalname, origin: 'upload', name: parsed.data.name };
  }
  const parsed = pathBody.safeParse(body ?? {});
  if (!parsed.success) throw invalidRequest('send a multipart file or JSON { "path": "/abs/file.csv" }', parsed.error.issues);
  const { path } = parsed.data;
  return { csv: { path }, fileName: path.split('/').pop() ?? path, origin: `path:${path}`, name: parsed.data.name };
}
