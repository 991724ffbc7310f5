// Where a trust list is read from: ingestion's current list (ingestion.v_trusts), which a new run
// records as an input, and the list a stored run computed on, read back from its estimates. Takes
// the caller's EntityManager, so a run reads the list in the same snapshot as its submissions. SQL only.
import { EntityManager } from 'typeorm';

/** The columns v_trusts and productivity.estimate both have. */
export interface TrustRow {
  org_code: string;
  name: string;
  region: string;
  trust_type: string;
  peer_group: string;
  sector: string;
}

export class TrustListRepository {
  constructor(private readonly db: Pick<EntityManager, 'query'>) {}

  current(): Promise<TrustRow[]> {
    return this.db.query(`SELECT org_code, name, region, trust_type, peer_group, sector FROM ingestion.v_trusts`);
  }

  /** One row per trust the run estimated. */
  ofRun(runId: string): Promise<TrustRow[]> {
    return this.db.query(`SELECT org_code, name, region, trust_type, peer_group, sector FROM productivity.estimate WHERE run_id = $1`, [runId]);
  }
}
