// A reference file's set is stored once per content (sha256), however many loads of the same
// file arrive, and at the same time: an already loaded set is returned without a transaction; a
// new one is inserted under a transaction-scoped advisory lock, after looking again, so two
// concurrent loads store one set and the second returns it.
import { DataSource, EntityManager } from 'typeorm';

export interface StoreOnceOptions<S, P> {
  /** Names the advisory lock (hashed by PostgreSQL), e.g. the set table `deflators.deflator_set`. */
  lock: string;
  /** The set already stored for this content, if any. */
  find(manager: EntityManager): Promise<S | undefined>;
  /** Work for a new set done before the transaction (e.g. deriving values), so the lock is held briefly. */
  prepare?(): P;
  /** Inserts the set and its rows; runs only when no set of this content exists. */
  insert(tx: EntityManager, prepared: P): Promise<S>;
}

export async function storeOnce<S, P = undefined>(db: DataSource, options: StoreOnceOptions<S, P>): Promise<{ set: S; created: boolean }> {
  const existing = await options.find(db.manager);
  if (existing) return { set: existing, created: false };
  const prepared = options.prepare?.() as P;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [options.lock]);
    const raced = await options.find(tx);
    if (raced) return { set: raced, created: false };
    return { set: await options.insert(tx, prepared), created: true };
  });
}
