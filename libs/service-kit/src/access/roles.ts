// Who may do what. Roles are not a strict ladder: a submitter may upload its own organisation's
// data but read nothing, so "includes" is spelled out per role instead of compared by rank.

export const ROLES = ['public', 'analyst', 'publisher', 'submitter', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a key can be created with (`public` needs no key). */
export const KEY_ROLES = ['analyst', 'publisher', 'submitter', 'admin'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/**
 * What each role may also act as. A publisher must see the drafts it publishes, so it reads
 * like an analyst; admin may do everything. Everyone is at least public.
 */
const ACTS_AS: Record<Role, readonly Role[]> = {
  public: ['public'],
  analyst: ['public', 'analyst'],
  publisher: ['public', 'analyst', 'publisher'],
  submitter: ['public', 'submitter'],
  admin: ROLES,
};

/** True when a key of `role` may call an endpoint open to any of `required`. */
export function roleSatisfies(role: Role, required: readonly Role[]): boolean {
  return required.some((r) => ACTS_AS[role].includes(r));
}

export function isKeyRole(value: string): value is KeyRole {
  return (KEY_ROLES as readonly string[]).includes(value);
}

/** The caller behind a valid key (or the bootstrap ADMIN_API_KEY, which has no id). */
export interface Principal {
  role: KeyRole;
  /** access.api_key id; null for the ADMIN_API_KEY from the environment. */
  keyId: string | null;
  /** The organisation a submitter key speaks for; null for every other role. */
  orgCode: string | null;
}
