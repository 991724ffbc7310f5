// explain shows the trust's opportunity pack after what moved its number: the same rows compute
// writes, in Table 2's sections for the sector, with the overlap warning and the data missing.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { computePacks, OVERLAP_WARNING, packInputsOf, packOf, resolveSettings } from '@nhsp/methodology';
import { parseArgs } from '../args';
import { loadBundleInputs } from '../bundle-inputs';
import { explainCommand } from './explain';

const HISTORY = resolve(__dirname, '../../../fixtures/golden/history-bundle');

async function explain(argv: string[]): Promise<string> {
  const out: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  try {
    expect(await explainCommand.run(parseArgs(argv))).toBe(0);
    return out.join('\n');
  } finally {
    log.mockRestore();
  }
}

describe('cli explain: the trust’s pack', () => {
  it('gives the pack in the JSON answer, row for row the packs of the period', async () => {
    const json = JSON.parse(await explain(['--data', HISTORY, '--period', '2025-10', '--org', 'RX9', '--json']));
    const { inputs } = await loadBundleInputs(HISTORY);
    const wanted = packOf(computePacks(packInputsOf(inputs, resolveSettings()), '2025-10'), 'RX9');
    expect(json.pack).toEqual(JSON.parse(JSON.stringify(wanted)));
    expect(json.pack.map((r: { metric: string }) => r.metric)).toContain('ambulance_incidents_per_wte');
  });

  it('writes the sections of the sector with values, benchmarks and opportunities, after the overlap warning', async () => {
    const text = await explain(['--data', HISTORY, '--period', '2025-10', '--org', 'RXA']);
    const pack = text.slice(text.indexOf('Opportunity pack: RXA'));
    expect(pack).toContain(OVERLAP_WARNING);
    expect(pack.match(/^\S.*:$/gm)).toEqual(['Temporary staffing:', 'Corporate services:', 'Estates and procurement:', 'Medicines:', 'Mental health and NHS Talking Therapies:']);
    expect(pack).toMatch(/Length of stay: PICU: 35\.7 days against 28\.8 days \(England\); opportunity 2,633 bed days = £1,714,711/);
  });

  it('names the data a category lacks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nhsp-explain-pack-'));
    try {
      for (const file of ['trusts.csv', 'activity.csv', 'cost_weights.csv', 'deflators.csv', 'finance.csv', 'operations.csv']) await copyFile(join(HISTORY, file), join(dir, file));
      const text = await explain(['--data', dir, '--period', '2025-10', '--org', 'RAE']);
      expect(text).toContain('Cost index: Elective and day case: missing trust_costs.csv: a return for 2024/25 or earlier');
      expect(text).toContain('Originator share of switchable medicines: missing medicines.csv: quantity of a molecule with a generic or biosimilar');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cli explain: the same flags as compute', () => {
  it('flags UNSTABLE with its band where the stability band is over the threshold, as compute does', async () => {
    // RHA's band at 2025-10 is 0.0233 in the golden stability.csv (threshold 0.02).
    const json = JSON.parse(await explain(['--data', HISTORY, '--period', '2025-10', '--org', 'RHA', '--json']));
    const unstable = json.flags.find((f: { code: string }) => f.code === 'UNSTABLE');
    expect(unstable).toBeDefined();
    expect(Number(unstable.details.band)).toBeCloseTo(0.0232668602392398, 12);
    const stable = JSON.parse(await explain(['--data', HISTORY, '--period', '2025-10', '--org', 'RAE', '--json']));
    expect(stable.flags.map((f: { code: string }) => f.code)).not.toContain('UNSTABLE');
  });
});
