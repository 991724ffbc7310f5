import { BadFileError, formatIssues, readNotifications } from './index';
import { TempFiles, csv } from './testing/temp-files';

const files = new TempFiles();
afterAll(() => files.remove());

describe('readNotifications', () => {
  it('reads notifications, trimming cells, keeping quoted commas and counting a repeated row once', async () => {
    const path = files.write(
      'notifications.csv',
      csv([
        'org_code,month,category,text',
        'rxf ,2025-05, EPR_GO_LIVE ,"EPR went live on 12 May, coding backlog"',
        'RAN,2024-06,restated_finance,Agency spend restated',
        'rxf,2025-05,epr_go_live,"EPR went live on 12 May, coding backlog"',
      ]),
    );
    const result = await readNotifications(path, { knownOrgCodes: ['RXF', 'RAN'] });
    expect(result.rows).toEqual([
      { orgCode: 'RXF', month: '2025-05', category: 'epr_go_live', text: 'EPR went live on 12 May, coding backlog' },
      { orgCode: 'RAN', month: '2024-06', category: 'restated_finance', text: 'Agency spend restated' },
    ]);
    expect(result.recordsRead).toBe(3);
  });

  it('rejects the file naming line, column and reason of every bad cell', async () => {
    const path = files.write(
      'bad.csv',
      csv([
        'org_code,month,category,text',
        'RXF,2025-05,epr_go_live,fine',
        'RZZ,2025-13,go_live,',
        `RXF,2025-05,other,${'x'.repeat(2001)}`,
      ]),
    );
    const error: BadFileError = await readNotifications(path, { knownOrgCodes: ['RXF'], name: 'notifications.csv' }).then(
      () => {
        throw new Error('read should fail');
      },
      (e) => e,
    );
    expect(error).toBeInstanceOf(BadFileError);
    expect(formatIssues(error.issues).split('\n')).toEqual([
      'notifications.csv:3:org_code: unknown trust "RZZ" (not in trusts.csv)',
      'notifications.csv:3:month: "2025-13" is not a month: month 13 is not 1..12 (expected YYYY-MM)',
      'notifications.csv:3:category: "go_live" is not a notification category (expected one of epr_go_live, sdec_setting_change, restated_finance, coding_change, other)',
      'notifications.csv:3:text: text is empty (a value is required)',
      'notifications.csv:4:text: text is 2001 characters long (at most 2000)',
    ]);
  });

  it('refuses a file without the columns it needs', async () => {
    const path = files.write('notifications-no-text.csv', csv(['org_code,month,category', 'RXF,2025-05,other']));
    await expect(readNotifications(path)).rejects.toThrow(/text/);
  });
});
