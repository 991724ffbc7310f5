// Atom 1.0 (RFC 4287) text: every text and attribute escaped, RFC 3339 timestamps, one id, title
// and updated per feed and per entry, the feed's author inherited by its entries.

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  /** rel="alternate" (the page a person reads) and rel="related" links. */
  links: Array<{ href: string; rel: 'alternate' | 'related' | 'enclosure'; type?: string; title?: string }>;
  summary: string;
  categories: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  self: string;
  alternate: string;
  updated: Date;
  author: string;
  entries: AtomEntry[];
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const xml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
const time = (d: Date) => new Date(d).toISOString();

export function toAtom(feed: AtomFeed): string {
  const link = (l: { href: string; rel: string; type?: string; title?: string }) =>
    `<link rel="${xml(l.rel)}" href="${xml(l.href)}"${l.type ? ` type="${xml(l.type)}"` : ''}${l.title ? ` title="${xml(l.title)}"` : ''}/>`;
  const entries = feed.entries.map((e) => [
    '  <entry>',
    `    <id>${xml(e.id)}</id>`,
    `    <title type="text">${xml(e.title)}</title>`,
    `    <updated>${time(e.updated)}</updated>`,
    ...(e.published ? [`    <published>${time(e.published)}</published>`] : []),
    ...e.links.map((l) => `    ${link(l)}`),
    ...e.categories.map((c) => `    <category term="${xml(c)}"/>`),
    `    <summary type="text">${xml(e.summary)}</summary>`,
    '  </entry>',
  ].join('\n'));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(feed.id)}</id>`,
    `  <title type="text">${xml(feed.title)}</title>`,
    `  <subtitle type="text">${xml(feed.subtitle)}</subtitle>`,
    `  <updated>${time(feed.updated)}</updated>`,
    `  <author><name>${xml(feed.author)}</name></author>`,
    `  ${link({ rel: 'self', href: feed.self, type: 'application/atom+xml' })}`,
    `  ${link({ rel: 'alternate', href: feed.alternate, type: 'text/html' })}`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
