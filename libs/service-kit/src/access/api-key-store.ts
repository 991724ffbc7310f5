// API keys: made here, shown once, kept only as sha256 hashes. Keys are 256 random bits, so a
// plain (fast) hash is enough: there is no dictionary to try against a leaked hash.
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProblemException } from '../problem-details';
import { ACCESS_SETTINGS, AccessSettings } from './access-config';
import { PendingWrites } from './pending-writes';
import type { KeyRole, Principal } from './roles';

export const KEY_PREFIX = 'nhsp_';
/** `nhsp_` + 7 characters: enough to tell keys apart in a list, useless for guessing. */
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 7;
/** Longer than any real key; anything longer is refused without a database round trip. */
const MAX_PRESENTED_LENGTH = 512;
const MAX_CACHED = 10_000;

export type Identity =
  | { kind: 'valid'; principal: Principal; via: 'api-key' | 'ADMIN_API_KEY' }
  | { kind: 'invalid'; reason: 'unknown' | 'revoked' | 'malformed'; keyId?: string };

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: KeyRole;
  orgCode: string | null;
  prefix: string;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

const RECORD_COLUMNS = `id, name, role, org_code AS "orgCode", prefix, created_at AS "createdAt",
  created_by AS "createdBy", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

@Injectable()
export class ApiKeyStore {
  private readonly log = new Logger(ApiKeyStore.name);
  private readonly cache = new Map<string, { identity: Identity; until: number }>();
  private readonly adminKeyHash: Buffer | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ACCESS_SETTINGS) private readonly settings: AccessSettings,
    private readonly pending: PendingWrites,
  ) {
    this.adminKeyHash = settings.ADMIN_API_KEY ? Buffer.from(hashApiKey(settings.ADMIN_API_KEY), 'hex') : null;
  }

  /** Who a presented key belongs to. Throws only when the keys cannot be read (database down). */
  async identify(presented: string): Promise<Identity> {
    if (presented.length === 0 || presented.length > MAX_PRESENTED_LENGTH) return { kind: 'invalid', reason: 'malformed' };
    const hash = hashApiKey(presented);
    // Compare digests, not texts: equal length, constant time.
    if (this.adminKeyHash && timingSafeEqual(this.adminKeyHash, Buffer.from(hash, 'hex'))) {
      return { kind: 'valid', via: 'ADMIN_API_KEY', principal: { role: 'admin', keyId: null, orgCode: null } };
    }
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.identity;

    const [row]: Array<{ id: string; role: KeyRole; org_code: string | null; revoked_at: Date | null }> = await this.db.query(
      'SELECT id, role, org_code, revoked_at FROM access.v_api_keys WHERE key_hash = $1',
      [hash],
    );
    const identity: Identity = !row
      ? { kind: 'invalid', reason: 'unknown' }
      : row.revoked_at
        ? { kind: 'invalid', reason: 'revoked', keyId: row.id }
        : { kind: 'valid', via: 'api-key', principal: { role: row.role, keyId: row.id, orgCode: row.org_code } };
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(hash, { identity, until: Date.now() + this.settings.ACCESS_CACHE_MS });
    if (identity.kind === 'valid') this.noteUse(identity.principal.keyId!);
    return identity;
  }

  /** Only on a cache miss, so at most once per key per cache period and process. */
  private noteUse(keyId: string): void {
    this.pending.track(
      this.db.query('UPDATE access.api_key SET last_used_at = now() WHERE id = $1', [keyId]).then(
        () => undefined,
        (error: Error) => this.log.warn(`last_used_at of key ${keyId} not updated: ${error.message}`),
      ),
    );
  }

  /** Throws a 422 problem for a submitter key of an organisation not in the trust list. */
  async create(input: { name: string; role: KeyRole; orgCode: string | null }, createdBy: string): Promise<{ record: ApiKeyRecord; key: string }> {
    if (input.orgCode !== null) await this.assertKnownOrganisation(input.orgCode);
    const key = generateApiKey();
    const [record]: ApiKeyRecord[] = await this.db.query(
      `INSERT INTO access.api_key (name, role, org_code, key_hash, prefix, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${RECORD_COLUMNS}`,
      [input.name, input.role, input.orgCode, hashApiKey(key), key.slice(0, DISPLAY_PREFIX_LENGTH), createdBy],
    );
    return { record, key };
  }

  /**
   * A submitter speaks for a trust of the trust list (ingestion's view of trusts.csv): a key for
   * an organisation that does not exist would submit for nobody, or for whoever is added later.
   */
  private async assertKnownOrganisation(orgCode: string): Promise<void> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM ingestion.v_trusts WHERE org_code = $1', [orgCode]).catch((error: Error & { code?: string }) => {
      // No trust list at all (ingestion not deployed yet): no organisation can be named.
      if (error.code === '42P01') return [];
      throw error;
    });
    if (rows.length > 0) return;
    throw new ProblemException({
      type: 'urn:nhsp:problem:unknown-trust',
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      detail: `${orgCode} is not in the trust list; upload trusts.csv with it before making a submitter key for it`,
      errors: [{ path: 'orgCode', message: `unknown trust ${orgCode}`, code: 'unknown_trust' }],
    });
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.db.query(`SELECT ${RECORD_COLUMNS} FROM access.api_key ORDER BY created_at DESC, id`);
  }

  /** Revokes (idempotently); null when there is no such key. */
  async revoke(id: string): Promise<ApiKeyRecord | null> {
    const [rows]: [ApiKeyRecord[], number] = await this.db.query(
      `UPDATE access.api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${RECORD_COLUMNS}`,
      [id],
    );
    // This process stops accepting the key at once; others within ACCESS_CACHE_MS.
    for (const [hash, entry] of this.cache) {
      if (entry.identity.kind === 'valid' && entry.identity.principal.keyId === id) this.cache.delete(hash);
    }
    return rows[0] ?? null;
  }
}
