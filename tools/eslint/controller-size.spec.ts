// Issue 12's "no publication controller is over about 100 lines", held by lint (max-lines on
// apps/publication/src/**/*.controller.ts in eslint.config.mjs): every controller there passes it,
// and a controller one line over is refused. ESLint runs as the repo runs it, in a child process
// (its flat config is an ES module Jest cannot load), as in module-boundaries.spec.ts.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const PUBLICATION = join(ROOT, 'apps/publication/src');

/** The max-lines messages of each file, linted as it is on disk or (code given) as that text. */
function maxLinesMessages(files: Array<{ filePath: string; code?: string }>): string[][] {
  const script = `
    import { readFileSync } from 'node:fs';
    import { ESLint } from 'eslint';
    const files = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
    const out = [];
    for (const f of files) {
      const [result] = await eslint.lintText(f.code ?? readFileSync(f.filePath, 'utf8'), { filePath: f.filePath });
      out.push(result.messages.filter((m) => m.ruleId === 'max-lines').map((m) => m.message));
    }
    console.log(JSON.stringify(out));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(files)], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(stdout);
}

function controllers(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return controllers(path);
    return entry.name.endsWith('.controller.ts') ? [path] : [];
  });
}

describe('publication controllers stay thin (max-lines 100)', () => {
  const files = controllers(PUBLICATION);

  it('finds the publication controllers', () => {
    expect(files.map((f) => relative(PUBLICATION, f))).toEqual(expect.arrayContaining(['releases.controller.ts', 'board-answers.controller.ts', 'data.controller.ts', 'calendar/calendar.controller.ts']));
  });

  it('passes every controller as it is, and refuses one of 101 lines', () => {
    const fixture = (lines: number) => `${Array.from({ length: lines - 1 }, (_, i) => `export const line${i} = ${i};`).join('\n')}\nexport {};\n`;
    const [tooLong, atLimit, ...actual] = maxLinesMessages([
      { filePath: join(PUBLICATION, 'fixture.controller.ts'), code: fixture(101) },
      { filePath: join(PUBLICATION, 'fixture.controller.ts'), code: fixture(100) },
      ...files.map((filePath) => ({ filePath })),
    ]);
    expect(tooLong).toEqual([expect.stringMatching(/too many lines \(101\)\. Maximum allowed is 100/i)]);
    expect(atLimit).toEqual([]);
    expect(Object.fromEntries(files.map((f, i) => [relative(PUBLICATION, f), actual[i]]))).toEqual(Object.fromEntries(files.map((f) => [relative(PUBLICATION, f), []])));
  });
});
