// The report model's plan rows (report/held-plan-rows.ts), read for every trust of a release at
// once, are for each trust and group exactly the rows (and order) of its own query
// (ReleaseViewRows): the golden history bundle's computed period with its sensitivity, as
// plan-packs.spec.ts assembles it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestService } from '@nhsp/testing';
import { DataSource } from 'typeorm';
import { ReleaseViewRows } from '../src/plan-pack.reads';
import { ReleaseAssembly } from '../src/release-assembly';
import { HeldPlanRows } from '../src/report/held-plan-rows';
import { computeGoldenPeriod, loadComputedPlanAndPacks, PLAN_PACK_STAND_IN_DDL } from './plan-pack-stand-ins';
import { insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const PERIOD = '2025-10';
let work: string;
let svc: TestService;
let release: { id: string; runId: string; period: string };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nhsp-held-plan-rows-'));
  computeGoldenPeriod(PERIOD, join(work, 'computed'), join(work, 'sensitivity.csv'));
  svc = await startPublication({ AUTO_PUBLISH: 'false' }, PLAN_PACK_STAND_IN_DDL);
  const run = await insertRun(svc.database.url, PERIOD, 'provisional', 1);
  await loadComputedPlanAndPacks(svc.database.url, run.id, PERIOD, join(work, 'computed'), join(work, 'sensitivity.csv'));
  release = { id: (await svc.app.get(ReleaseAssembly).assemble(run.id)).id, runId: run.id, period: PERIOD };
}, 180_000);

afterAll(async () => {
  await svc?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('gives each trust and group the rows of its own query, in its order', async () => {
  const db = svc.app.get(DataSource);
  const each = new ReleaseViewRows(db, release.id, release.runId, release.period);
  const held = new HeldPlanRows(db, release);
  const groups: Array<{ level: string; group_name: string }> = await withClient(svc.database.url, async (c) =>
    (await c.query(`SELECT DISTINCT level, group_name FROM publication.release_index WHERE release_id = $1
                    UNION SELECT DISTINCT level, group_name FROM publication.release_indicator WHERE release_id = $1`, [release.id])).rows,
  );
  const orgs = groups.filter((g) => g.level === 'trust').map((g) => g.group_name);
  expect(orgs.length).toBeGreaterThan(10);
  expect(new Set(groups.map((g) => g.level)).size).toBeGreaterThan(2);
  let sensitivityRows = 0;
  for (const { level, group_name } of [...groups, { level: 'trust', group_name: 'ZZZ' }]) {
    expect([level, group_name, await held.index(level, group_name)]).toEqual([level, group_name, await each.index(level, group_name)]);
    expect([level, group_name, await held.indicators(level, group_name)]).toEqual([level, group_name, await each.indicators(level, group_name)]);
  }
  for (const org of [...orgs, 'ZZZ']) {
    expect([org, await held.stability(org)]).toEqual([org, await each.stability(org)]);
    const sensitivity = await held.sensitivity(org);
    expect([org, sensitivity]).toEqual([org, await each.sensitivity(org)]);
    sensitivityRows += sensitivity.length;
  }
  // The release holds sensitivity, so the held rows (not the per-trust fallback) were compared.
  expect(sensitivityRows).toBeGreaterThan(orgs.length);
  expect(await held.targets()).toEqual(await each.targets());
  expect(await held.rankStability()).toEqual(await each.rankStability());
});
