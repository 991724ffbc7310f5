/**
 * A copy of `text` holding only its own characters. V8 represents a slice of a longer string
 * (and a concatenation) as a view that keeps the parent alive, so a 20-character cell kept in an
 * issue or a cache would pin the whole 1 MB chunk it was read from. Use it for anything a reader
 * keeps beyond the current record.
 */
export function detach(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
