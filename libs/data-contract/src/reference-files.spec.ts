import { BadFileError, readDeflators, readFinance, readNccSchedule, readTrusts } from './index';
import { TempFiles, csv } from './testing/temp-files';

const files = new TempFiles();
afterAll(() => files.remove());

const issuesOf = (issues: { line: number | null; column: string | null; reason: string }[]) =>
  issues.map(({ line, column, reason }) => ({ line, column, reason }));

describe('readTrusts', () => {
  const text = csv([
    'org_code,name,region,trust_type,peer_group,sector', // 1
    'rxf ,"MID YORKSHIRE TEACHING NHS TRUST",North East and Yorkshire,Acute trust,Acute - Teaching,', // 2
    'R1D,"SHROPSHIRE COMMUNITY', // 3
    'HEALTH NHS TRUST",Midlands,Mental health and community trust,Community,', // 4
    'RAT,NORTH EAST LONDON NHS FOUNDATION TRUST,London,Mental health and community trust,Mental Health and Learning Disability,', // 5
    'RXF,MID YORKSHIRE TEACHING NHS TRUST,North East and Yorkshire,Acute trust,Acute - Teaching,', // 6: identical, fine
    'RXF,MID YORKS,North East and Yorkshire,Acute trust,Acute - Large,', // 7: different details
    'RYY,SOME TRUST,London,Hospice,Other,', // 8: unknown type
    'RZZ,OTHER TRUST,London,Hospice,Other,community', // 9: explicit sector wins
    'RQQ,,London,Acute trust,Acute - Small,', // 10: no name
    'RWW,W TRUST,London,Acute trust,Acute - Small,hospital', // 11: bad sector
  ]);

  it('derives sectors, counts physical lines through quoted line breaks and reports conflicting duplicates', async () => {
    const result = await readTrusts(files.write('trusts.csv', text), { onError: 'quarantine' });
    expect(result.rows.map((trust) => [trust.orgCode, trust.sector])).toEqual([
      ['RXF', 'acute'],
      ['R1D', 'community'],
      ['RAT', 'mental_health'],
      ['RZZ', 'community'],
    ]);
    expect(result.rows[1].name).toBe('SHROPSHIRE COMMUNITY\nHEALTH NHS TRUST');
    expect(issuesOf(result.issues)).toEqual([
      { line: 7, column: 'org_code', reason: 'org_code "RXF" appears again with different details (name, peer_group differ from line 2)' },
      {
        line: 8,
        column: 'trust_type',
        reason: 'unknown trust type "Hospice" (expected Acute trust, Ambulance trust or Mental health and community trust, or a sector column)',
      },
      { line: 10, column: 'name', reason: 'name is empty (a value is required)' },
      { line: 11, column: 'sector', reason: 'unknown sector "hospital" (expected one of acute, mental_health, community, ambulance)' },
    ]);
  });

  it('rejects the file under the default onError', async () => {
    await expect(readTrusts(files.write('trusts-reject.csv', text))).rejects.toThrow(BadFileError);
  });
});

