// The name ingestion gives the state of its current submissions (ingestion.v_submissions_version,
// migration SubmissionsVersion1795420000000), and what a reader keeps under it: what other
// services derive from the whole history of submissions (a run's input digests, benchmarking's
// month identities) is derived once per state and process, and each run reads one row.
import type { EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

/**
 * Reads the version ingestion's view names in the caller's snapshot; null where there is none (the
 * view not there, as in a stand-in of ingestion's views, or its row gone) or no snapshot: only a
 * REPEATABLE READ (or SERIALIZABLE) transaction reads its rows in the state the version names (in
 * READ COMMITTED each statement sees the latest commit). Once the view is found it is not looked
 * for again (migrations only add it).
 */
export class SubmissionsVersionReader {
  private present = false;

  async read(db: Db): Promise<string | null> {
    if (!this.present) {
      const [{ present }] = await db.query(`SELECT to_regclass('ingestion.v_submissions_version') IS NOT NULL AS present`);
      if (!present) return null;
      this.present = true;
    }
    const [row] = await db.query(`SELECT version, current_setting('transaction_isolation') AS isolation FROM ingestion.v_submissions_version`);
    return row && row.isolation !== 'read committed' && row.isolation !== 'read uncommitted' ? row.version : null;
  }
}

/**
 * A value derived from the current submissions, kept under the version of the snapshot it was
 * derived in: a snapshot naming the same version gets it without reading them. The latest
 * `versions` are kept (a run still on the previous state while the next state's runs start).
 */
export class HeldBySubmissionsVersion<T> {
  private readonly held = new Map<string, Promise<T>>();

  constructor(private readonly versions = 2) {}

  /**
   * The value of `version`, made by `derive` (in the caller's snapshot, which names `version`)
   * when not held. A value another caller is still deriving is awaited; if its derivation fails
   * (its transaction ended), this caller derives its own.
   */
  get(version: string, derive: () => Promise<T>): Promise<T> {
    const held = this.held.get(version);
    if (held) return held.catch(derive);
    const value = derive();
    this.held.set(version, value);
    value.catch(() => {
      if (this.held.get(version) === value) this.held.delete(version);
    });
    while (this.held.size > this.versions) this.held.delete(this.held.keys().next().value as string);
    return value;
  }
}
