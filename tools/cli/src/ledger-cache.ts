import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleCacheDir, sourceHash, storeCacheEntry } from '@nhsp/data-contract';
import { FINANCE_CATEGORIES } from '@nhsp/domain';
import { LedgerSums, ledgerSumsFromUnits, MethodSettings, MonthUnits, Units } from '@nhsp/methodology';

/**
 * The weighed ledger of a bundle (methodology's MonthUnits: per trust and month, exact CWA and
 * spend by category), kept beside the bundle cache's entry. The plan view of any period (§8–§10)
 * reads every month since the index base: with the ledger at hand, `nhsp compute` of one period
 * reads and indexes only the activity and finance rows of the months its estimates, packs and
 * indicators read (two years of seven), and weighs no other month. The key is the bundle's entry
 * key (its files' bytes, the readers' code, the options), the equalisation setting (the ledger is
 * weighed) and the methodology's and domain's source (how it is weighed), so an entry is never stale.
 */
export type BundleLedger = ReadonlyMap<string, readonly MonthUnits[]>;

const FORMAT = 2;
const KEPT_ENTRIES = 4;

/** SHA-256 of the methodology's and the domain's source: what decides how a month is weighed. */
function methodologyHash(): string {
  return sourceHash([join(__dirname, '../../../libs/methodology/src'), join(__dirname, '../../../libs/domain/src')]);
}

function entryPath(bundleKey: string, settings: Pick<MethodSettings, 'equalisation'>): string {
  const key = createHash('sha256').update(JSON.stringify({ FORMAT, bundleKey, equalisation: settings.equalisation, code: methodologyHash() })).digest('hex');
  return join(bundleCacheDir(), `${key}.ledger`);
}

interface Entry {
  FORMAT: number;
  /**
   * Each trust's months, ascending: `month`, flags (hasActivity, hasFinance as 0/1), then cwa,
   * cwaWorkingDayPods and the nominal units by FINANCE_CATEGORIES index in hexadecimal (a units
   * number has some 70 decimal digits: parsed from decimal text with methodology's
   * decodeMonthUnits, the ledger took longer to read than to weigh again).
   */
  trusts: Record<string, string[][]>;
}

const hex = (units: Units): string => (units < 0n ? `-${(-units).toString(16)}` : units.toString(16));
const unitsOfHex = (text: string): Units => (text === '0' ? 0n : text.charCodeAt(0) === 45 ? -BigInt(`0x${text.slice(1)}`) : BigInt(`0x${text}`));

function encodeMonth(m: MonthUnits): string[] {
  return [m.month, `${m.hasActivity ? 1 : 0}${m.hasFinance ? 1 : 0}`, hex(m.cwa), hex(m.cwaWorkingDayPods), ...m.nominal.map(hex)];
}

function decodeMonth(fields: string[]): MonthUnits {
  const [month, flags, cwa, cwaWorkingDayPods] = fields;
  if (fields.length !== 4 + FINANCE_CATEGORIES.length || !/^[01]{2}$/.test(flags)) throw new Error(`not a stored ledger month: ${month}`);
  const nominal: Units[] = new Array(FINANCE_CATEGORIES.length);
  for (let c = 0; c < nominal.length; c++) nominal[c] = unitsOfHex(fields[4 + c]);
  return { month, hasActivity: flags[0] === '1', hasFinance: flags[1] === '1', cwa: unitsOfHex(cwa), cwaWorkingDayPods: unitsOfHex(cwaWorkingDayPods), nominal };
}

/** The ledger stored for this bundle and equalisation, or null (none yet, or one this code cannot read). */
export async function readLedger(bundleKey: string, settings: Pick<MethodSettings, 'equalisation'>): Promise<BundleLedger | null> {
  const text = await readFile(entryPath(bundleKey, settings), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const entry = JSON.parse(text) as Entry;
    if (entry.FORMAT !== FORMAT) return null;
    return new Map(Object.entries(entry.trusts).map(([orgCode, months]) => [orgCode, months.map(decodeMonth)]));
  } catch {
    return null;
  }
}

/** Stores a bundle's ledger (written whole then renamed; older entries beyond the last few removed); a cache that cannot be written is no cache, not an error. */
export async function storeLedger(bundleKey: string, settings: Pick<MethodSettings, 'equalisation'>, ledger: BundleLedger): Promise<void> {
  const trusts: Entry['trusts'] = {};
  for (const [orgCode, months] of ledger) trusts[orgCode] = months.map(encodeMonth);
  const path = entryPath(bundleKey, settings);
  try {
    await storeCacheEntry(path, JSON.stringify({ FORMAT, trusts } satisfies Entry), KEPT_ENTRIES);
  } catch {
    // no cache
  }
}

/** The weighed months a plan view's sums were made of (LedgerSums.held), per trust: what storeLedger keeps. */
export function ledgerOfSums(sums: Iterable<LedgerSums>): BundleLedger {
  return new Map([...sums].map((s) => [s.orgCode, (s.held ?? []).filter((m): m is MonthUnits => m !== undefined)]));
}

/** A stored ledger as the plan view's sums of each trust. */
export function sumsOfLedger(ledger: BundleLedger): (orgCode: string) => LedgerSums | undefined {
  return (orgCode) => {
    const months = ledger.get(orgCode);
    return months ? ledgerSumsFromUnits(orgCode, months) : undefined;
  };
}
