// The change log of the method between releases: for each published release, what of the method
// differs from the release published before it - settings (leaf by leaf), the cost-weight set,
// the deflator set, the calculation code - from what each run recorded (@nhsp/board-answers'
// revisionCauses, the one comparison of two runs). Data changes are not method changes.
import { revisionCauses } from '@nhsp/board-answers';
import { stableJson } from '@nhsp/domain';

export interface LoggedRelease {
  id: string;
  period: string;
  vintage: string;
  publishedAt: Date | null;
  settings: unknown;
  inputs: unknown;
  weightSet: unknown;
  deflatorSet: unknown;
}

export interface MethodChange {
  release: { id: string; period: string; vintage: string; published_at: string | null };
  changes: string[];
}

const nameOf = (set: unknown, fallback: unknown) => {
  const s = set as { name?: unknown; id?: unknown } | null;
  return s?.name ? `${s.name} (${s.id})` : String(fallback);
};

/** Releases in publication order (the page's own, unpublished, last); entries only where the method changed. */
export function methodChanges(releases: readonly LoggedRelease[]): MethodChange[] {
  const log: MethodChange[] = [];
  for (let i = 1; i < releases.length; i++) {
    const [before, after] = [releases[i - 1], releases[i]];
    const causes = revisionCauses(before, after, '');
    const changes = causes.settings.map((s) => `setting ${s.setting} changed from ${stableJson(s.from)} to ${stableJson(s.to)}`);
    if (causes.weightSet) changes.push(`cost weights from ${nameOf(after.weightSet, causes.weightSet.to)} instead of ${nameOf(before.weightSet, causes.weightSet.from)}`);
    if (causes.deflatorSet) changes.push(`deflators from ${nameOf(after.deflatorSet, causes.deflatorSet.to)} instead of ${nameOf(before.deflatorSet, causes.deflatorSet.from)}`);
    if (causes.codeVersion) changes.push(`calculation code ${causes.codeVersion.to} instead of ${causes.codeVersion.from}`);
    if (changes.length) {
      log.push({ release: { id: after.id, period: after.period, vintage: after.vintage, published_at: after.publishedAt ? new Date(after.publishedAt).toISOString() : null }, changes });
    }
  }
  return log;
}
