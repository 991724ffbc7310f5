// The layering rule on fixture files: each wrong-way import the house once had is refused with
// the rule's message, and the right-way imports beside them pass. ESLint runs as the repo runs it
// (eslint.config.mjs), in a child process: its flat config is an ES module Jest cannot load.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const RULE = 'nhsp/module-boundaries';

interface Fixture {
  filePath: string;
  code: string;
}

/** Lints each fixture as if it were that file; the rule's messages per fixture. */
function lint(fixtures: Fixture[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const fixtures = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
    const out = [];
    for (const f of fixtures) {
      const [result] = await eslint.lintText(f.code, { filePath: f.filePath });
      out.push(result.messages.filter((m) => m.ruleId === ${JSON.stringify(RULE)}).map((m) => m.message));
    }
    console.log(JSON.stringify(out));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(fixtures)], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(stdout);
}

const at = (path: string, code: string): Fixture => ({ filePath: resolve(ROOT, path), code });

describe('nhsp/module-boundaries', () => {
  let wrong: string[][];
  let right: string[][];

  beforeAll(() => {
    [wrong, right] = [
      lint([
        at('libs/data-contract/src/fixture.ts', "export type { TrustEstimate } from '@nhsp/methodology';"),
        at('libs/persistence/src/fixture.ts', "export { toTrustEstimate } from '@nhsp/board-answers';"),
        at('libs/queue/src/fixture.ts', "export { runMigrations } from '@nhsp/persistence';"),
        at('libs/testing/jest/fixture.mjs', "export { startDemo } from '../../../tools/scripts/demo.mjs';"),
        at('libs/methodology/src/fixture.ts', "export { QUEUES } from '@nhsp/queue';"),
        at('apps/productivity/src/fixture.ts', "export { PublicationConfig } from '../../publication/src/config';"),
        at('apps/benchmarking/src/fixture.ts', "export { startTestService } from '@nhsp/testing';"),
        at('libs/service-kit/src/fixture.ts', "const cli = require('../../../tools/cli/src/main');\nexport default cli;"),
        at('libs/charts/src/fixture.ts', "export { METRIC_LABELS } from '@nhsp/board-answers';"),
      ]),
      lint([
        at('libs/methodology/src/fixture.ts', "export { Exact } from '@nhsp/domain';"),
        at('libs/board-answers/src/fixture.ts', "export { resolveSettings } from '@nhsp/methodology';"),
        at('libs/queue/src/fixture.ts', "export { redactUrl } from '@nhsp/connections';"),
        at('libs/queue/test/fixture.spec.ts', "export { waitFor } from '@nhsp/testing';"),
        at('apps/productivity/src/fixture.ts', "export { explainEstimate } from '@nhsp/board-answers';\nexport { notFound } from '@nhsp/service-kit';"),
        at('tools/demo/fixture.ts', "export { productivityService } from '../../apps/productivity/src/main';"),
        at('libs/charts/src/fixture.ts', "export { Exact } from '@nhsp/domain';"),
        at('apps/publication/src/fixture.ts', "export { monthChart } from '@nhsp/charts';"),
      ]),
    ];
  }, 120000);

  it('refuses every wrong-way import, naming both projects and what the layer may depend on', () => {
    expect(wrong.map((messages) => messages.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(wrong[0][0]).toBe(
      'data-contract (type:library, layer:data-contract) may not import methodology (type:library, layer:methodology): a project tagged layer:data-contract may only depend on layer:domain.',
    );
    expect(wrong[1][0]).toMatch(/^persistence .* may not import board-answers /);
    expect(wrong[2][0]).toMatch(/^queue .* may not import persistence /);
    expect(wrong[3][0]).toMatch(/^testing .* may not import tools\/scripts \(type:tool\)/);
    expect(wrong[4][0]).toMatch(/^methodology .* may not import queue /);
    expect(wrong[5][0]).toMatch(/^productivity \(type:application\) may not import publication \(type:application\)/);
    expect(wrong[6][0]).toMatch(/^benchmarking .* may not import testing /);
    expect(wrong[7][0]).toMatch(/^service-kit .* may not import cli \(type:tool\)/);
    expect(wrong[8][0]).toBe(
      'charts (type:library, layer:charts) may not import board-answers (type:library, layer:board-answers): a project tagged layer:charts may only depend on layer:domain.',
    );
  });

  it('lets the imports the layers intend through', () => {
    expect(right).toEqual([[], [], [], [], [], [], [], []]);
  });
});
