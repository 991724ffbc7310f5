import type { DataSource } from 'typeorm';
import type { ReleaseEntity } from '@nhsp/persistence';
import type { BoardAnswerReads } from '../board-answers.reads';
import type { EstimateRow, SourceViews } from '../source-views';
import { MAX_RELEASES, ReportReleaseModels } from './report-release-model';
import type { ReportRepository } from './report.repository';

/** Published releases, one a month, each with two trusts' estimates. */
const releases = Array.from({ length: MAX_RELEASES + 12 }, (_, i) => {
  const period = `20${19 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  return { id: `release-${i}`, runId: `run-${i}`, period, status: 'published' } as unknown as ReleaseEntity;
});

function setUp(failFor?: string) {
  const reads: string[] = [];
  const views = {
    estimates: async (runIds: string[]) => {
      reads.push(...runIds);
      if (runIds.includes(failFor ?? '')) throw new Error('database away');
      const release = releases.find((r) => r.runId === runIds[0])!;
      const row = (org: string) => ({ run_id: release.runId, period: release.period, org_code: org, name: org }) as EstimateRow;
      return { rows: [row('RAA'), row('RBB')], total: 2 };
    },
  } as unknown as SourceViews;
  const models = new ReportReleaseModels({} as DataSource, {} as ReportRepository, views, {} as BoardAnswerReads);
  return { models, reads };
}

describe('ReportReleaseModels.series', () => {
  it('reads each release once for every trust page, however many more releases than whole models it holds', async () => {
    const { models, reads } = setUp();
    const a = await models.series('RAA', releases);
    const b = await models.series('RBB', releases);
    expect(a!.map((r) => r.period)).toEqual(releases.map((r) => r.period));
    expect(b!.every((r) => r.org_code === 'RBB')).toBe(true);
    expect(reads).toHaveLength(releases.length);
    expect(new Set(reads).size).toBe(releases.length);
  });

  it('gives no series (the SQL path reads it) when a release cannot be read, and reads that release again next time', async () => {
    const { models, reads } = setUp('run-3');
    expect(await models.series('RAA', releases)).toBeUndefined();
    await models.series('RAA', releases).catch(() => undefined);
    expect(reads.filter((r) => r === 'run-3')).toHaveLength(2);
    expect(reads.filter((r) => r === 'run-4')).toHaveLength(1);
  });
});
