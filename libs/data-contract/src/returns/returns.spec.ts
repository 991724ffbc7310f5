// The optional operational returns read as strictly as activity.csv: every bad row located by
// file, line, column and reason; nothing returned under reject; good rows summed by key under
// quarantine; unknown codes, misplaced or missing dimensions and unknown trusts are bad rows.
import { BadFileError, BundleError, formatIssues, readBundle, readMedicines, readOperations, readTrustCosts, readUnitCosts, readWorkforce } from '../index';
import { TempFiles, csv } from '../testing/temp-files';

const files = new TempFiles();
afterAll(() => files.remove());
const known = ['RXF', 'RAN'];
const text = (rows: object[]) => JSON.parse(JSON.stringify(rows));

async function rejected(reading: Promise<unknown>): Promise<BadFileError> {
  const error = await reading.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(BadFileError);
  return error;
}

describe('readOperations', () => {
  const path = files.write(
    'operations.csv',
    csv([
      'org_code,month,measure,dimension,value', // 1
      'RXF,2025-04,theatre_session_minutes,,1000', // 2
      'rxf,2025-04,Theatre_Session_Minutes, ,250.5', // 3: summed with line 2
      'RXF,2025-04,mh_bed_days,adult_acute,300', // 4
      'RXF,2025-04,mh_bed_days,,300', // 5: needs a ward type
      'RXF,2025-04,theatre_touch_minutes,picu,10', // 6: has no dimension
      'RXF,2025-04,mh_admissions,ward_9,10', // 7: unknown ward type
      'RXF,2025-04,theatre_minutes,,10', // 8: unknown measure
      'RZZ,2025-04,gas_kwh,,10', // 9: unknown trust
      'RAN,2025-04,gas_kwh,,-10', // 10: negative
      'RAN,2025-04,corporate_cost_gbp,HR,12.5', // 11
      'RAN,2025-4,gas_kwh,,1e3', // 12: month and number
      'RAN,2025-05,electricity_kwh,,', // 13: empty value
    ]),
  );
  const issues = [
    { line: 5, column: 'dimension', value: '', reason: 'mh_bed_days needs a dimension (one of adult_acute, older_adult, picu, rehabilitation, forensic, cyp, learning_disability, eating_disorder, perinatal)' },
    { line: 6, column: 'dimension', value: 'picu', reason: 'theatre_touch_minutes has no dimension, but "picu" is given (leave it empty)' },
    { line: 7, column: 'dimension', value: 'ward_9', reason: expect.stringMatching(/^unknown dimension "ward_9" of mh_admissions \(expected one of adult_acute, /) },
    { line: 8, column: 'measure', value: 'theatre_minutes', reason: expect.stringMatching(/^unknown measure "theatre_minutes" \(expected one of theatre_session_minutes, /) },
    { line: 9, column: 'org_code', value: 'RZZ', reason: 'unknown trust "RZZ" (not in trusts.csv)' },
    { line: 10, column: 'value', value: '-10', reason: '"-10" is negative (values are non-negative decimals)' },
    { line: 12, column: 'month', value: '2025-4', reason: '"2025-4" is not a month (expected YYYY-MM)' },
    { line: 12, column: 'value', value: '1e3', reason: '"1e3" is not a decimal number (expected e.g. 1234.56)' },
    { line: 13, column: 'value', value: '', reason: 'value is empty (a value is required)' },
  ].map((issue) => ({ file: 'operations.csv', ...issue }));

  it('rejects by default with every bad row located and nothing returned', async () => {
    const error = await rejected(readOperations(path, { knownOrgCodes: known }));
    expect(error.issues).toEqual(issues);
    expect(error.message).toContain('operations.csv:6:dimension: theatre_touch_minutes has no dimension');
  });

  it('quarantines: good rows with the same key summed, codes normalised', async () => {
    const result = await readOperations(path, { knownOrgCodes: known, onError: 'quarantine' });
    expect(result.issues).toEqual(issues);
    expect(result.badRecords).toBe(8);
    expect(text(result.rows)).toEqual([
      { orgCode: 'RXF', month: '2025-04', measure: 'theatre_session_minutes', dimension: '', value: '1250.5' },
      { orgCode: 'RXF', month: '2025-04', measure: 'mh_bed_days', dimension: 'adult_acute', value: '300' },
      { orgCode: 'RAN', month: '2025-04', measure: 'corporate_cost_gbp', dimension: 'hr', value: '12.5' },
    ]);
  });

  it('names a header without the dimension column as unreadable', async () => {
    const error = await rejected(readOperations(files.write('ops-header.csv', csv(['org_code,month,measure,value', 'RXF,2025-04,gas_kwh,1']))));
    expect(formatIssues(error.issues)).toMatch(/^ops-header\.csv:1: missing column\(s\) dimension: expected a comma-separated header/);
  });
});

describe('readWorkforce', () => {
  const path = files.write(
    'workforce.csv',
    csv([
      'org_code,month,staff_group,wte', // 1
      'RXF,2025-04,consultant,100.5', // 2
      'RXF,2025-04,Consultant,0.5', // 3: summed
      'RXF,2025-04,nursing,-1', // 4
      'RXF,2025-04,doctors,10', // 5
      'RXF,2025-04,ahp,ten', // 6
      'RAN,2025-04,ambulance_frontline,0', // 7
    ]),
  );
  const issues = [
    { line: 4, column: 'wte', value: '-1', reason: '"-1" is negative (wte values are non-negative decimals)' },
    { line: 5, column: 'staff_group', value: 'doctors', reason: expect.stringMatching(/^unknown staff group "doctors" \(expected one of consultant, medical_other, /) },
    { line: 6, column: 'wte', value: 'ten', reason: '"ten" is not a decimal number (expected e.g. 1234.56)' },
  ].map((issue) => ({ file: 'workforce.csv', ...issue }));

  it('rejects bad rows and quarantines the rest, summed by org, month and group', async () => {
    expect((await rejected(readWorkforce(path, { knownOrgCodes: known }))).issues).toEqual(issues);
    const result = await readWorkforce(path, { knownOrgCodes: known, onError: 'quarantine' });
    expect(text(result.rows)).toEqual([
      { orgCode: 'RXF', month: '2025-04', staffGroup: 'consultant', wte: '101' },
      { orgCode: 'RAN', month: '2025-04', staffGroup: 'ambulance_frontline', wte: '0' },
    ]);
  });
});

describe('readTrustCosts', () => {
  const path = files.write(
    'trust_costs.csv',
    csv([
      'org_code,year,pod,currency,activity,cost_gbp', // 1
      'RXF,2024,EL,FF12A,10,1000.50', // 2
      'RXF,2024,el, ff12a ,5,500', // 3: summed
      'RXF,24,EL,FF12A,1,1', // 4
      'RXF,2024,WARD,FF12A,1,1', // 5
      'RXF,2024,EL,=SUM(A1),1,1', // 6
      'RXF,2024,EL,FF12A,-1,1', // 7
      'RZZ,2024,EL,FF12A,1,1', // 8
      'RAN,2023,DC,FF12A,0,-0.01', // 9
    ]),
  );
  it('rejects bad rows and quarantines the rest, summed by org, year, POD and currency', async () => {
    const error = await rejected(readTrustCosts(path, { knownOrgCodes: known }));
    expect(error.issues.map((i) => [i.line, i.column])).toEqual([
      [4, 'year'],
      [5, 'pod'],
      [6, 'currency'],
      [7, 'activity'],
      [8, 'org_code'],
      [9, 'cost_gbp'],
    ]);
    expect(error.issues[0].reason).toBe('"24" is not a year (expected the financial year\'s first calendar year, e.g. 2024 for 2024/25)');
    expect(error.issues[2].reason).toBe('"=SUM(A1)" is not an NCC currency code (expected up to 20 letters and digits, e.g. FF12A)');
    const result = await readTrustCosts(path, { knownOrgCodes: known, onError: 'quarantine' });
    expect(text(result.rows)).toEqual([{ orgCode: 'RXF', year: 2024, pod: 'EL', currency: 'FF12A', activity: '15', cost: '1500.5' }]);
  });
});

describe('readMedicines', () => {
  const path = files.write(
    'medicines.csv',
    csv([
      'org_code,month,molecule,product,quantity,cost_gbp', // 1
      'RXF,2025-04,Adalimumab,originator,10,950', // 2
      'RXF,2025-04, adalimumab ,ORIGINATOR,5,50', // 3: summed
      'RXF,2025-04,adalimumab,biosimilar,20,400', // 4
      'RXF,2025-04,adalimumab,branded,1,1', // 5
      'RXF,2025-04,=HYPERLINK("x"),generic,1,1', // 6
      'RXF,2025-04,apixaban,generic,1,-5', // 7
    ]),
  );
  it('rejects unknown products and formula text as molecules; sums by org, month, molecule and product', async () => {
    const error = await rejected(readMedicines(path, { knownOrgCodes: known }));
    expect(error.issues.map((i) => [i.line, i.column, i.reason])).toEqual([
      [5, 'product', 'unknown product "branded" (expected one of originator, generic, biosimilar)'],
      [6, 'molecule', expect.stringMatching(/^"=HYPERLINK\("x"\)" is not a molecule name \(expected up to 100 letters/)],
      [7, 'cost_gbp', '"-5" is negative (costs are non-negative decimals)'],
    ]);
    const result = await readMedicines(path, { knownOrgCodes: known, onError: 'quarantine' });
    expect(text(result.rows)).toEqual([
      { orgCode: 'RXF', month: '2025-04', molecule: 'adalimumab', product: 'originator', quantity: '15', cost: '1000' },
      { orgCode: 'RXF', month: '2025-04', molecule: 'adalimumab', product: 'biosimilar', quantity: '20', cost: '400' },
    ]);
  });
});

describe('readUnitCosts', () => {
  it('rejects unknown names and a name given again with a different cost; the same cost twice counts once', async () => {
    const path = files.write(
      'unit_costs.csv',
      csv(['name,gbp', 'community_bed_day,381.88', 'ambulance_hour,192.18', 'Community_Bed_Day,381.880', 'ambulance_hour,200', 'bed_day,10', 'ambulance_hour,-1']),
    );
    const error = await rejected(readUnitCosts(path));
    expect(error.issues.map((i) => [i.line, i.column, i.reason])).toEqual([
      [5, 'gbp', 'ambulance_hour appears again with a different cost (first on line 3)'],
      [6, 'name', 'unknown unit cost name "bed_day" (expected one of community_bed_day, ambulance_hour)'],
      [7, 'gbp', '"-1" is negative (unit costs are non-negative decimals)'],
    ]);
    const result = await readUnitCosts(path, { onError: 'quarantine' });
    expect(text(result.rows)).toEqual([
      { name: 'community_bed_day', gbp: '381.88' },
      { name: 'ambulance_hour', gbp: '192.18' },
    ]);
  });
});

describe('readBundle with the optional returns', () => {
  const TRUSTS = csv(['org_code,name,region,trust_type,peer_group', 'RXF,MID YORKSHIRE TEACHING NHS TRUST,North East and Yorkshire,Acute trust,Acute - Teaching']);

  it('reads them when present, against the bundle’s trusts, and leaves them null when absent', async () => {
    const dir = files.folder('with-returns', {
      'trusts.csv': TRUSTS,
      'workforce.csv': csv(['org_code,month,staff_group,wte', 'RXF,2025-04,consultant,10']),
      'unit_costs.csv': csv(['name,gbp', 'ambulance_hour,192.18']),
    });
    const bundle = await readBundle(dir);
    expect(bundle.returns.workforce!.rows).toHaveLength(1);
    expect(bundle.returns.unitCosts!.rows).toHaveLength(1);
    expect([bundle.returns.operations, bundle.returns.medicines, bundle.returns.trustCosts]).toEqual([null, null, null]);
  });

  it('lists their bad rows with the other files’ in one BundleError', async () => {
    const dir = files.folder('bad-returns', {
      'trusts.csv': TRUSTS,
      'operations.csv': csv(['org_code,month,measure,dimension,value', 'RAN,2025-04,gas_kwh,,1']),
      'medicines.csv': csv(['org_code,month,molecule,product,quantity,cost_gbp', 'RXF,2025-04,apixaban,own_brand,1,1']),
    });
    const error: BundleError = await readBundle(dir).catch((e) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect(error.rejectedFiles.sort()).toEqual(['medicines.csv', 'operations.csv']);
    expect(formatIssues(error.issues)).toBe(
      [
        'operations.csv:2:org_code: unknown trust "RAN" (not in trusts.csv)',
        'medicines.csv:2:product: unknown product "own_brand" (expected one of originator, generic, biosimilar)',
      ].join('\n'),
    );
  });
});
