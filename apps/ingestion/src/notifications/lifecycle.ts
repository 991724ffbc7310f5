// A data notification's lifecycle, the one place its rules are written (issue 16.2):
//
//   raised ──review──> under_review ──accept (note)───> accepted
//     │                    │        └─decline (reason)─> declined
//     └──────resolve───────┴──────────────────────────> resolved (by a resubmission of the month)
//
// Analysts (and publishers, admin, who act as analysts) review, accept and decline: the method's
// owners judge a trust's warning. The trust itself (its submitter key, or admin) resolves one, and
// only once it has resubmitted the month's data. A step from any other state is refused (409).
import type { NotificationStatus } from '@nhsp/data-contract';
import type { Role } from '@nhsp/service-kit';

export type { NotificationStatus } from '@nhsp/data-contract';

export type NotificationAction = 'review' | 'accept' | 'decline' | 'resolve';

interface Step {
  from: readonly NotificationStatus[];
  to: NotificationStatus;
  /** Roles allowed (roleSatisfies: publisher and admin act as analyst; admin as submitter). */
  roles: readonly [Role, ...Role[]];
  /** The note the step must carry: the analyst's note, the reason for declining. */
  note: 'required' | 'optional';
}

export const STEPS: Record<NotificationAction, Step> = {
  review: { from: ['raised'], to: 'under_review', roles: ['analyst'], note: 'optional' },
  accept: { from: ['under_review'], to: 'accepted', roles: ['analyst'], note: 'required' },
  decline: { from: ['under_review'], to: 'declined', roles: ['analyst'], note: 'required' },
  resolve: { from: ['raised', 'under_review'], to: 'resolved', roles: ['submitter'], note: 'optional' },
};

/** Why the step cannot be taken from `status`, or undefined when it can. */
export function stepProblem(action: NotificationAction, status: NotificationStatus): string | undefined {
  const step = STEPS[action];
  if (step.from.includes(status)) return undefined;
  return `a notification that is ${status} cannot be ${step.to.replace('_', ' ')}; ${action} applies to ${step.from.join(' or ')} notifications`;
}
