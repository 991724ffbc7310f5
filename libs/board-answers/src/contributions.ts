// "What moved my number", the arithmetic every answer shares: which components moved the figure
// most, and what the contributions add up to. The same for a computed period (CLI), a stored run
// (productivity) and a published release (publication), whatever form the figures arrive in.
import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';

/** How many components a "largest movers" list names. */
export const LARGEST_MOVERS = 5;

export interface ComponentContribution {
  component: string;
  /** Exact decimal (or its text); null where the component has none (an excluded category). */
  contribution: Decimal.Value | null;
}

/**
 * The components that moved the figure most: by absolute contribution, largest first, ties by
 * component name; components without a contribution are left out. The items are returned as given.
 */
export function largestMovers<T extends ComponentContribution>(parts: readonly T[], count = LARGEST_MOVERS): T[] {
  return parts
    .filter((p) => p.contribution !== null)
    .map((part) => ({ part, size: new Exact(part.contribution!).abs() }))
    .sort((a, b) => b.size.comparedTo(a.size) || a.part.component.localeCompare(b.part.component))
    .slice(0, count)
    .map((x) => x.part);
}

/** What the contributions add up to (output growth for PODs, input growth for categories); null when none has one. */
export function contributionTotal(parts: readonly ComponentContribution[]): Decimal | null {
  const counted = parts.filter((p) => p.contribution !== null);
  if (counted.length === 0) return null;
  return counted.reduce((total: Decimal, p) => total.plus(p.contribution!), new Exact(0));
}
