// The parts of every service's OpenAPI document that are the same everywhere: how a key is
// presented, what a problem looks like, and the 4xx answers an operation may give.
import { PROBLEM_TYPES } from '../problem-details';

/** Both ways a key is presented (access/request-access.ts); either one is enough. */
export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    // Not a JWT: an opaque key made by POST /admin/api-keys.
    bearerFormat: 'nhsp_ API key',
    description: 'An API key (`nhsp_…`) as `Authorization: Bearer nhsp_…`',
  },
  apiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'The same API key (`nhsp_…`) in the `X-API-Key` header',
  },
} as const;

/** A protected operation takes either scheme. */
export const KEY_SECURITY = [{ bearer: [] }, { apiKey: [] }];

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** RFC 9457 problem details as ProblemDetailsFilter writes them. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; extension members (e.g. requestId) may be present',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: `a URI naming the kind of problem, e.g. ${PROBLEM_TYPES.validation}`, example: PROBLEM_TYPES.notFound },
    title: { type: 'string', example: 'Not Found' },
    status: { type: 'integer', example: 404 },
    detail: { type: 'string', description: 'what went wrong with this request, in words' },
    instance: { type: 'string', description: 'the request path' },
    errors: {
      type: 'array',
      description: 'one entry per invalid field (validation problems)',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', example: 'query.period' }, message: { type: 'string' }, code: { type: 'string' } },
      },
    },
  },
};

/** The 4xx answers, shared as components.responses and referenced by each operation. */
export const PROBLEM_RESPONSES: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'The request is invalid (errors[].path names the parameter or field)' },
  '401': { name: 'Unauthenticated', description: 'No key, or an unknown or revoked key (WWW-Authenticate: Bearer)' },
  '403': { name: 'Forbidden', description: 'The key is valid but its role may not do this' },
  '404': { name: 'NotFound', description: 'Nothing of that name (an id, a period, an organisation); problem details name it' },
  '406': { name: 'NotAcceptable', description: 'The Accept header asks for a media type this operation does not produce' },
  '413': { name: 'PayloadTooLarge', description: 'The request body is larger than this service accepts' },
  '415': { name: 'UnsupportedMediaType', description: 'An encoded body, or a charset other than UTF-8' },
  '429': { name: 'TooManyRequests', description: 'Over the rate limit; Retry-After says when to try again' },
};

export function problemResponseComponents(): Record<string, object> {
  return Object.fromEntries(
    Object.values(PROBLEM_RESPONSES).map(({ name, description }) => [
      name,
      { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } },
    ]),
  );
}
