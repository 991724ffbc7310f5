// Registry of every schema's entities and migrations. `runMigrations` applies all of them
// (ordered by timestamp) and each service's DataSource loads the entities of its own schema.
//
// To add a schema: create `libs/persistence/src/<schema>/index.ts` exporting
//   export const <schema>Schema: SchemaRegistration = { schema: '<schema>', entities: [...], migrations: [...] };
// then import it below and append it to SCHEMAS (one line each, keep the list sorted).
import { CreateSchemas1763800000000 } from './migrations/1763800000000-CreateSchemas';
import type { SchemaRegistration } from './data-source';
import { productivitySchema } from './productivity';
import { benchmarkingSchema } from './benchmarking';
import { publicationSchema } from './publication';
import { ingestionSchema } from './ingestion';
import { costWeightsSchema } from './cost_weights';
import { deflatorsSchema } from './deflators';
import { accessSchema } from './access';

/** Schemas themselves (and `ops`), before any service migration runs. */
export const baseSchema: SchemaRegistration = {
  schema: 'public',
  entities: [],
  migrations: [CreateSchemas1763800000000],
};

export const SCHEMAS: SchemaRegistration[] = [
  baseSchema,
  publicationSchema,
  ingestionSchema,
  costWeightsSchema,
  deflatorsSchema,
  productivitySchema,
  benchmarkingSchema,
  accessSchema,
];
