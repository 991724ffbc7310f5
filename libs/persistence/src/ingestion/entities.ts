import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One stored file (see migration CreateIngestion for the constraints). */
@Entity({ schema: 'ingestion', name: 'batch' })
export class IngestionBatchEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') kind!: string;
  @Column('text') fileName!: string;
  @Column('text') sha256!: string;
  @Column('integer') rows!: number;
  @Column('text', { array: true }) months!: string[];
  @Column('timestamptz') receivedAt!: Date;
  @Column('timestamptz', { nullable: true }) notifiedAt!: Date | null;
}

/** The current details of a trust (upserted by every trusts batch). */
@Entity({ schema: 'ingestion', name: 'trust' })
export class IngestionTrustEntity {
  @PrimaryColumn('text') orgCode!: string;
  @Column('text') name!: string;
  @Column('text') region!: string;
  @Column('text') trustType!: string;
  @Column('text') peerGroup!: string;
  @Column('text') sector!: string;
  @Column('uuid') batchId!: string;
  @Column('timestamptz') updatedAt!: Date;
}
