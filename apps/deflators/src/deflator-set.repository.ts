// deflators.deflator_set and deflators.deflator_year: named inflation series, stored as read.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DeflatorRecord } from '@nhsp/domain';

type Db = Pick<EntityManager, 'query'>;

export interface DeflatorSetSummary {
  id: string;
  name: string;
  fileName: string;
  sha256: string;
  source: string;
  loadedAt: string;
}

export interface NewDeflatorSet {
  name: string;
  fileName: string;
  sha256: string;
  source: string;
  years: readonly DeflatorRecord[];
}

const SUMMARY_COLUMNS = `id, name, file_name AS "fileName", sha256, source, loaded_at AS "loadedAt"`;

@Injectable()
export class DeflatorSetRepository {
  constructor(private readonly db: DataSource) {}

  async findBySha(sha256: string, tx: Db = this.db.manager): Promise<DeflatorSetSummary | undefined> {
    const [set] = await tx.query(`SELECT ${SUMMARY_COLUMNS} FROM deflators.deflator_set WHERE sha256 = $1`, [sha256]);
    return set;
  }

  async insert(set: NewDeflatorSet, tx: Db): Promise<DeflatorSetSummary> {
    const [stored]: DeflatorSetSummary[] = await tx.query(
      `INSERT INTO deflators.deflator_set (name, file_name, sha256, source) VALUES ($1, $2, $3, $4) RETURNING ${SUMMARY_COLUMNS}`,
      [set.name, set.fileName, set.sha256, set.source],
    );
    await tx.query(
      `INSERT INTO deflators.deflator_year (deflator_set_id, year, prices, pay, pay_and_prices)
       SELECT $1, * FROM unnest($2::int[], $3::numeric[], $4::numeric[], $5::numeric[])`,
      [
        stored.id,
        set.years.map((y) => y.year),
        set.years.map((y) => y.prices.toFixed()),
        set.years.map((y) => y.pay.toFixed()),
        set.years.map((y) => y.payAndPrices?.toFixed() ?? null),
      ],
    );
    return stored;
  }

  list(): Promise<DeflatorSetSummary[]> {
    return this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM deflators.deflator_set ORDER BY loaded_at DESC, name`);
  }

  async get(id: string): Promise<DeflatorSetSummary | undefined> {
    const [set] = await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM deflators.deflator_set WHERE id = $1`, [id]);
    return set;
  }

  years(id: string): Promise<Array<{ year: number; prices: string; pay: string; payAndPrices: string | null }>> {
    return this.db.query(
      `SELECT year, prices, pay, pay_and_prices AS "payAndPrices" FROM deflators.deflator_year WHERE deflator_set_id = $1 ORDER BY year`,
      [id],
    );
  }
}
