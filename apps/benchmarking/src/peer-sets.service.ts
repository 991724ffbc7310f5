// Custom named groups; each later run.completed benchmarks them next to the standard groups.
import { Injectable } from '@nestjs/common';
import { notFound, ProblemException } from '@nhsp/service-kit';
import { PeerSet, PeerSetRepository } from './repositories/peer-set.repository';

@Injectable()
export class PeerSetsService {
  constructor(private readonly sets: PeerSetRepository) {}

  list(): Promise<PeerSet[]> {
    return this.sets.list();
  }

  async get(name: string): Promise<PeerSet> {
    const set = await this.sets.get(name);
    if (!set) throw notFound(`peer set "${name}" does not exist`);
    return set;
  }

  /** Org codes kept once each, sorted; 409 when the name is taken. */
  async create(name: string, orgCodes: readonly string[]): Promise<PeerSet> {
    const set = await this.sets.insert(name, [...new Set(orgCodes)].sort());
    if (!set) throw new ProblemException({ type: 'urn:nhsp:problem:conflict', status: 409, detail: `peer set "${name}" already exists` });
    return set;
  }

  async remove(name: string): Promise<void> {
    if (!(await this.sets.delete(name))) throw notFound(`peer set "${name}" does not exist`);
  }
}
