import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { BundleError, formatIssues, readBundle } from './index';
import { TempFiles, csv } from './testing/temp-files';

const files = new TempFiles();
afterAll(() => files.remove());

const TRUSTS = csv([
  'org_code,name,region,trust_type,peer_group',
  'RXF,MID YORKSHIRE TEACHING NHS TRUST,North East and Yorkshire,Acute trust,Acute - Teaching',
  'RAN,ROYAL NATIONAL ORTHOPAEDIC HOSPITAL NHS TRUST,London,Acute trust,Acute - Specialist',
]);

const BAD_ACTIVITY = csv(['org_code,month,pod,currency,count', 'RXF,2025-04,EL,FF12A,10', 'RZZ,2025-04,EL,FF12A,1', 'RAN,2025-04,EL,FF12A,-3']);
const BAD_FINANCE = csv(['org_code,month,category,amount_gbp', 'RXF,2025-04,pay_bank,abc', 'RAN,2025-04,pay_bank,12.50']);

async function bundleError(reading: Promise<unknown>): Promise<BundleError> {
  const error = await reading.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error;
}

describe('readBundle', () => {
  it('lists the problems of every file in one BundleError, checking org codes against trusts.csv', async () => {
    const dir = files.folder('bad-rows', { 'trusts.csv': TRUSTS, 'activity.csv': BAD_ACTIVITY, 'finance.csv': BAD_FINANCE });
    const error = await bundleError(readBundle(dir));
    expect(error.rejectedFiles.sort()).toEqual(['activity.csv', 'finance.csv']);
    expect(formatIssues(error.issues)).toBe(
      [
        'activity.csv:3:org_code: unknown trust "RZZ" (not in trusts.csv)',
        'activity.csv:4:count: "-3" is negative (counts are non-negative integers)',
        'finance.csv:2:amount_gbp: "abc" is not a decimal number (expected e.g. 1234.56)',
      ].join('\n'),
    );
    expect(error.message).toContain('finance.csv:2:amount_gbp');
  });

  it('quarantines bad rows of every file and returns the rest', async () => {
    const dir = files.folder('quarantine', { 'trusts.csv': TRUSTS, 'activity.csv': BAD_ACTIVITY, 'finance.csv': BAD_FINANCE });
    const bundle = await readBundle(dir, { onError: 'quarantine' });
    expect(bundle.issueCount).toBe(3);
    expect(bundle.activity!.rows.map((row) => row.orgCode)).toEqual(['RXF']);
    expect(bundle.finance!.rows.map((row) => [row.orgCode, row.amount.toString()])).toEqual([['RAN', '12.5']]);
    expect(bundle.costWeights).toBeNull();
    expect(bundle.deflators).toBeNull();
  });

  it('rejects an unreadable file even under quarantine, alongside the other files’ issues', async () => {
    const dir = files.folder('unreadable', {
      'trusts.csv': TRUSTS,
      'activity.csv': BAD_ACTIVITY,
      'deflators.csv': Buffer.from('\uFEFFyear,prices,pay\n2025,1%,1%\n', 'utf16le'),
    });
    const error = await bundleError(readBundle(dir, { onError: 'quarantine' }));
    expect(error.rejectedFiles).toEqual(['deflators.csv']);
    expect(error.issueCount).toBe(3);
    expect(formatIssues(error.issues)).toContain('deflators.csv:1: the file is UTF-16 encoded (expected UTF-8)');
  });

  it('needs trusts.csv and refuses activity.csv together with activity_records.csv', async () => {
    const dir = files.folder('layout', {
      'activity.csv': csv(['org_code,month,pod,currency,count']),
      'activity_records.csv': csv(['org_code,date,pod,currency']),
    });
    const error = await bundleError(readBundle(dir));
    expect(formatIssues(error.issues)).toBe(
      [
        'trusts.csv: is missing: a bundle needs the trust list',
        'activity_records.csv: a bundle holds activity.csv or activity_records.csv, not both (they would count twice)',
      ].join('\n'),
    );
  });

  it('aggregates activity_records.csv when that is the activity file', async () => {
    const dir = files.folder('records', {
      'trusts.csv': TRUSTS,
      'activity_records.csv': csv(['org_code,date,pod,currency,los_days', 'RXF,2025-04-02,NEL_LS,FZ12A,4', 'rxf,2025-04-20,nel_ls,fz12a,6']),
    });
    copyFileSync(join(__dirname, '../../../tools/fixtures/reference/nhs_cost_inflation_index.csv'), join(dir, 'deflators.csv'));
    const bundle = await readBundle(dir);
    expect(bundle.activity!.file).toBe('activity_records.csv');
    expect(bundle.activity!.rows).toEqual([{ orgCode: 'RXF', month: '2025-04', pod: 'NEL_LS', currency: 'FZ12A', count: 2, bedDays: 10 }]);
    expect(bundle.deflators!.rows).toHaveLength(9);
  });
});
