// The OpenAPI description of a plan-view or pack list route: its own filters and the common
// release, format, sort and paging parameters, written once.
import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';

export interface Filter {
  name: string;
  description?: string;
  enum?: readonly string[];
}

export function ListRoute(summary: string, filters: readonly Filter[], sortable: Record<string, string>, schema: object) {
  return applyDecorators(
    ApiOperation({ summary }),
    ...filters.map((f) => ApiQuery({ name: f.name, required: false, description: f.description, ...(f.enum ? { enum: [...f.enum] } : {}) })),
    ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' }),
    ApiQuery({ name: 'release', required: false, description: "a release id instead of the period's current release" }),
    ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'], description: 'or Accept: text/csv; the CSV has the data contract file\'s columns' }),
    ApiQuery({ name: 'sort', required: false, enum: Object.keys(sortable) }),
    ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] }),
    ApiQuery({ name: 'limit', required: false, description: 'JSON: default 100, at most 5000; CSV: every row unless given' }),
    ApiQuery({ name: 'offset', required: false }),
    ApiOkResponse({ schema }),
    ApiBadRequestResponse({ description: 'a parameter unknown, repeated or outside its allowed values (problem details)' }),
    ApiNotFoundResponse({ description: 'no release visible to the caller for the period or id (problem details)' }),
  );
}
