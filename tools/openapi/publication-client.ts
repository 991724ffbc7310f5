// The typed client of the publication API: openapi-fetch over the types openapi-typescript
// generated from the service's document (publication-api.ts). A read the document does not
// describe does not compile; and every JSON answer is checked against the schema the server's
// own /openapi.json declares for it (or, from a server without one, this checkout's description
// of it), so a server that drifts from its document fails the read.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './publication-api';
import { schemaProblems } from './schema-check';
import { serviceDocument } from './services';

export type PublicationPaths = paths;
export type PublicationClient = ReturnType<typeof createClient<paths>>;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function publicationClient(baseUrl: string, headers: Record<string, string> = {}): PublicationClient {
  const client = createClient<paths>({ baseUrl, headers });
  client.use(answersAsDocumented(baseUrl));
  return client;
}

/**
 * The JSON answer's data (an operation that also produces CSV is typed as either: this is the
 * JSON one), or an error naming the request and the problem details the server gave.
 */
export function dataOf<T>(result: { data?: T; error?: unknown; response: Response }): Exclude<T, string> {
  if (result.data === undefined) {
    throw new Error(`${result.response.url}: HTTP ${result.response.status} ${JSON.stringify(result.error ?? null).slice(0, 500)}`);
  }
  if (typeof result.data === 'string') throw new Error(`${result.response.url}: expected JSON, got ${result.response.headers.get('content-type')}`);
  return result.data as Exclude<T, string>;
}

/**
 * The server's own document; a server started with SWAGGER=false serves none (404), and then it
 * is the document this checkout describes (describeService), which that server runs.
 */
function documentOf(baseUrl: string): Promise<Json> {
  let document = documents.get(baseUrl);
  if (!document) {
    document = fetchDocument(baseUrl);
    // A failed fetch is not kept: the next read asks again.
    document.catch(() => documents.delete(baseUrl));
    documents.set(baseUrl, document);
  }
  return document;
}

/** Per server, for the life of the process: a poller makes a client per read and must not fetch it each time. */
const documents = new Map<string, Promise<Json>>();
let described: Promise<Json> | undefined;

async function fetchDocument(baseUrl: string): Promise<Json> {
  const res = await fetch(`${baseUrl}/openapi.json`);
  if (res.ok) return (await res.json()) as Json;
  if (res.status !== 404) throw new Error(`${baseUrl}/openapi.json: HTTP ${res.status}`);
  described ??= serviceDocument('publication') as Promise<Json>;
  return described;
}

function answersAsDocumented(baseUrl: string): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('application/json')) return undefined;
      const doc = await documentOf(baseUrl);
      const where = `${request.method} ${new URL(request.url).pathname}`;
      const operation = doc.paths?.[schemaPath]?.[request.method.toLowerCase()];
      if (!operation) throw new Error(`${where}: ${schemaPath} is not in the server's OpenAPI document`);
      const schema = operation.responses?.[String(response.status)]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${where}: the document declares no JSON answer ${response.status}`);
      const problems = schemaProblems(await response.clone().json(), schema, doc);
      if (problems.length > 0) throw new Error(`${where}: the answer departs from the OpenAPI document: ${problems.slice(0, 5).join('; ')}`);
      return undefined;
    },
  };
}
