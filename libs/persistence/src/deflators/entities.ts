import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One loaded inflation series file; never changed after load (a new file is a new set). */
@Entity({ schema: 'deflators', name: 'deflator_set' })
export class DeflatorSetEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') fileName!: string;
  @Column('text', { unique: true }) sha256!: string;
  /** Where the file came from: `upload`, `path`, or `reference:<batchId>`. */
  @Column('text') source!: string;
  @CreateDateColumn({ type: 'timestamptz' }) loadedAt!: Date;
}

/** One calendar year Y (FY Y/Y+1) of a set, as exact fractions (4.77% = 0.0477). */
@Entity({ schema: 'deflators', name: 'deflator_year' })
export class DeflatorYearEntity {
  @PrimaryColumn('uuid') deflatorSetId!: string;
  @PrimaryColumn('integer') year!: number;
  @Column('numeric') prices!: string;
  @Column('numeric') pay!: string;
  @Column('numeric', { nullable: true }) payAndPrices!: string | null;
}
