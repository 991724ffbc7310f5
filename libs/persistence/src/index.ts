export * from './naming';
export * from './data-source';
// The connection helpers live in @nhsp/connections (the queue needs them too); re-exported for
// the services that found them here.
export * from '@nhsp/connections';
export * from './migrations-runner';
export { SCHEMAS, baseSchema } from './schemas';
export * from './publication';
export * from './productivity';
export * from './benchmarking';
// Tests that run several services on one database list their registrations.
export { ingestionSchema } from './ingestion';
// What other services keep of ingestion's submissions, under the version its view names.
export { HeldBySubmissionsVersion, SubmissionsVersionReader } from './ingestion/submissions-version';
export { costWeightsSchema } from './cost_weights';
export { deflatorsSchema } from './deflators';
