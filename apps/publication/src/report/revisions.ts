// Why a calculation of a month differs from the one before, in plain English, from what each
// run recorded of its inputs (productivity.v_runs.inputs and settings). A reader-level summary:
// productivity's GET /revisions gives the full account.

export interface RunInputs {
  settings: unknown;
  inputs: unknown;
}

type Hashes = Record<string, Record<string, Record<string, string>>>;
interface Notification {
  id?: string;
  orgCode?: string;
  month?: string;
  category?: string;
}

const asObject = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function submissions(run: RunInputs): Hashes {
  const all = asObject(asObject(run.inputs).submissions);
  return Object.fromEntries(Object.entries(all).map(([org, months]) => [org, asObject(months) as Record<string, Record<string, string>>]));
}

function changedMonths(before: Hashes, after: Hashes, org: string): string[] {
  const [a, b] = [before[org] ?? {}, after[org] ?? {}];
  const months = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return months.filter((m) => JSON.stringify(a[m] ?? null) !== JSON.stringify(b[m] ?? null));
}

function notifications(run: RunInputs, org: string): Notification[] {
  const list = asObject(run.inputs).notifications;
  return Array.isArray(list) ? (list as Notification[]).filter((n) => n && n.orgCode === org) : [];
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** One sentence per cause; the first run of a month has none to compare with. */
export function whatChanged(previous: RunInputs | undefined, run: RunInputs, org: string): string[] {
  if (!previous) return ['First calculation of this month.'];
  const lines: string[] = [];
  const [before, after] = [submissions(previous), submissions(run)];
  const mine = changedMonths(before, after, org);
  if (mine.length) lines.push(`This trust's data for ${mine.join(', ')} was submitted again or changed.`);
  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((o) => o !== org && changedMonths(before, after, o).length);
  if (others.length) lines.push(`Data of ${others.length} other trust(s) changed (this moves group figures and benchmarks, not this trust's growth).`);
  const seen = new Set(notifications(previous, org).map((n) => n.id));
  for (const n of notifications(run, org).filter((x) => !seen.has(x.id))) lines.push(`The trust raised a notification about ${n.month ?? 'a month'}.`);
  const [pi, ri] = [asObject(previous.inputs), asObject(run.inputs)];
  if (pi.weightSetId !== ri.weightSetId) lines.push('A new set of cost weights was used.');
  if (pi.deflatorSetId !== ri.deflatorSetId) lines.push('A new set of deflators was used.');
  if (stable(previous.settings) !== stable(run.settings)) lines.push('The method settings changed.');
  if (ri.requestedVintage === 'final_revised' && pi.requestedVintage !== 'final_revised') lines.push('The final figures were calculated after the year end.');
  if (!lines.length) lines.push('No recorded input of this trust changed.');
  return lines;
}
