import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const RELEASE_STATUSES = ['draft', 'scheduled', 'published', 'superseded'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** What a release was made from, so any published figure can be traced and reproduced. */
export interface ReleaseManifest {
  runId: string;
  period: string;
  vintage: string;
  settings: unknown;
  /** The run's inputs as productivity recorded them: batch ids, submission hashes, weight and deflator sets. */
  inputs: unknown;
  inputFingerprint: string | null;
  /** When productivity stored the run: a release never replaces one of a later run. */
  runCreatedAt: string;
  /** From the owners' views: { id, name, sha256, loaded_at } (or { id } when unavailable). */
  weightSet: unknown;
  deflatorSet: unknown;
  /** Version of the publication code that assembled the release (GIT_SHA or package version). */
  codeVersion: string;
  /**
   * Rows of the run in the owners' views; the plan view's and packs' (targets … indicators) are
   * the rows copied into the release (absent from releases assembled before the copy existed).
   */
  counts: {
    estimates: number; aggregates: number; benchmarks: number;
    targets?: number; index?: number; stability?: number; sensitivity?: number; opportunities?: number; indicators?: number;
  };
}

/**
 * Every column of publication.release but the manifest, named as ReleaseEntity's properties, for
 * raw queries that build entities (`alias`: the table's alias in the query). The manifest holds
 * every submission hash of a run - hundreds of KB - which reads of figures never show.
 */
export function releaseColumnsWithoutManifest(alias?: string): string {
  const t = alias ? `${alias}.` : '';
  return `${t}id, ${t}run_id AS "runId", ${t}period, ${t}vintage, ${t}status, ${t}publish_at AS "publishAt", ` +
    `${t}created_at AS "createdAt", ${t}published_at AS "publishedAt", ${t}superseded_at AS "supersededAt"`;
}

/**
 * One release per productivity run. At most one release per period is `published` at a time
 * (a deferred exclusion constraint), so readers always see either the old or the new release.
 */
@Entity({ schema: 'publication', name: 'release' })
export class ReleaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  runId!: string;

  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'text' })
  vintage!: string;

  @Column({ type: 'text' })
  status!: ReleaseStatus;

  @Column({ type: 'timestamptz', nullable: true })
  publishAt!: Date | null;

  @Column({ type: 'jsonb' })
  manifest!: ReleaseManifest;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;
}
