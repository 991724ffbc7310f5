// What changed in the trust list between two runs (names, regions, trust types, peer groups,
// sectors): the trust list is a run input like the submissions, so a revision names the trusts
// whose details moved. Runs record their list as org code → details.
import type { Trust } from '@nhsp/domain';

export type TrustDetails = Omit<Trust, 'orgCode'>;
/** org code → its details; keys in code order, so equal lists serialise equally. */
export type TrustList = Record<string, TrustDetails>;

export const TRUST_FIELDS = ['name', 'region', 'trustType', 'peerGroup', 'sector'] as const;
export type TrustField = (typeof TRUST_FIELDS)[number];

export interface TrustListChange {
  orgCode: string;
  /** added: not in the earlier list; removed: not in the later one; changed: some fields differ. */
  change: 'added' | 'removed' | 'changed';
  fields: Array<{ field: TrustField; from: string; to: string }>;
}

export function trustListChanges(before: TrustList, after: TrustList): TrustListChange[] {
  const orgs = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return orgs.flatMap((orgCode): TrustListChange[] => {
    const [was, is] = [before[orgCode], after[orgCode]];
    if (!was) return [{ orgCode, change: 'added', fields: [] }];
    if (!is) return [{ orgCode, change: 'removed', fields: [] }];
    const fields = TRUST_FIELDS.filter((field) => was[field] !== is[field]).map((field) => ({ field, from: was[field], to: is[field] }));
    return fields.length ? [{ orgCode, change: 'changed', fields }] : [];
  });
}

const FIELD_WORDS: Record<TrustField, string> = { name: 'name', region: 'region', trustType: 'trust type', peerGroup: 'peer group', sector: 'sector' };

/** The revision summary's sentences for a changed trust list, seen from one trust. */
export function trustListLines(changes: readonly TrustListChange[], orgCode: string): string[] {
  const lines: string[] = [];
  const own = changes.find((c) => c.orgCode === orgCode);
  if (own?.change === 'changed') {
    lines.push(`trust list changed: ${orgCode}'s ${own.fields.map((f) => `${FIELD_WORDS[f.field]} from ${JSON.stringify(f.from)} to ${JSON.stringify(f.to)}`).join(', ')}`);
  } else if (own) {
    lines.push(`trust list changed: ${orgCode} was ${own.change} ${own.change === 'added' ? 'to' : 'from'} it`);
  }
  const others = changes.filter((c) => c.orgCode !== orgCode);
  if (others.length) {
    const what = others.map((c) => `${c.orgCode}: ${c.change === 'changed' ? c.fields.map((f) => FIELD_WORDS[f.field]).join(', ') : c.change}`);
    lines.push(`trust list changed for ${others.length} other trust(s) (${what.join('; ')}); they move group figures and peer benchmarks, not ${orgCode}'s own`);
  }
  return lines;
}
