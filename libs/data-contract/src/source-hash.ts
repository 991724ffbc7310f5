import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const hashes = new Map<string, string>();

/**
 * SHA-256 of the TypeScript and JavaScript source under `folders` (specs left out), names and
 * bytes in a fixed order: part of a cache entry's key, so that an entry made by other code than
 * the code now running is never read. Worked out once per process for each list of folders.
 */
export function sourceHash(folders: readonly string[]): string {
  const key = folders.join('\0');
  const known = hashes.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) hash.update(entry.name).update(readFileSync(path));
    }
  };
  for (const folder of folders) walk(folder);
  const digest = hash.digest('hex');
  hashes.set(key, digest);
  return digest;
}
