// Plain-English wording for the codes a reader meets on the report. Flags, metrics, PODs and
// groups take their words from the glossary (@nhsp/board-answers), so the pages, the glossary page
// and the API's explanation say the same; what only the report shows is here.
import { glossaryEntry } from '@nhsp/board-answers';

/** A flag's one-line explanation (the glossary's); the API's explanation endpoint uses it too. */
export function explainFlag(code: string): string {
  return glossaryEntry('flag', code)?.explanation ?? 'A data-quality flag (see the methodology).';
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
