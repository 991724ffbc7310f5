import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceHash } from './source-hash';

describe('sourceHash', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'nhsp-source-hash-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A small source tree in its own folder (the hash is of names and bytes, not of where it lies). */
  function tree(name: string, two = 'export const two = 2;\n'): string {
    const folder = join(root, name);
    mkdirSync(join(folder, 'nested'), { recursive: true });
    writeFileSync(join(folder, 'one.ts'), 'export const one = 1;\n');
    writeFileSync(join(folder, 'nested/two.ts'), two);
    writeFileSync(join(folder, 'three.js'), 'exports.three = 3;\n');
    return folder;
  }

  it('is the same for the same source wherever it lies, a spec or another kind of file beside it', () => {
    const withExtras = tree('extras');
    writeFileSync(join(withExtras, 'one.spec.ts'), 'it("x", () => undefined);\n');
    writeFileSync(join(withExtras, 'notes.md'), 'notes\n');
    expect(sourceHash([tree('plain')])).toMatch(/^[0-9a-f]{64}$/);
    expect(sourceHash([withExtras])).toBe(sourceHash([tree('plain-again')]));
  });

  it('differs when a file in a nested folder differs, and with the order of the folders', () => {
    expect(sourceHash([tree('changed', 'export const two = 22;\n')])).not.toBe(sourceHash([tree('original')]));
    const [a, b] = [tree('a'), tree('b', 'export const two = 3;\n')];
    expect(sourceHash([a, b])).not.toBe(sourceHash([b, a]));
  });
});