describe('readFinance', () => {
  it('sums same-key rows exactly, allows credits and reports bad categories and amounts', async () => {
    const text = csv([
      'org_code,month,category,amount_gbp,comment', // 1
      'RXF,2025-04,pay_bank,0.1,', // 2
      'RXF,2025-04,PAY_BANK ,0.2,', // 3
      'RXF,2025-04,non_pay_other,-1500.25,credit note', // 4
      'RXF,2025-04,pay_locum,10,', // 5
      'RXF,2025-04,pay_agency,"1,234.00",', // 6
      'RXF,2025-04,pay_agency,1e3,', // 7
      'RAN,2025-04,pay_agency,12,', // 8: not in trusts.csv
    ]);
    const result = await readFinance(files.write('finance.csv', text), { onError: 'quarantine', knownOrgCodes: new Set(['RXF']) });
    expect(result.rows.map((row) => [row.category, row.amount.toString()])).toEqual([
      ['pay_bank', '0.3'],
      ['non_pay_other', '-1500.25'],
    ]);
    expect(issuesOf(result.issues)).toEqual([
      {
        line: 5,
        column: 'category',
        reason: expect.stringMatching(/^unknown finance category "pay_locum" \(expected one of pay_substantive, pay_bank,/),
      },
      { line: 6, column: 'amount_gbp', reason: '"1,234.00" is not a decimal number (expected e.g. 1234.56)' },
      { line: 7, column: 'amount_gbp', reason: '"1e3" is not a decimal number (expected e.g. 1234.56)' },
      { line: 8, column: 'org_code', reason: 'unknown trust "RAN" (not in trusts.csv)' },
    ]);
  });
});

describe('readNccSchedule', () => {
  it('reads the published layout: BOM, padded codes, quoted descriptions, exponent numbers and empty cells', async () => {
    const text = csv(
      [
        '\uFEFFService Code,Dept or Currency Code,Dept or Currency Desc,Activity,Unit cost,Cost', // 1
        'Ambulance,01 , Hear & Treat,1147817,65.5602,75251062.92', // 2
        'Audiology,as01 ," Fitting of Hearing Aid, Adult",2.07724E5,128.4794,2.668826149e+07', // 3
        'Daycase,ZZ99Z , Nothing recorded,,,', // 4
        'Daycase,ZZ98Z , Bad,12,1.0,n/a', // 5
        'Daycase, , No code,1,1,1', // 6
      ],
      '\r\n',
    );
    const result = await readNccSchedule(files.write('cost_weights.csv', text), { onError: 'quarantine' });
    expect(result.rows.map((row) => [row.serviceCode, row.currency, row.description, String(row.activity), String(row.cost)])).toEqual([
      ['Ambulance', '01', 'Hear & Treat', '1147817', '75251062.92'],
      ['Audiology', 'AS01', 'Fitting of Hearing Aid, Adult', '207724', '26688261.49'],
      ['Daycase', 'ZZ99Z', 'Nothing recorded', 'null', 'null'],
    ]);
    expect(result.rows[2].unitCost).toBeNull();
    expect(issuesOf(result.issues)).toEqual([
      { line: 5, column: 'Cost', reason: '"n/a" is not a number (expected e.g. 1234.56 or 1.23456E3)' },
      { line: 6, column: 'Dept or Currency Code', reason: 'Dept or Currency Code is empty (a value is required)' },
    ]);
  });
});

describe('readDeflators', () => {
  it('reads percentages and reports numbers without a % sign and conflicting years', async () => {
    const text = csv([
      'year,prices,pay,pay&prices', // 1
      '2024,2.74%,3.58%,3.50%', // 2
      '2025,3.9,4.77%,', // 3
      '2024,2.74%,3.58%,3.50%', // 4: identical, fine
      '2024,2.75%,3.58%,3.50%', // 5
      '24,1%,1%,1%', // 6
    ]);
    const result = await readDeflators(files.write('deflators.csv', text), { onError: 'quarantine' });
    expect(result.rows.map((row) => [row.year, row.prices.toString(), row.pay.toString(), String(row.payAndPrices)])).toEqual([
      [2024, '0.0274', '0.0358', '0.035'],
    ]);
    expect(issuesOf(result.issues)).toEqual([
      { line: 3, column: 'prices', reason: '"3.9" is not a percentage (expected e.g. 4.79%)' },
      { line: 5, column: 'year', reason: 'year 2024 appears again with different values (first on line 2)' },
      { line: 6, column: 'year', reason: '"24" is not a year (expected a calendar year such as 2023, read as FY 2023/24)' },
    ]);
  });

  it('accepts the series without the pay&prices column', async () => {
    const result = await readDeflators(files.write('two-columns.csv', csv(['Year,Prices,Pay', '2025,3.90%,4.77%'])));
    expect(result.rows[0].payAndPrices).toBeNull();
  });
});

describe('numbers out of any plausible range are bad cells, not silently kept', () => {
  const digits = (n: number) => '9'.repeat(n);

  it('finance: an amount of 400 digits, over a thousand trillion pounds, or beyond exact precision', async () => {
    const text = csv([
      'org_code,month,category,amount_gbp', // 1
      `RXF,2025-04,pay_bank,${digits(400)}`, // 2
      'RXF,2025-04,pay_bank,1000000000000000', // 3
      `RXF,2025-04,pay_bank,0.${'1'.repeat(41)}`, // 4
      'RXF,2025-04,pay_bank,-999999999999999.99', // 5: the largest credit allowed
    ]);
    const result = await readFinance(files.write('big-amounts.csv', text), { onError: 'quarantine' });
    expect(issuesOf(result.issues)).toEqual([
      { line: 2, column: 'amount_gbp', reason: expect.stringMatching(/^"9{60}… \(400 characters\)" is too large \(amounts are below 1,000,000,000,000,000\)$/) },
      { line: 3, column: 'amount_gbp', reason: '"1000000000000000" is too large (amounts are below 1,000,000,000,000,000)' },
      { line: 4, column: 'amount_gbp', reason: expect.stringMatching(/has more digits than can be kept exact \(at most 40 significant digits\)$/) },
    ]);
    expect(result.rows.map((row) => row.amount.toFixed())).toEqual(['-999999999999999.99']);
  });

  it('NCC schedule: a plain number as far out of range as an exponent beyond E100', async () => {
    const text = csv([
      'Service Code,Dept or Currency Code,Dept or Currency Desc,Activity,Cost', // 1
      `Daycase,FF12A,x,${digits(400)},1`, // 2
      `Daycase,FF12A,x,1,0.${'0'.repeat(200)}1`, // 3
      'Daycase,FF12A,x,1E101,1', // 4
      `Daycase,FF12A,x,1${'0'.repeat(101)},0`, // 5: 1E101 written out
      `Daycase,FF12A,x,${digits(101)},0.00`, // 6: 9.99…E100, within range
    ]);
    const result = await readNccSchedule(files.write('big-schedule.csv', text), { onError: 'quarantine' });
    expect(issuesOf(result.issues).map(({ line, column, reason }) => [line, column, reason.replace(/^".*" /, '')])).toEqual([
      [2, 'Activity', 'is out of range'],
      [3, 'Cost', 'is out of range'],
      [4, 'Activity', 'is out of range'],
      [5, 'Activity', 'is out of range'],
    ]);
    expect(result.rows).toHaveLength(1);
  });

  it('deflators: a yearly change of -100% or less (deflating would divide by zero) or of 1000% or more', async () => {
    const text = csv(['year,prices,pay', '2023,-100%,1%', '2024,1%,-250%', `2025,${digits(400)}%,1%`, '2026,-99.9%,999.99%']);
    const result = await readDeflators(files.write('extreme-deflators.csv', text), { onError: 'quarantine' });
    const reason = 'is out of range (a yearly change is above -100% and below 1000%)';
    expect(issuesOf(result.issues)).toEqual([
      { line: 2, column: 'prices', reason: `"-100%" ${reason}` },
      { line: 3, column: 'pay', reason: `"-250%" ${reason}` },
      { line: 4, column: 'prices', reason: expect.stringMatching(/\(401 characters\)" is out of range/) },
    ]);
    expect(result.rows.map((row) => [row.year, row.prices.toFixed(), row.pay.toFixed()])).toEqual([[2026, '-0.999', '9.9999']]);
  });
});
