// methodology.md §5: the vintages an estimate is published as, and nothing else. One list, so the
// CLI refuses a vintage the method does not have and every file names only these.

export const VINTAGES = ['provisional', 'provisional_revised', 'final_revised'] as const;
export type Vintage = (typeof VINTAGES)[number];

/** What each vintage is, in §5's words. */
export const VINTAGE_MEANINGS: Readonly<Record<Vintage, string>> = {
  provisional: 'first publication for that month',
  provisional_revised: 're-run the following month on restated data',
  final_revised: 'all months of a financial year, re-run after year end',
};

export function isVintage(value: unknown): value is Vintage {
  return typeof value === 'string' && (VINTAGES as readonly string[]).includes(value);
}
