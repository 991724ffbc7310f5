import { Month } from '@nhsp/domain';
import { TrustFinance } from '../finance';
import { TrustModel } from '../model';
import { normal, Rng } from '../prng';
import { STAFF_GROUPS, StaffGroup } from './codes';
import { ReturnsProfile, WTE_COST } from './profile';

/** The month the staff of activity-linked groups are sized at (the model's anchor). */
const ANCHOR = Month.of(2024, 9);
/** Activity-linked groups never take more than this share of the pay bill. */
const MAX_LINKED_SHARE = 0.8;

export interface WteLine {
  group: StaffGroup;
  wte: number;
}

/**
 * Staff in post of one trust. The substantive pay bill (real, FY 2023/24 pay) divided by the
 * cost of a WTE gives the total, so WTE and pay spend agree; the bill is shared by group. Two
 * groups are sized by the activity they deliver at the anchor, at the trust's own rate:
 * talking-therapies staff by contacts, ambulance frontline staff by incidents. The rest fill the
 * bill in the trust's mix.
 */
export class TrustWorkforce {
  private readonly costShare = new Map<StaffGroup, number>();

  constructor(
    private readonly model: TrustModel,
    private readonly profile: ReturnsProfile,
    private readonly finance: TrustFinance,
  ) {
    const bill = finance.expectedReal(ANCHOR).pay_substantive * 12;
    const linked = new Map<StaffGroup, number>();
    const iapt = model.podVolume.get('IAPT');
    if (model.trust.sector === 'mental_health' && iapt !== undefined) {
      linked.set('talking_therapies', (iapt / profile.contactsPerTherapist) * WTE_COST.talking_therapies * profile.payLevel);
    }
    if (model.trust.sector === 'ambulance') {
      linked.set('ambulance_frontline', (incidentsAtAnchor(model) / profile.incidentsPerFrontline) * WTE_COST.ambulance_frontline * profile.payLevel);
    }
    const linkedCost = [...linked.values()].reduce((a, b) => a + b, 0);
    const linkedShare = bill > 0 ? Math.min(MAX_LINKED_SHARE, linkedCost / bill) : 0;
    for (const [group, cost] of linked) this.costShare.set(group, linkedCost > 0 ? (linkedShare * cost) / linkedCost : 0);
    const weights = Object.entries(profile.staffMix).map(([group, share]) => [group as StaffGroup, share! * WTE_COST[group as StaffGroup]] as const);
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    for (const [group, w] of weights) this.costShare.set(group, ((1 - linkedShare) * w) / total);
  }

  month(month: Month, rng: Rng): WteLine[] {
    const bill = this.finance.expectedReal(month).pay_substantive * 12;
    const lines: WteLine[] = [];
    for (const group of STAFF_GROUPS) {
      const share = this.costShare.get(group);
      if (share === undefined || share <= 0) continue;
      const wte = ((bill * share) / (WTE_COST[group] * this.profile.payLevel)) * (1 + 0.004 * normal(rng));
      lines.push({ group, wte: Math.round(wte * 100) / 100 });
    }
    return lines;
  }
}

/** Incidents are the AMB calls answered by a response: hear and treat, see and treat, see and convey. */
export const INCIDENT_CURRENCIES = new Set(['01', '02', '03']);
export const CONVEY_CURRENCY = '03';

function incidentsAtAnchor(model: TrustModel): number {
  const volume = model.podVolume.get('AMB') ?? 0;
  return model.lines.filter((l) => l.pod === 'AMB' && INCIDENT_CURRENCIES.has(l.currency)).reduce((sum, l) => sum + volume * l.share, 0);
}
