// The pack command on the golden history bundle: the workbook a finance director circulates, read
// back with exceljs. Its figures are the packs' (methodology §11), grouped as Table 2 groups them
// for the trust's sector, with number formats, column widths and named, sized header fonts; a
// hostile trust name is neutralised; missing data is named on the cover and beside the category.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { Exact, Sector } from '@nhsp/domain';
import { computePacks, OpportunityRow, OVERLAP_WARNING, PACK_SECTIONS, packInputsOf, packOf, resolveSettings } from '@nhsp/methodology';
import { SECTOR_LABELS } from '@nhsp/board-answers';
import { parseArgs } from '../args';
import { loadBundleInputs } from '../bundle-inputs';
import { BODY_FONT, HEADER_FONT, OPPORTUNITY_COLUMNS, POUNDS_FORMAT, UNITS_FORMAT, VALUE_FORMATS } from '../pack-workbook';
import { packCommand } from './pack';

const HISTORY = resolve(__dirname, '../../../fixtures/golden/history-bundle');
const PERIOD = '2025-10';

async function pack(argv: string[]): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await packCommand.run(parseArgs(argv)), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

const cells = (sheet: ExcelJS.Worksheet, column: number) => {
  const values: unknown[] = [];
  sheet.eachRow((row, i) => void (i > 1 && values.push(row.getCell(column).value)));
  return values;
};

