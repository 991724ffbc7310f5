import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeCacheEntry } from './cache-entry';

describe('storeCacheEntry', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nhsp-cache-entry-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the entry whole, into a folder it makes, and leaves no partial file', async () => {
    const nested = join(dir, 'not-yet');
    await storeCacheEntry(join(nested, 'a.bundle'), Buffer.from('bytes'), 4);
    await storeCacheEntry(join(nested, 'b.ledger'), 'text', 4);
    expect(readFileSync(join(nested, 'a.bundle'), 'utf8')).toBe('bytes');
    expect(readFileSync(join(nested, 'b.ledger'), 'utf8')).toBe('text');
    expect(readdirSync(nested).sort()).toEqual(['a.bundle', 'b.ledger']);
  });

  it('keeps the last written entries of its own kind only, and every entry of another kind', async () => {
    await storeCacheEntry(join(dir, 'other.ledger'), 'x', 1);
    for (const [i, name] of ['1.bundle', '2.bundle', '3.bundle'].entries()) {
      await storeCacheEntry(join(dir, name), name, 2);
      // Written a second apart, as far as their times say (a fast disk writes all three in one tick).
      const at = new Date(Date.now() - (10 - i) * 1000);
      utimesSync(join(dir, name), at, at);
    }
    await storeCacheEntry(join(dir, '4.bundle'), '4', 2);
    expect(readdirSync(dir).sort()).toEqual(['3.bundle', '4.bundle', 'other.ledger']);
  });
});
