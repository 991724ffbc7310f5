import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A custom named group of trusts, benchmarked alongside the standard groups. */
@Entity({ schema: 'benchmarking', name: 'peer_set' })
export class PeerSetEntity {
  @PrimaryColumn('text') name!: string;
  @Column('text', { array: true }) orgCodes!: string[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
