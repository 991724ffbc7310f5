import { DomainError, Trust, deriveSector } from '@nhsp/domain';
import { ColumnSpec, ReadOptions, ReadResult, Row, finish, readCsv } from './csv/reader';
import { CsvSource } from './csv/source';
import { orgCode, plainText } from './csv/values';
import { quoted } from './issues';

export const TRUSTS_COLUMNS: ColumnSpec = {
  required: ['org_code', 'name', 'region', 'trust_type', 'peer_group'],
  optional: ['sector'],
};

// Detached (plainText): kept rows must not pin the chunks they were read from.
const text = plainText;

const COLUMN_OF: Record<keyof Trust, string> = {
  orgCode: 'org_code',
  name: 'name',
  region: 'region',
  trustType: 'trust_type',
  peerGroup: 'peer_group',
  sector: 'sector',
};

/** `trusts.csv`: the reference list of organisations, sector derived (or given in `sector`). */
export async function readTrusts(source: CsvSource, options: ReadOptions = {}): Promise<ReadResult<Trust>> {
  const seen = new Map<string, { trust: Trust; line: number }>();
  const pass = await readCsv(source, 'trusts.csv', TRUSTS_COLUMNS, options, (row) => {
    const code = row.parse('org_code', orgCode);
    const name = row.parse('name', text);
    const region = row.parse('region', text);
    const peerGroup = row.parse('peer_group', text);
    const explicitSector = row.raw('sector').trim();
    const trustType = explicitSector ? row.raw('trust_type').trim() : row.parse('trust_type', text);
    const sector = peerGroup !== undefined && trustType !== undefined ? sectorOf(row, trustType, peerGroup, explicitSector) : undefined;
    if (!row.ok) return;
    const trust: Trust = { orgCode: code!, name: name!, region: region!, trustType: trustType!, peerGroup: peerGroup!, sector: sector! };
    const first = seen.get(trust.orgCode);
    if (!first) {
      seen.set(trust.orgCode, { trust, line: row.line });
      return;
    }
    const differences = (Object.keys(trust) as (keyof Trust)[]).filter((key) => trust[key] !== first.trust[key])
      .map((key) => COLUMN_OF[key]);
    if (differences.length > 0) {
      row.fail(
        'org_code',
        row.raw('org_code'),
        `org_code ${quoted(trust.orgCode)} appears again with different details (${differences.join(', ')} differ from line ${first.line})`,
      );
    }
  });
  return finish(
    pass,
    [...seen.values()].map((entry) => entry.trust),
  );
}

function sectorOf(row: Row, trustType: string, peerGroup: string, explicit: string): Trust['sector'] | undefined {
  try {
    return deriveSector(trustType, peerGroup, explicit || undefined);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    row.fail(explicit ? 'sector' : 'trust_type', explicit || trustType, error.message);
    return undefined;
  }
}
