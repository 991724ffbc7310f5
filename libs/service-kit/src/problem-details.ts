// Every HTTP error leaves the services as RFC 9457 problem details (application/problem+json).
// In message handlers the same filter re-throws the original error so the job records it;
// a client error (validation, 4xx) becomes unrecoverable because retrying cannot fix it.
// A wait for a database connection that expired is 503 with Retry-After (pool-wait.ts).
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { ZodValidationException } from 'nestjs-zod';
import { printable, shorten } from '@nhsp/data-contract';
import { PermanentJobError } from '@nhsp/queue';
import { throwError } from 'rxjs';
import { BUSY_DETAIL, BUSY_RETRY_AFTER_S, isPoolWaitExpired } from './pool-wait';

export interface ProblemFieldError {
  /** Dotted path of the offending field, e.g. `body.months.0`. */
  path: string;
  message: string;
  code?: string;
}

interface ProblemFields {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
}

/** RFC 9457 body; extension members (e.g. `requestId`, `health`) are allowed. */
export type ProblemDetails = ProblemFields & Record<string, unknown>;

export type ProblemInit = Omit<ProblemFields, 'title'> & { title?: string; extensions?: Record<string, unknown> };

/** Throw from a controller or service to answer with a specific problem type. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail ?? problem.title ?? '', problem.status);
  }
}

export const PROBLEM_TYPES = {
  validation: 'urn:nhsp:problem:validation',
  notFound: 'urn:nhsp:problem:not-found',
  internal: 'urn:nhsp:problem:internal',
  busy: 'urn:nhsp:problem:busy',
} as const;

/** Refusals of the request edge (edge/request-edge.ts), before anything reads the request. */
export const EDGE_PROBLEMS = {
  bodyTooLarge: 'urn:nhsp:problem:body-too-large',
  unsupportedMediaType: 'urn:nhsp:problem:unsupported-media-type',
} as const;

/** The 404 for anything a request names that does not exist (a run, a trust's estimate, a key). */
export function notFound(detail: string): ProblemException {
  return new ProblemException({ type: PROBLEM_TYPES.notFound, title: 'Not Found', status: HttpStatus.NOT_FOUND, detail });
}

/**
 * The 400 for one value a handler checked itself: `path` names it (a query parameter, a body
 * field) in the one `errors` entry, with the contract's error `code` where it documents one.
 */
export function badRequest(detail: string, path?: string, code?: string): ProblemException {
  return new ProblemException({
    type: PROBLEM_TYPES.validation,
    title: 'Bad Request',
    status: HttpStatus.BAD_REQUEST,
    detail,
    ...(path ? { errors: [{ path, message: detail, ...(code ? { code } : {}) }] } : {}),
  });
}

/** A schema issue as zod reports it: what a validation problem shows of it. */
export interface ValidationIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
}

/** The 400 for a request a handler checked against a schema itself: one `errors` entry per issue. */
export function invalidRequest(detail: string, issues: readonly ValidationIssue[]): ProblemException {
  return new ProblemException({
    type: PROBLEM_TYPES.validation,
    title: 'Invalid request',
    status: HttpStatus.BAD_REQUEST,
    detail,
    errors: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })),
  });
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return throwError(() => forJob(exception));
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const problem = toProblem(exception, request.originalUrl ?? request.url);
    if (problem.type === PROBLEM_TYPES.busy) {
      // Overload, not a fault: one line, no stack.
      this.logger.warn(`${request.method} ${problem.instance}: no database connection within the pool's wait; answered 503`);
      response.setHeader('Retry-After', String(BUSY_RETRY_AFTER_S));
      problem.requestId = request.id;
    } else if (problem.status >= 500 && !isHealthReport(exception)) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      problem.requestId = request.id;
    }
    response.status(problem.status).type('application/problem+json').json(problem);
  }
}

export function toProblem(exception: unknown, instance?: string): ProblemDetails {
  if (exception instanceof ProblemException) {
    const { extensions, ...p } = exception.problem;
    return { ...extensions, ...p, title: p.title ?? statusText(p.status), instance: p.instance ?? instance };
  }
  if (exception instanceof ZodValidationException) {
    const issues = (exception.getZodError() as { issues?: Array<{ path: PropertyKey[]; message: string; code?: string }> })
      .issues ?? [];
    return {
      type: PROBLEM_TYPES.validation,
      title: 'Invalid request',
      status: HttpStatus.BAD_REQUEST,
      detail: `${issues.length} field(s) failed validation`,
      instance,
      errors: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const problem: ProblemDetails = { type: 'about:blank', title: statusText(status), status, instance };
    if (isHealthReport(exception)) {
      problem.detail = 'One or more dependencies are unavailable';
      problem.health = body;
    } else if (typeof body === 'string') {
      problem.detail = body;
    } else if (body && typeof body === 'object' && 'message' in body) {
      const message = (body as { message: unknown }).message;
      problem.detail = Array.isArray(message) ? message.join('; ') : String(message);
    }
    return problem;
  }
  const clientError = problemForHttpError(exception);
  if (clientError) return toProblem(clientError, instance);
  if (isPoolWaitExpired(exception)) {
    return {
      type: PROBLEM_TYPES.busy,
      title: statusText(503),
      status: 503,
      detail: BUSY_DETAIL,
      instance,
    };
  }
  return {
    type: PROBLEM_TYPES.internal,
    title: statusText(500),
    status: 500,
    detail: 'Unexpected error; it has been logged with the request id',
    instance,
  };
}

/**
 * The problem for an error of the body parsers (http-errors with a `type`), or undefined for
 * any other error. Used by toProblem, so these are 4xx problem details, never a 500.
 */
function problemForHttpError(error: unknown): ProblemException | undefined {
  const e = error as { type?: unknown; status?: unknown; expose?: unknown; limit?: unknown; charset?: unknown; message?: unknown } | null;
  if (!(error instanceof Error) || typeof e?.type !== 'string' || typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || e.expose !== true) {
    return undefined;
  }
  switch (e.type) {
    case 'entity.too.large':
      return new ProblemException({
        type: EDGE_PROBLEMS.bodyTooLarge,
        status: HttpStatus.PAYLOAD_TOO_LARGE,
        detail: `The request body is larger than the ${e.limit} bytes this service accepts`,
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ProblemException({
        type: EDGE_PROBLEMS.unsupportedMediaType,
        status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        detail: `The request body must be UTF-8${typeof e.charset === 'string' ? `, not ${shownText(e.charset)}` : ''}`,
      });
    default:
      return new ProblemException({ type: 'about:blank', status: e.status, detail: shownText(String(e.message)) });
  }
}

/** A client's text as a message shows it: control characters escaped (data-contract's printable), shortened. */
export function shownText(text: string): string {
  return printable(shorten(text, 100));
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Terminus answers 503 with {status:'error', info, error, details}: keep that body. */
function isHealthReport(exception: unknown): boolean {
  if (!(exception instanceof HttpException)) return false;
  const body = exception.getResponse();
  return typeof body === 'object' && body !== null && 'details' in body && 'status' in body;
}

function forJob(exception: unknown): unknown {
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const problem = toProblem(exception);
    const errors = problem.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
    return new PermanentJobError(`${problem.title}: ${errors || problem.detail || exception.message}`);
  }
  return exception;
}
