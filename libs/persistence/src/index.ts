export * from './naming';
export * from './data-source';
export * from './connection-errors';
export * from './migrations-runner';
export { SCHEMAS, baseSchema } from './schemas';
export * from './publication';
export * from './productivity';
export * from './benchmarking';
