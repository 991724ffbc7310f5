// benchmarking.peer_set: custom named groups, benchmarked with every run.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PeerSet {
  name: string;
  orgCodes: string[];
  createdAt: string;
}

const COLUMNS = `name, org_codes AS "orgCodes", created_at AS "createdAt"`;

@Injectable()
export class PeerSetRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(): Promise<PeerSet[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM benchmarking.peer_set ORDER BY name`);
  }

  async get(name: string): Promise<PeerSet | undefined> {
    const [set] = await this.db.query(`SELECT ${COLUMNS} FROM benchmarking.peer_set WHERE name = $1`, [name]);
    return set;
  }

  /** The new set, or undefined when a set of that name exists. */
  async insert(name: string, orgCodes: readonly string[]): Promise<PeerSet | undefined> {
    const [set] = await this.db.query(
      `INSERT INTO benchmarking.peer_set (name, org_codes) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
      [name, orgCodes],
    );
    return set;
  }

  /** Whether a set was deleted. */
  async delete(name: string): Promise<boolean> {
    const [, count] = await this.db.query(`DELETE FROM benchmarking.peer_set WHERE name = $1`, [name]);
    return count > 0;
  }
}
