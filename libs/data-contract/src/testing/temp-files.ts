import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary folder for files written by a test suite; `remove()` in afterAll. */
export class TempFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'data-contract-'));

  write(name: string, content: string | Uint8Array): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** A folder of its own (a bundle) with the given files. */
  folder(name: string, files: Record<string, string | Uint8Array>): string {
    const dir = join(this.dir, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
    return dir;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** CSV text from lines, with the given line ending and a final line break. */
export function csv(lines: string[], eol = '\n'): string {
  return lines.join(eol) + eol;
}
