// Escaping for the markup this library writes itself (titles, descriptions, tables). Vega escapes
// the text it draws; everything else that comes from data goes through `escapeHtml`.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** An id usable in `id` and `aria-labelledby`: letters, digits, `-` and `_`, starting with a letter. */
export function checkId(id: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(id)) {
    throw new Error(`chart id "${id}" must start with a letter and hold only letters, digits, "-" and "_"`);
  }
  return id;
}
