import type { SchemaRegistration } from '../data-source';
import { IngestionBatchEntity, IngestionTrustEntity } from './entities';
import { CreateIngestion1795365363444 } from './migrations/1795365363444-CreateIngestion';
import { CreateNotifications1795366716434 } from './migrations/1795366716434-CreateNotifications';
import { CreateReturns1795390100000 } from './migrations/1795390100000-CreateReturns';
import { MonthFirstCurrentViews1795390150000 } from './migrations/1795390150000-MonthFirstCurrentViews';
import { NotificationLifecycle1795400200000 } from './migrations/1795400200000-NotificationLifecycle';
import { SubmissionsVersion1795420000000 } from './migrations/1795420000000-SubmissionsVersion';

export { IngestionBatchEntity, IngestionTrustEntity } from './entities';

/**
 * Activity, finance, the returns' rows, submission, return_submission and reference_file rows are written and read with SQL
 * (bulk unnest inserts, views), so they have no entities.
 */
export const ingestionSchema: SchemaRegistration = {
  schema: 'ingestion',
  entities: [IngestionBatchEntity, IngestionTrustEntity],
  migrations: [CreateIngestion1795365363444, CreateNotifications1795366716434, CreateReturns1795390100000, MonthFirstCurrentViews1795390150000, NotificationLifecycle1795400200000, SubmissionsVersion1795420000000],
};
