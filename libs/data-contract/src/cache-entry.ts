import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';

/**
 * Stores a cache entry at `path`: written whole then renamed, so that a reader never sees half an
 * entry; of the entries of its kind (its folder, its extension) only the `kept` last written stay.
 */
export async function storeCacheEntry(path: string, data: string | Buffer, kept: number): Promise<void> {
  const dir = dirname(path);
  const kind = extname(path);
  await mkdir(dir, { recursive: true });
  const partial = `${path}.${randomUUID()}.partial`;
  await writeFile(partial, data);
  await rename(partial, path);
  const entries = (await readdir(dir)).filter((name) => name.endsWith(kind));
  if (entries.length <= kept) return;
  const dated = await Promise.all(entries.map(async (name) => ({ name, at: (await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0 })));
  for (const { name } of dated.sort((a, b) => b.at - a.at).slice(kept)) await rm(join(dir, name), { force: true });
}
