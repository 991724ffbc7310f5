// The trust list a run computed on (ingestion.v_trusts: names, regions, trust types, peer groups,
// sectors). It is one of the run's inputs like the submissions: recorded with the run, part of
// its fingerprint, so a changed list gives a new vintage whose published names, sectors and
// peer groups are the new ones, and the revision names what changed.
import { EntityManager } from 'typeorm';
import { TrustList } from '@nhsp/board-answers';
import { isSector, Trust } from '@nhsp/domain';
import { TrustListRepository, TrustRow } from './repositories/trust-list.repository';

export type { TrustRow };

export class UnknownSectorError extends Error {}

export function trustListFromRows(rows: readonly TrustRow[]): TrustList {
  const list: TrustList = {};
  for (const r of [...rows].sort((a, b) => (a.org_code < b.org_code ? -1 : a.org_code > b.org_code ? 1 : 0))) {
    if (!isSector(r.sector)) throw new UnknownSectorError(`trust ${r.org_code} has unknown sector "${r.sector}"`);
    list[r.org_code] = { name: r.name, region: r.region, trustType: r.trust_type, peerGroup: r.peer_group, sector: r.sector };
  }
  return list;
}

export async function readTrustList(db: Pick<EntityManager, 'query'>): Promise<TrustList> {
  return trustListFromRows(await new TrustListRepository(db).current());
}

/** The trust list a stored run computed on, read back from its estimates (one per listed trust). */
export async function trustListOfRun(db: Pick<EntityManager, 'query'>, runId: string): Promise<TrustList> {
  return trustListFromRows(await new TrustListRepository(db).ofRun(runId));
}

export function trustsOf(list: TrustList): Trust[] {
  return Object.entries(list).map(([orgCode, details]) => ({ orgCode, ...details }));
}
