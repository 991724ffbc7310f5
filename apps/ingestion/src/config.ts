import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { baseConfigSchema } from '@nhsp/service-kit';

export const configSchema = baseConfigSchema.extend({
  /** Largest accepted file of an upload (record-level activity files are big). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(1024 ** 3),
  /** Uploads are spooled here (disk, not memory) and deleted once the request is answered. */
  UPLOAD_DIR: z.string().default(join(tmpdir(), 'nhsp-ingestion-uploads')),
});
export type IngestionConfig = z.infer<typeof configSchema>;
