// One access.audit_log row per write request (POST, PUT, PATCH, DELETE) of every service,
// refused ones included: Express middleware ahead of all routes, so requests the guard rejects,
// bull-board actions and unknown paths are recorded too. The row is written once the response
// has gone, so auditing never delays or fails a request; closing the app waits for the rows.
// Whatever the request held, the row is written: every text in it passes auditText first (a
// NUL, which jsonb refuses, once cost the row of exactly the requests most worth recording).
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { matchedRoute } from './access.guard';
import { PendingWrites } from './pending-writes';
import { AccessResolver, Credential } from './request-access';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Answer not sent because the client went away (nginx's convention). */
const CLIENT_CLOSED = 499;
const MAX_TEXT = 500;

interface Observed {
  /** `id` of the JSON answer of a successful write: the entity created or changed. */
  id?: string;
  problem?: { type?: string; detail?: string };
}

@Injectable()
export class AuditLog {
  private readonly log = new Logger('AuditLog');
  private missingTableReported = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly resolver: AccessResolver,
    private readonly pending: PendingWrites,
  ) {}

  middleware(service: string) {
    return (req: Request, res: Response, next: NextFunction) => {
      if (!WRITE_METHODS.has(req.method.toUpperCase())) return next();
      const observed = observeJson(res);
      let recorded = false;
      const record = (status: number) => {
        if (recorded) return;
        recorded = true;
        this.pending.track(this.write(service, req, status, observed));
      };
      res.on('finish', () => record(res.statusCode));
      res.on('close', () => record(res.writableFinished ? res.statusCode : CLIENT_CLOSED));
      next();
    };
  }

  private async write(service: string, req: Request, status: number, observed: Observed): Promise<void> {
    try {
      const credential = await this.resolver.resolve(req);
      const route = matchedRoute(req);
      const entity = route || observed.id ? { ...route, ...(observed.id ? { id: observed.id } : {}) } : null;
      const detail = {
        ...credentialDetail(credential),
        ...(typeof (req as Request & { id?: unknown }).id === 'string' ? { requestId: (req as Request & { id: string }).id } : {}),
        ...(queryOf(req) ? { query: queryOf(req) } : {}),
        ...(observed.problem && status >= 400 ? { problem: observed.problem } : {}),
        ...(status === CLIENT_CLOSED ? { aborted: true } : {}),
      };
      const principal = credential.kind === 'valid' ? credential.principal : undefined;
      const keyId = principal?.keyId ?? (credential.kind === 'invalid' ? (credential.keyId ?? null) : null);
      await this.db.query(
        `INSERT INTO access.audit_log (key_id, role, method, path, status, service, entity, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          keyId,
          principal?.role ?? null,
          auditText(req.method.toUpperCase()),
          auditText(pathOf(req)),
          status,
          service,
          entity ? JSON.stringify(auditValue(entity)) : null,
          JSON.stringify(auditValue(detail)),
        ],
      );
    } catch (error) {
      this.reportFailure(error as Error & { code?: string }, req);
    }
  }

  private reportFailure(error: Error & { code?: string }, req: Request): void {
    // A service started without the access migrations (some test setups) would log this per write.
    if (error.code === '42P01') {
      if (this.missingTableReported) return;
      this.missingTableReported = true;
    }
    this.log.error(`audit row for ${req.method} ${pathOf(req)} not written: ${error.message}`);
  }
}

/** Keeps what the audit needs from the JSON answer - never the rest (a new key is in there). */
function observeJson(res: Response): Observed {
  const observed: Observed = {};
  const json = res.json.bind(res);
  res.json = (body?: unknown) => {
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const b = body as Record<string, unknown>;
      if (typeof b.id === 'string' || typeof b.id === 'number') observed.id = String(b.id);
      if (typeof b.type === 'string' && typeof b.status === 'number') {
        observed.problem = { type: b.type, detail: typeof b.detail === 'string' ? b.detail.slice(0, MAX_TEXT) : undefined };
      }
    }
    return json(body);
  };
  return observed;
}

function credentialDetail(credential: Credential): Record<string, string> {
  switch (credential.kind) {
    case 'none':
      return { credential: 'none' };
    case 'valid':
      return credential.via === 'ADMIN_API_KEY' ? { credential: 'ADMIN_API_KEY' } : {};
    case 'invalid':
      return { credential: credential.reason };
    case 'unavailable':
      return { credential: 'unchecked' };
  }
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSTORABLE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as the audit log keeps it: control characters and unpaired surrogates written out as
 * `\u0000`-style escapes (visible, and storable in text and jsonb), at most MAX_TEXT characters.
 */
export function auditText(text: string): string {
  return text.replace(UNSTORABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(0, MAX_TEXT);
}

/** Every string (and member name) of a JSON value through auditText. */
function auditValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return auditText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 8) return '…';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => auditValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).slice(0, 100).map(([k, v]) => [auditText(k), auditValue(v, depth + 1)]));
}

function pathOf(req: Request): string {
  return (req.originalUrl ?? req.url).split('?')[0].slice(0, MAX_TEXT);
}

function queryOf(req: Request): string | undefined {
  const at = (req.originalUrl ?? req.url).indexOf('?');
  return at >= 0 ? (req.originalUrl ?? req.url).slice(at + 1, at + 1 + MAX_TEXT) : undefined;
}