describe('cli pack', () => {
  let dir: string;
  let expected: OpportunityRow[];
  let names: Map<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhsp-pack-'));
    const { inputs } = await loadBundleInputs(HISTORY);
    names = new Map(inputs.trusts.map((t) => [t.orgCode, t.name]));
    expected = computePacks(packInputsOf(inputs, resolveSettings()), PERIOD);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe.each([
    ['RAE', 'acute'],
    ['RY3', 'community'],
    ['RXA', 'mental_health'],
    ['RX9', 'ambulance'],
  ] as [string, Sector][])('%s (%s)', (org, sector) => {
    let book: ExcelJS.Workbook;
    beforeAll(async () => {
      const out = join(dir, `${org}.xlsx`);
      expect((await pack(['--data', HISTORY, '--period', PERIOD, '--org', org.toLowerCase(), '--out', out])).code).toBe(0);
      book = await workbook(out);
    });

    it('has a cover with the trust, period, sector and the overlap warning', () => {
      const cover = book.getWorksheet('Cover')!;
      const text = cover.getSheetValues().flat().filter((v) => typeof v === 'string');
      expect(text).toEqual(expect.arrayContaining([org, SECTOR_LABELS[sector], 'April to October 2025 (Month 7 year to date, 2025/26)', OVERLAP_WARNING, 'None: every category had the data it needs.']));
      expect(cover.getCell('A2').value).toBe(names.get(org));
      expect(cover.getCell('A1').font).toMatchObject({ name: 'Arial', size: 16, bold: true });
    });

    it('groups the categories as Table 2 does for the sector, each with the pack’s figures', () => {
      const sheet = book.getWorksheet('Opportunities')!;
      const mine = packOf(expected, org).filter((r) => r.metric !== 'cost_index_detail');
      const titles = new Set(PACK_SECTIONS.map((s) => s.title));
      const headings: string[] = [];
      const figures: unknown[][] = [];
      // Below the table: an empty row, then the overlap warning.
      sheet.eachRow((row, i) => {
        if (i === 1 || i === sheet.rowCount) return;
        if (titles.has(String(row.getCell(1).value))) headings.push(String(row.getCell(1).value));
        else figures.push([row.getCell(3).value, row.getCell(4).value, row.getCell(6).value, row.getCell(8).value]);
      });
      const sections = PACK_SECTIONS.filter((s) => s.metrics.some((m) => mine.some((r) => r.metric === m))).map((s) => s.title);
      expect(headings).toEqual(sections);
      const num = (d: Exact | null) => (d === null ? null : d.toNumber());
      const cents = (d: Exact | null) => (d === null ? null : d.toDecimalPlaces(2, Exact.ROUND_HALF_UP).toNumber());
      expect(figures).toEqual(mine.map((r) => [num(r.value), num(r.benchmark), cents(r.opportunityUnits), cents(r.opportunityGbp)]));
      expect(cells(sheet, 9).filter((v) => v !== null)).toEqual([]);
      expect(sheet.getCell(sheet.rowCount, 1).value).toBe(OVERLAP_WARNING);
    });

    it('formats numbers, sizes columns and names and sizes the fonts', () => {
      const sheet = book.getWorksheet('Opportunities')!;
      // At least the designed width, and as wide as the longest value (section headings and the
      // closing warning run across the sheet and do not count), within 80 characters.
      const longest = OPPORTUNITY_COLUMNS.map(() => 0);
      sheet.eachRow((row, i) => {
        if (i > 1 && (row.getCell(2).value !== null || row.getCell(3).value !== null)) {
          row.eachCell((cell, c) => void (typeof cell.value === 'string' && (longest[c - 1] = Math.max(longest[c - 1], cell.value.length))));
        }
      });
      const widths = sheet.columns.map((c) => c.width!);
      expect(widths.map((w, i) => w >= Math.min(80, Math.max(OPPORTUNITY_COLUMNS[i].width, longest[i] + 2)) && w <= 80)).toEqual(OPPORTUNITY_COLUMNS.map(() => true));
      // Every cell's font is named and sized, blanks too, and no cell holds an empty string.
      const unnamed: string[] = [];
      book.eachSheet((s) => s.eachRow((row) => row.eachCell({ includeEmpty: true }, (cell) => {
        if (!cell.font?.name || !cell.font?.size || cell.value === '') unnamed.push(`${s.name}!${cell.address}`);
      })));
      expect(unnamed).toEqual([]);
      expect(sheet.getRow(1).font).toMatchObject({ name: HEADER_FONT.name, size: HEADER_FONT.size, bold: true });
      let formatted = 0;
      sheet.eachRow((row, i) => {
        if (i === 1 || typeof row.getCell(3).value !== 'number') return;
        expect(Object.values(VALUE_FORMATS)).toContain(row.getCell(3).numFmt);
        expect([row.getCell(6).numFmt, row.getCell(8).numFmt]).toEqual([UNITS_FORMAT, POUNDS_FORMAT]);
        expect(row.getCell(1).font).toMatchObject({ name: BODY_FONT.name, size: BODY_FONT.size });
        formatted++;
      });
      expect(formatted).toBeGreaterThan(5);
      // A share shows as a percentage.
      const share = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === 'Corporate cost / operating income')!;
      expect(share.getCell(3).numFmt).toBe('0.00%');
    });

    it(`has the cost index drill-down only for an acute trust`, () => {
      const detail = book.getWorksheet('Cost index detail');
      if (sector !== 'acute') {
        expect(detail).toBeUndefined();
        return;
      }
      const rows = packOf(expected, org).filter((r) => r.metric === 'cost_index_detail');
      expect(detail!.rowCount - 1).toBe(rows.length);
      const gbp = cells(detail!, 6) as number[];
      expect(gbp).toEqual([...gbp].sort((a, b) => b - a));
    });
  });

  it('neutralises a formula in a trust name and names the data missing on the cover and beside each category', async () => {
    const bundle = join(dir, 'hostile');
    if (!existsSync(bundle)) mkdirSync(bundle);
    for (const file of ['activity.csv', 'cost_weights.csv', 'deflators.csv', 'finance.csv', 'medicines.csv', 'trust_costs.csv', 'workforce.csv', 'unit_costs.csv']) {
      await copyFile(join(HISTORY, file), join(bundle, file));
    }
    const trusts = (await readFile(join(HISTORY, 'trusts.csv'), 'utf8')).replace('RY3,EAST OF ENGLAND COMMUNITY HEALTH AND CARE NHS TRUST', 'RY3,"=HYPERLINK(""http://x"",""open"")"');
    await writeFile(join(bundle, 'trusts.csv'), trusts);
    const out = join(dir, 'hostile.xlsx');
    expect((await pack(['--data', bundle, '--period', PERIOD, '--org', 'RY3', '--out', out])).code).toBe(0);
    const book = await workbook(out);
    const cover = book.getWorksheet('Cover')!;
    expect(cover.getCell('A2').value).toBe(`'=HYPERLINK("http://x","open")`);
    const coverText = cover.getSheetValues().flat().filter((v) => typeof v === 'string') as string[];
    expect(coverText).toContain('Community length of stay: operations.csv: community_bed_days, community_admissions');
    const missing = cells(book.getWorksheet('Opportunities')!, 9).filter((v) => v !== null);
    expect(missing).toContain('operations.csv: corporate_cost_gbp (hr), operating_income_gbp');
  });

  it('refuses a trust the bundle does not list, writing nothing', async () => {
    const out = join(dir, 'nobody.xlsx');
    const { code, stderr } = await pack(['--data', HISTORY, '--period', PERIOD, '--org', 'RZZ', '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/RZZ is not in .*trusts\.csv/);
    expect(existsSync(out)).toBe(false);
  });
});
