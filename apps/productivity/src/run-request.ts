// What a run may be asked for, by POST /runs and by a run.requested message alike: the period,
// optionally the vintage, and the methodology's own settings schema (every setting with its default).
import { z } from 'zod';
import { requestedSettingsSchema } from '@nhsp/methodology';
import { VINTAGES } from './runs.service';

export const runRequestSchema = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/, 'period must be YYYY-MM'),
  vintage: z.enum(VINTAGES).optional(),
  settings: requestedSettingsSchema.optional(),
});
