import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VINTAGES } from '@nhsp/methodology';
import { parseArgs, UsageError } from '../args';
import { computeCommand } from './compute';

// `--vintage` writes the vintage column of estimates.csv: only methodology §5's vintages.
const BUNDLE = resolve(__dirname, '../../../fixtures/golden/bundle');

describe('cli compute --vintage', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'nhsp-vintage-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  const compute = (vintage: string, dir: string) => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    return computeCommand.run(parseArgs(['--data', BUNDLE, '--period', '2025-06', '--out', join(out, dir), '--vintage', vintage])).finally(() => log.mockRestore());
  };

  it.each(['bogus', 'final', 'Provisional', ''])('refuses %p with a usage error naming the vintages, before writing anything', async (vintage) => {
    const refused = await compute(vintage, `refused-${vintage}`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as Error).message).toBe(`--vintage must be one of ${VINTAGES.join(', ')} (got "${vintage}")`);
    await expect(readFile(join(out, `refused-${vintage}`, 'estimates.csv'))).rejects.toThrow();
  });

  it('writes a vintage of the method into every row', async () => {
    expect(await compute('final_revised', 'final')).toBe(0);
    const rows = (await readFile(join(out, 'final', 'estimates.csv'), 'utf8')).trim().split('\n');
    const column = rows[0].split(',').indexOf('vintage');
    expect(new Set(rows.slice(1).map((r) => r.split(',')[column]))).toEqual(new Set(['final_revised']));
  });
});
