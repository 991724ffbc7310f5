import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One loaded NCC national schedule; never changed after load (a new file is a new set). */
@Entity({ schema: 'cost_weights', name: 'weight_set' })
export class WeightSetEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** 1, 2, … per name, in load order. */
  @Column('integer') version!: number;
  @Column('text') fileName!: string;
  @Column('text', { unique: true }) sha256!: string;
  @Column('integer') rows!: number;
  @Column('jsonb') anomalies!: Record<string, unknown>;
  /** Where the file came from: `upload`, `path`, or `reference:<batchId>`. */
  @Column('text') source!: string;
  @CreateDateColumn({ type: 'timestamptz' }) loadedAt!: Date;
}

/** A schedule row as published (numbers exact, null when the cell was empty). */
@Entity({ schema: 'cost_weights', name: 'schedule_row' })
export class ScheduleRowEntity {
  @PrimaryColumn('uuid') weightSetId!: string;
  /** Position in the file (1-based, data rows only). */
  @PrimaryColumn('integer') rowNumber!: number;
  @Column('text') serviceCode!: string;
  @Column('text') currency!: string;
  @Column('text') description!: string;
  @Column('numeric', { nullable: true }) activity!: string | null;
  @Column('numeric', { nullable: true }) unitCost!: string | null;
  @Column('numeric', { nullable: true }) cost!: string | null;
}
