// Loads an inflation series file into a deflator set (one transaction) and reads sets back.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { readDeflators, requireRows } from '@nhsp/data-contract';
import type { DeflatorRecord } from '@nhsp/domain';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { notFound, storeOnce } from '@nhsp/service-kit';
import type { LoadSource } from '@nhsp/service-kit';

/** The series the methodology uses by default (MethodSettings.deflatorSeries). */
export const DEFAULT_DEFLATOR_NAME = 'nhs-cost-inflation-index';

export interface DeflatorSetSummary {
  id: string;
  name: string;
  fileName: string;
  sha256: string;
  source: string;
  loadedAt: string;
}

export interface LoadOutcome {
  set: DeflatorSetSummary;
  /** false when a file with this sha256 was already loaded (nothing new stored). */
  created: boolean;
}

const SUMMARY_COLUMNS = `id, name, file_name AS "fileName", sha256, source, loaded_at AS "loadedAt"`;

@Injectable()
export class DeflatorSetsService {
  private readonly logger = new Logger(DeflatorSetsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly bus: BullMqClient,
  ) {}

  /** Throws BadFileError (nothing stored) when the file does not meet the contract. */
  async load(source: LoadSource): Promise<LoadOutcome> {
    const series = requireRows(await readDeflators(source.csv));
    const outcome = await storeOnce(this.db, {
      lock: 'deflators.deflator_set',
      find: (manager) => this.findBySha(manager, series.sha256),
      insert: (tx) => this.insert(tx, source, series.sha256, series.rows),
    });
    // Publishing again for a known set is harmless (job id = set id) and repairs a lost emit.
    await this.bus.emitEvent(PATTERNS.deflatorsPublished, { deflatorSetId: outcome.set.id, name: outcome.set.name });
    if (outcome.created) this.logger.log(`deflator set ${outcome.set.id} (${outcome.set.name}) loaded`);
    return outcome;
  }

  private async insert(tx: EntityManager, source: LoadSource, sha256: string, years: DeflatorRecord[]): Promise<DeflatorSetSummary> {
    const [set]: DeflatorSetSummary[] = await tx.query(
      `INSERT INTO deflators.deflator_set (name, file_name, sha256, source) VALUES ($1, $2, $3, $4) RETURNING ${SUMMARY_COLUMNS}`,
      [source.name ?? DEFAULT_DEFLATOR_NAME, source.fileName, sha256, source.origin],
    );
    await tx.query(
      `INSERT INTO deflators.deflator_year (deflator_set_id, year, prices, pay, pay_and_prices)
       SELECT $1, * FROM unnest($2::int[], $3::numeric[], $4::numeric[], $5::numeric[])`,
      [
        set.id,
        years.map((y) => y.year),
        years.map((y) => y.prices.toFixed()),
        years.map((y) => y.pay.toFixed()),
        years.map((y) => y.payAndPrices?.toFixed() ?? null),
      ],
    );
    return set;
  }

  private async findBySha(manager: EntityManager, sha256: string): Promise<DeflatorSetSummary | undefined> {
    const [set] = await manager.query(`SELECT ${SUMMARY_COLUMNS} FROM deflators.deflator_set WHERE sha256 = $1`, [sha256]);
    return set;
  }

  list(): Promise<DeflatorSetSummary[]> {
    return this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM deflators.deflator_set ORDER BY loaded_at DESC, name`);
  }

  async get(id: string) {
    const [set] = await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM deflators.deflator_set WHERE id = $1`, [id]);
    if (!set) throw notFound(`deflator set ${id} not found`);
    const years = await this.db.query(
      `SELECT year, prices, pay, pay_and_prices AS "payAndPrices" FROM deflators.deflator_year WHERE deflator_set_id = $1 ORDER BY year`,
      [id],
    );
    return { ...set, years };
  }
}
