// The shared sheet style on a workbook written and read back with exceljs: fonts named on every
// cell, widths from the longest value as its format shows it, bounded, wrapping past the bound.
import ExcelJS from 'exceljs';
import { fitColumns, nameEveryFont, shownLength } from './sheet-style';

async function roundTrip(book: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await book.xlsx.writeBuffer()) as ArrayBuffer);
  return back;
}

describe('sheet style', () => {
  it('counts numbers as their format shows them', () => {
    expect(shownLength({ value: 0.047619, numFmt: '0.00%' })).toBe('4.76%'.length);
    expect(shownLength({ value: 1234567.891, numFmt: '"£"#,##0.00' })).toBe('£1,234,567.89'.length);
    expect(shownLength({ value: 1.23456, numFmt: '0.000' })).toBe('1.235'.length);
    expect(shownLength({ value: 1 / 3, numFmt: undefined as unknown as string })).toBe(11);
    expect(shownLength({ value: null, numFmt: '' })).toBe(0);
  });

  it('names every font, fits widths within bounds and wraps what the bound cuts', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['Code', 'Name', 'Note', 'Period']);
    sheet.addRow(['A', 'A rather long organisation name', 'x'.repeat(200), '2025-10']);
    sheet.addRow(['B', null, 'y', null]);
    sheet.getCell('A2').font = { color: { argb: 'FFC00000' } };
    nameEveryFont(sheet, 1);
    fitColumns(sheet, { bounds: { min: 8, max: 80 } });
    const back = (await roundTrip(book)).getWorksheet('s')!;
    expect(back.getCell('A1').font).toEqual({ name: 'Arial', size: 10, bold: true });
    expect(back.getCell('A2').font).toMatchObject({ name: 'Arial', size: 10, color: { argb: 'FFC00000' } });
    expect([back.getCell('B3').value, back.getCell('B3').font]).toEqual([null, { name: 'Arial', size: 10 }]);
    // Period would be 9 wide, exceljs' default, which it leaves out of the file: 10 keeps it there.
    expect([1, 2, 3, 4].map((c) => back.getColumn(c).width)).toEqual([8, 'A rather long organisation name'.length + 2, 80, 10]);
    expect(back.getCell('C2').alignment).toMatchObject({ wrapText: true });
    expect(back.getCell('B2').alignment?.wrapText).toBeFalsy();
  });
});
