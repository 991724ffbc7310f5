export * from './components';
export { buildOpenApiDocument, OpenApiDocument } from './document';
export type { DocumentOptions } from './document';
export { completeOperations, requireEveryProperty } from './operations';
export type { EndpointFacts, OperationOptions } from './operations';
export { OpenApiController } from './openapi.controller';
export { describeService } from './describe';
