export * from './database';
export * from './wait-for';
export * from './service';
export * from './reference-set-service';
export { schemaProblems } from './openapi-schema-check';
