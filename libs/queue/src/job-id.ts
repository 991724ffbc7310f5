// BullMQ 6 rejects a custom job id that contains ':' unless it splits into exactly 3 parts
// (a legacy repeatable-job format), and rejects ids that look like integers. We therefore
// join the pattern and the business key with '|' and percent-encode ':', '|' and '%' inside
// each part, so two different keys can never produce the same id.

const SEPARATOR = '|';

function encodePart(part: string): string {
  return part.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/\|/g, '%7C');
}

/**
 * Job id for a message: `<pattern>|<key part>|<key part>…`, e.g.
 * `batch.stored.v1|b-42|9f86d0…`. Stable: the same fact always maps to the same job id,
 * which BullMQ uses to drop duplicates while that job is kept (any state).
 */
export function jobIdFor(pattern: string, ...keyParts: Array<string | number>): string {
  if (keyParts.length === 0) throw new Error(`jobIdFor(${pattern}): a business key is required`);
  return [pattern, ...keyParts.map((p) => String(p))].map(encodePart).join(SEPARATOR);
}
