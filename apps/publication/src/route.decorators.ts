// The OpenAPI description of a /v1 route written once per kind of route, composed with
// applyDecorators, instead of a stack of @ApiOperation/@ApiProduces/@ApiQuery on every handler.
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery } from '@nestjs/swagger';

export interface QueryParam {
  name: string;
  description?: string;
  enum?: readonly string[];
}

export const FORMAT_JSON_CSV: QueryParam = { name: 'format', enum: ['json', 'csv'] };
export const LIMIT: QueryParam = { name: 'limit' };
export const OFFSET: QueryParam = { name: 'offset' };

/**
 * Optional query parameters, in the order given. Applied last to first: that is the order a
 * stack of @ApiQuery decorators is applied in (bottom up), so the document lists them as it
 * always has.
 */
export function OptionalQueries(...params: QueryParam[]) {
  const decorators = params.map((p) => ApiQuery({
    name: p.name,
    required: false,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.enum ? { enum: [...p.enum] } : {}),
  }));
  return applyDecorators(...decorators.reverse());
}

export interface AnswerDoc {
  /** Media types the route answers in (content negotiation); none: left to the controller's. */
  produces?: string[];
  queries?: QueryParam[];
  schema: object;
}

/** A GET answer: what it is, what it produces, the query it takes and the shape of its 200. */
export function Answer(summary: string, doc: AnswerDoc) {
  return applyDecorators(
    ApiOperation({ summary }),
    ...(doc.produces ? [ApiProduces(...doc.produces)] : []),
    OptionalQueries(...(doc.queries ?? [])),
    ApiOkResponse({ schema: doc.schema }),
  );
}

const RELEASE_PARAM: QueryParam = { name: 'release', description: 'a release id instead of the period\'s current release' };

/**
 * A figures list of a release (estimates, aggregates, benchmarks): the period, the route's own
 * filters, then the release, format, sort and paging every such list takes.
 */
export function FiguresList(summary: string, filters: QueryParam[], sortable: Record<string, string>, schema: object, period: QueryParam = { name: 'period' }) {
  return Answer(summary, {
    queries: [period, ...filters, RELEASE_PARAM, FORMAT_JSON_CSV, { name: 'sort', enum: Object.keys(sortable) }, { name: 'order', enum: ['asc', 'desc'] }, LIMIT, OFFSET],
    schema,
  });
}
