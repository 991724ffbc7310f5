// What @nestjs/swagger cannot know about an operation, written into the document from the same
// facts the service runs on: who may call it (the access guard's rule), what it answers (its
// @ApiProduces media types) and how it fails (problem details). One pass over every operation,
// so no controller has to repeat it and none can forget it.
import type { AccessRule } from '../access/decorators';
import { KEY_SECURITY, PROBLEM_MEDIA_TYPE, PROBLEM_RESPONSES } from './components';

/** What the service knows about the handler behind an operation. */
export interface EndpointFacts {
  /** The access guard's rule for it (accessRuleOf). */
  rule: AccessRule;
  /** Media types of its answers (@ApiProduces on the handler or its controller); empty = JSON. */
  produces: string[];
}

export interface OperationOptions {
  /** Paths (templates as the document writes them) under a rate limit: they declare 429. */
  rateLimited?: RegExp;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const TEXT_TYPES = /^text\//;
const JSON_TYPES = /^application\/(.+\+)?json$/;

/**
 * Completes every operation of `doc` in place. `facts` is keyed by Nest's default operationId
 * (`<ControllerClass>_<method>`), which is replaced by a readable unique one (`releasesLatest`).
 * An operation without facts means the document and the routes disagree: that throws.
 */
export function completeOperations(doc: Json, facts: Map<string, EndpointFacts>, options: OperationOptions = {}): void {
  const ids = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation: Json | undefined = item[method];
      if (!operation) continue;
      const fact = facts.get(operation.operationId);
      if (!fact) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} (${operation.operationId}) has no handler the service knows`);
      operation.operationId = uniqueId(readableId(operation.operationId), ids);
      declareAccess(operation, fact.rule);
      declareQueryTypes(operation);
      declareAnswers(operation, fact.produces);
      declareProblems(operation, path, method, fact.rule, options, fact.produces);
    }
  }
}

/** `ReleasesController_latest` → `releasesLatest`. */
function readableId(nestId: string): string {
  const [controller, method = ''] = nestId.split('_');
  const base = controller.replace(/Controller$/, '');
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}${method.charAt(0).toUpperCase()}${method.slice(1)}`;
}

function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}${n}`;
  taken.add(candidate);
  return candidate;
}

/** Public operations need no key (`security: []`); the others name the schemes and the roles. */
function declareAccess(operation: Json, rule: AccessRule): void {
  if (rule.kind === 'public') {
    operation.security = [];
    return;
  }
  operation.security = KEY_SECURITY;
  operation['x-roles'] = [...rule.roles];
  const roles = `Needs an API key with role ${rule.roles.join(' or ')} (admin may do everything; a publisher also reads as analyst).`;
  operation.description = operation.description ? `${operation.description}\n\n${roles}` : roles;
}

/** Query values arrive as text: a parameter declared without a schema is a string. */
function declareQueryTypes(operation: Json): void {
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'query' && parameter.schema && Object.keys(parameter.schema).length === 0) parameter.schema = { type: 'string' };
  }
}

/**
 * Success answers: a description, every produced media type with a schema that says what it
 * is (CSV and HTML are text, a workbook is binary, never the JSON schema), and `required`
 * lists on the JSON objects.
 */
function declareAnswers(operation: Json, produces: string[]): void {
  for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    if (!response.description) response.description = status === '201' ? 'Created' : 'OK';
    if (status === '204') continue;
    const content: Json = response.content ?? {};
    for (const type of produces) content[type] ??= {};
    for (const [type, media] of Object.entries<Json>(content)) {
      if (JSON_TYPES.test(type)) {
        if (media.schema) requireEveryProperty(media.schema);
      } else if (type === 'text/csv') {
        media.schema = { type: 'string', description: 'CSV (RFC 4180, UTF-8) with a header row' };
      } else if (TEXT_TYPES.test(type)) {
        media.schema = { type: 'string' };
      } else {
        media.schema = { type: 'string', format: 'binary' };
      }
    }
    if (Object.keys(content).length > 0) response.content = content;
  }
}

/**
 * Every property of an answer is always present (null when it has no value): an object schema
 * written without `required` gets all its properties. A schema that lists `required` itself
 * (a field that may be absent) is left as it is.
 */
export function requireEveryProperty(schema: Json): void {
  if (!schema || typeof schema !== 'object' || schema.$ref) return;
  if (schema.properties && typeof schema.properties === 'object') {
    if (!Array.isArray(schema.required)) schema.required = Object.keys(schema.properties);
    for (const property of Object.values<Json>(schema.properties)) requireEveryProperty(property);
  }
  if (schema.items) requireEveryProperty(schema.items);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const part of schema[key] ?? []) requireEveryProperty(part);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') requireEveryProperty(schema.additionalProperties);
}

/** The 4xx answers this operation can give, as problem details (components.responses). */
function declareProblems(operation: Json, path: string, method: string, rule: AccessRule, options: OperationOptions, produces: string[]): void {
  const statuses = new Set<string>();
  const takesInput = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
  // The request edge refuses hostile text in any URL, so every operation can answer 400.
  statuses.add('400');
  if (rule.kind !== 'public') statuses.add('401').add('403');
  if (path.includes('{') || takesInput) statuses.add('404');
  statuses.add('406');
  if (operation.requestBody !== undefined || !['get', 'head', 'options', 'delete'].includes(method)) statuses.add('413').add('415');
  if (options.rateLimited?.test(path)) statuses.add('429');
  const responses: Json = (operation.responses ??= {});
  // A web page explains its own 400 and 404 as a page; the request edge's refusals stay problem details.
  const htmlPage = produces.includes('text/html');
  for (const status of [...statuses].sort()) {
    if (responses[status]) continue;
    responses[status] = htmlPage && (status === '400' || status === '404') ? pageOrProblem(status) : { $ref: `#/components/responses/${PROBLEM_RESPONSES[status].name}` };
  }
}

function pageOrProblem(status: string): Json {
  return {
    description: `${PROBLEM_RESPONSES[status].description}: an HTML page for a reader, or problem details from the request edge`,
    content: { 'text/html': { schema: { type: 'string' } }, [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}
