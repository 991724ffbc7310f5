import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../args';
import { computeCommand } from './compute';
import expected from './compute-bytes.digests.json';

// Speed work on compute's data plumbing (readers, indexes, caches) must not move one byte of
// what it writes. The digests are of every output file of `nhsp compute` as written by the code
// before that work (commit 4095169), on the two golden bundles: seven years of 20 trusts with
// every optional return, and the year of the golden bundle. A change of method or of an output
// format changes them on purpose: then regenerate the JSON and say why in the commit.
const GOLDEN = resolve(__dirname, '../../../fixtures/golden');

async function digests(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) files[name] = createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
  return files;
}

describe('cli compute writes the same bytes as before its speed work', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'nhsp-compute-bytes-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it.each(Object.keys(expected))('%s', async (name) => {
    const [bundle, period] = name.split(' ');
    const dir = join(out, name.replace(' ', '-'));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await computeCommand.run(parseArgs(['--data', join(GOLDEN, bundle), '--period', period, '--out', dir]))).toBe(0);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    expect(await digests(dir)).toEqual((expected as Record<string, Record<string, string>>)[name]);
  });
});
