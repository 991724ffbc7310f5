import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A productivity run; results are written with it in one transaction (raw SQL, see the migration). */
@Entity({ schema: 'productivity', name: 'run' })
export class RunEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') period!: string;
  @Column('text') vintage!: string;
  @Column('text') status!: string;
  @Column('jsonb') settings!: Record<string, unknown>;
  @Column('jsonb') inputs!: Record<string, unknown>;
  @Column('text') inputFingerprint!: string;
  @Column('text', { nullable: true }) reason!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
