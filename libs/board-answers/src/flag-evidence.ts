// Why a flag was raised (methodology §6): the one answer, a sentence and the data behind it,
// given to a board by the CLI and productivity; and the part of it a published release shows.
import Decimal from 'decimal.js';
import { formatPercent as pct } from '@nhsp/domain';
import { FlagCode, TrustEstimate } from '@nhsp/methodology';
import { asObject, SubmissionChange } from './revision-causes';

/** The run a RESTATED flag compares with, and what was resubmitted since (productivity knows both). */
export interface RestatedSince {
  previous: { runId: string; vintage: string } | null;
  submissions: SubmissionChange[];
}

export interface FlagEvidence {
  code: FlagCode;
  /** One sentence for a reader. */
  evidence: string;
  /** The figures and thresholds behind it (exact decimals). */
  details: Record<string, unknown>;
}

export function flagEvidence(code: FlagCode, e: TrustEstimate, restated?: RestatedSince): FlagEvidence {
  const { thresholds } = e.settings;
  const percent = (value: number) => pct(new Decimal(value));
  switch (code) {
    case 'MISSING_DATA':
      return { code, evidence: e.missing.map((m) => `${m.month}: no ${m.missing.join(' or ')}`).join('; '), details: { missing: e.missing } };
    case 'UNWEIGHTED_ACTIVITY':
      return {
        code,
        evidence: `${pct(e.unweighted.share)} of CWA (both periods) is on fallback weights, over the ${percent(thresholds.unweightedShare)} threshold`,
        details: { unweightedShare: e.unweighted.share, unweightedCwa: e.unweighted.cwa, threshold: thresholds.unweightedShare },
      };
    case 'POD_SHIFT':
      return {
        code,
        evidence: e.podShifts.map((s) => `${s.pod} share ${pct(s.baseShare)} → ${pct(s.currentShare)}`).join('; '),
        details: {
          threshold: thresholds.podShift,
          shifts: e.podShifts.map((s) => ({ pod: s.pod, baseShare: s.baseShare, currentShare: s.currentShare, change: s.currentShare.minus(s.baseShare) })),
        },
      };
    case 'OUTLIER':
      return {
        code,
        evidence: `productivity growth ${pct(e.measures?.productivityGrowth)} is outside ±${percent(thresholds.outlier)}`,
        details: { productivityGrowth: e.measures?.productivityGrowth ?? null, threshold: thresholds.outlier },
      };
    case 'RESTATED':
      if (!restated) return { code, evidence: code, details: {} };
      return {
        code,
        evidence: `resubmitted since the ${restated.previous?.vintage ?? 'previous'} run: ${restated.submissions.map((r) => `${r.kind} ${r.month}`).join(', ')}`,
        details: { since: restated.previous, submissions: restated.submissions },
      };
    case 'TRUST_NOTIFICATION':
      return {
        code,
        evidence: (e.notifications ?? []).map((n) => `${n.month} ${n.category}: ${n.text}`).join('; '),
        details: { notifications: e.notifications ?? [] },
      };
    case 'UNSTABLE':
      return {
        code,
        evidence: e.band
          ? `the figure moves within ±${pct(e.band)} from month to month, more than the ${percent(thresholds.unstableBand)} threshold`
          : code,
        details: { band: e.band ?? null, threshold: thresholds.unstableBand },
      };
    default:
      return { code, evidence: code, details: {} };
  }
}

/**
 * What a published release shows behind a flag: the facts of the estimate's stored detail as
 * stored, and the notifications the release took into account. Nothing that names another run
 * (RESTATED's earlier vintage may be unpublished) and no thresholds (the release states its settings).
 */
export function publishedFlagEvidence(code: string, detail: Record<string, unknown>, notifications: unknown[]): Record<string, unknown> {
  switch (code) {
    case 'POD_SHIFT':
      return { pod_shifts: detail.podShifts ?? [] };
    case 'UNWEIGHTED_ACTIVITY':
      return { unweighted: asObject(detail.unweighted) };
    case 'MISSING_DATA':
      return { missing: detail.missing ?? [] };
    case 'TRUST_NOTIFICATION':
      return { notifications };
    default:
      return {};
  }
}
