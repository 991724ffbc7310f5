// A range of a state's submissions (HeldHistory.of) gives the month identities and ledger keys
// derived once from the whole state; they must be exactly those of the range's own rows, in the
// same order, as derived from any other rows.
import { SubmissionRow } from '../src/repositories/history.repository';
import { HeldHistory } from '../src/submission-digests';
import { identitiesOfMonths, ledgerKeysOf, ledgerKeysOfHistory, monthIdentities } from '../src/submission-rows';

const MONTHS = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
const ORGS = ['RB2', 'RA1', 'RC3'];

/** Ordered as HistoryRepository reads them; RC3 lacks finance in March and activity in May, RA1 has no June. */
function stateRows(): SubmissionRow[] {
  const rows: SubmissionRow[] = [];
  for (const org of [...ORGS].sort()) {
    for (const month of MONTHS) {
      for (const kind of ['activity', 'finance']) {
        if (org === 'RC3' && ((month === '2024-03' && kind === 'finance') || (month === '2024-05' && kind === 'activity'))) continue;
        if (org === 'RA1' && month === '2024-06') continue;
        rows.push({ org_code: org, month, kind, batch_id: `${kind}-${month}`, content_sha256: `${org}${month}${kind}`.repeat(2) });
      }
    }
  }
  return rows;
}

describe('productivity: what runs derive from a range of a state\'s submissions', () => {
  const held = new HeldHistory(stateRows());
  const ranges: Array<[string, string]> = [
    ['2024-01', '2024-06'],
    ['2024-02', '2024-04'],
    ['2024-05', '2024-05'],
    ['2024-06', '2024-09'],
    ['2023-01', '2023-12'],
  ];

  it('gives each month identity of the range\'s rows, and none of months outside it', () => {
    for (const [from, to] of ranges) {
      const range = held.of(from, to);
      const own = ['2023-12', '2024-02', '2024-03', '2024-05', '2024-06'];
      const expected = monthIdentities(range.filter((r) => own.includes(r.month)));
      expect([...identitiesOfMonths(range, own)]).toEqual([...expected]);
      // The same rows not handed out by a HeldHistory are derived from as they are.
      expect([...identitiesOfMonths([...range], own)]).toEqual([...expected]);
    }
    expect(identitiesOfMonths(held.of('2024-02', '2024-03'), ['2024-03']).get('2024-03')).toBe(
      ['RA1|activity|activity-2024-03|RA12024-03activityRA12024-03activity', 'RA1|finance|finance-2024-03|RA12024-03financeRA12024-03finance', 'RB2|activity|activity-2024-03|RB22024-03activityRB22024-03activity', 'RB2|finance|finance-2024-03|RB22024-03financeRB22024-03finance', 'RC3|activity|activity-2024-03|RC32024-03activityRC32024-03activity'].join('\n'),
    );
  });

  it('gives the ledger keys of the range\'s rows of the listed trusts, in the order first met', () => {
    for (const listed of [() => true, (org: string) => org !== 'RB2', () => false]) {
      for (const [from, to] of ranges) {
        const range = held.of(from, to);
        const expected = ledgerKeysOf([...range], listed);
        expect(ledgerKeysOfHistory(range, listed)).toEqual(expected);
        expect(ledgerKeysOfHistory([...range], listed)).toEqual(expected);
      }
    }
    const may = ledgerKeysOfHistory(held.of('2024-05', '2024-05'), () => true);
    expect(may.map((k) => [k.org_code, k.activity_sha256 !== '', k.finance_sha256 !== ''])).toEqual([
      ['RA1', true, true],
      ['RB2', true, true],
      ['RC3', false, true],
    ]);
  });
});
