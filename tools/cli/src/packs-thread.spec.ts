import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { opportunitiesTable, readBundleCached, tableToCsv } from '@nhsp/data-contract';
import { resolveSettings } from '@nhsp/methodology';
import { loadBundleInputs } from './bundle-inputs';
import { startPacksThread } from './packs-thread';
import { computePeriodOutputs } from './period-outputs';

// Seven years of 20 trusts with every optional return.
const HISTORY = resolve(__dirname, '../../fixtures/golden/history-bundle');

describe("compute's packs thread: opportunities.csv from the bundle cache's entry, the same bytes", () => {
  let cache: string;
  let entry: string;
  const saved = { dir: process.env.NHSP_BUNDLE_CACHE_DIR, thread: process.env.NHSP_PACKS_THREAD };
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'nhsp-packs-thread-'));
    process.env.NHSP_BUNDLE_CACHE_DIR = cache;
    await readBundleCached(HISTORY); // writes the entry
    let found: string | null = null;
    await readBundleCached(HISTORY, {}, {}, { onEntry: (path) => (found = path) });
    entry = found!;
  });
  afterAll(async () => {
    for (const [name, value] of [['NHSP_BUNDLE_CACHE_DIR', saved.dir], ['NHSP_PACKS_THREAD', saved.thread]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(cache, { recursive: true, force: true });
  });

  it.each(['2025-10', '2020-06'])('makes %s the same as compute in one thread', async (period) => {
    process.env.NHSP_PACKS_THREAD = 'on';
    const settings = resolveSettings();
    const thread = startPacksThread({ entry, dir: HISTORY, period, settings })!;
    expect(thread).not.toBeNull();
    const { inputs, notifications } = await loadBundleInputs(HISTORY);
    const expected = tableToCsv(opportunitiesTable(computePeriodOutputs(inputs, notifications, period, settings).packs.packs));
    const csv = await thread.csv;
    expect(csv).toBe(expected);
    expect(csv!.split('\n').length).toBeGreaterThan(100);
  });

  it('answers null (compute then makes the packs itself) when the entry cannot be read', async () => {
    process.env.NHSP_PACKS_THREAD = 'on';
    const thread = startPacksThread({ entry: join(cache, 'absent.bundle'), dir: HISTORY, period: '2025-10', settings: resolveSettings() })!;
    expect(await thread.csv).toBeNull();
  });

  it('is not started when turned off', () => {
    process.env.NHSP_PACKS_THREAD = 'off';
    expect(startPacksThread({ entry, dir: HISTORY, period: '2025-10', settings: resolveSettings() })).toBeNull();
  });
});
