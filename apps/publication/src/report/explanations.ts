// Plain-English wording for the codes a reader meets on the report (methodology §6 flags,
// notification categories, benchmark metrics).

export const FLAG_EXPLANATIONS: Record<string, string> = {
  MISSING_DATA: 'A month of the current or the base period has no activity or no finance submitted, so no estimate could be made.',
  UNWEIGHTED_ACTIVITY: 'More than 0.5% of the cost-weighted activity uses fallback weights because the activity is not in the cost schedule.',
  POD_SHIFT: 'The share of activity in one point of delivery moved by more than 5 percentage points against the base period (for example same-day emergency care recorded in a new setting); growth may partly reflect recording changes.',
  OUTLIER: 'Productivity growth is outside ±10%, an unusually large change worth checking against the trust\u2019s own records.',
  RESTATED: 'Activity or finance for a month was changed since the previous vintage of this estimate.',
  TRUST_NOTIFICATION: 'The trust told us about something affecting its data for this period (see the notifications below).',
};

export function explainFlag(code: string): string {
  return FLAG_EXPLANATIONS[code] ?? 'A data-quality flag (see the methodology).';
}

export const NOTIFICATION_CATEGORIES: Record<string, string> = {
  epr_go_live: 'Electronic patient record go-live',
  sdec_setting_change: 'Same-day emergency care setting change',
  restated_finance: 'Restated finance',
  coding_change: 'Coding change',
  other: 'Other',
};

export const STATUS_TEXT: Record<string, string> = {
  estimated: 'Estimated',
  valid: 'Estimated',
  missing_data: 'No estimate: data missing',
  zero_base: 'No estimate: nothing in the base period',
};

export const METRIC_NAMES: Record<string, string> = {
  productivity_growth: 'Productivity growth',
  cost_per_wau: 'Cost per weighted activity unit',
};

export const GROUP_KINDS: Record<string, string> = {
  peer_group: 'Peer group',
  national: 'All trusts in England',
  sector: 'Sector',
};
