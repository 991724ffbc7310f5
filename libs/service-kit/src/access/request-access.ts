// Which key a request presents and whose it is, worked out once per request and kept on it:
// the guard, the bull-board check and the audit log all ask, only the first one pays.
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeyStore, Identity } from './api-key-store';
import type { Principal } from './roles';

export type Credential =
  | { kind: 'none' }
  | Identity
  /** The key store could not be read (database down, schema missing). */
  | { kind: 'unavailable'; error: Error };

const RESOLVING = Symbol('nhsp.access.resolving');
const RESOLVED = Symbol('nhsp.access.resolved');

type WithAccess = Request & { [RESOLVING]?: Promise<Credential>; [RESOLVED]?: Credential };

/**
 * The key of `Authorization: Bearer <key>` or `X-API-Key: <key>`. Another Authorization scheme
 * is a key we cannot accept (empty string → refused), rather than no key at all.
 */
export function presentedKey(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    return match ? match[1] : '';
  }
  const header = req.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? undefined : value.trim();
}

@Injectable()
export class AccessResolver {
  constructor(private readonly keys: ApiKeyStore) {}

  resolve(req: Request): Promise<Credential> {
    const r = req as WithAccess;
    r[RESOLVING] ??= this.identify(req).then((credential) => (r[RESOLVED] = credential));
    return r[RESOLVING];
  }

  private async identify(req: Request): Promise<Credential> {
    const key = presentedKey(req);
    if (key === undefined) return { kind: 'none' };
    try {
      return await this.keys.identify(key);
    } catch (error) {
      return { kind: 'unavailable', error: error as Error };
    }
  }
}

/** The credential already resolved for this request, if any was (synchronous). */
export function resolvedCredential(req: Request): Credential | undefined {
  return (req as WithAccess)[RESOLVED];
}

export function principalOf(req: Request): Principal | undefined {
  const credential = resolvedCredential(req);
  return credential?.kind === 'valid' ? credential.principal : undefined;
}
