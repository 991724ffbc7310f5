// The feed of releases and revisions (issue 16.5): one entry per published release - a month's
// first (provisional) figures, a revision of them, a final figure - and one per financial year
// whose final revision went out together, linking to its revisions report.
import type { AtomEntry, AtomFeed } from './atom';
import type { PublishedRelease } from './feed.repository';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthName = (period: string) => `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;
const fyOf = (period: string) => {
  const start = Number(period.slice(0, 4)) - (Number(period.slice(5, 7)) < 4 ? 1 : 0);
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
};
const WHAT: Record<string, string> = {
  provisional: 'provisional figures',
  provisional_revised: 'revised figures',
  final_revised: 'final figures',
};

export function releaseFeed(releases: readonly PublishedRelease[], base: string): AtomFeed {
  const entries: AtomEntry[] = releases.map((r) => ({
    id: `urn:uuid:${r.id}`,
    title: `Trust productivity, ${monthName(r.period)} year to date: ${WHAT[r.vintage] ?? r.vintage}`,
    updated: r.publishedAt,
    published: r.publishedAt,
    links: [
      { rel: 'alternate', href: `${base}/report?period=${r.period}`, type: 'text/html' },
      { rel: 'related', href: `${base}/v1/releases/${r.id}`, type: 'application/json', title: 'the release and its manifest' },
      { rel: 'related', href: `${base}/v1/estimates?release=${r.id}`, type: 'application/json', title: 'the estimates' },
    ],
    summary: r.vintage === 'provisional'
      ? `First estimates of trust productivity growth for the financial year to ${monthName(r.period)}.`
      : `${WHAT[r.vintage] === 'final figures' ? 'Final' : 'Revised'} estimates for the financial year to ${monthName(r.period)}, replacing those published before; ${base}/v1/revisions?period=${r.period} says what moved and why.`,
    categories: [r.vintage, r.period],
  }));
  // A year's final revision: its twelve releases share one publication instant.
  const years = new Map<string, PublishedRelease[]>();
  for (const r of releases.filter((x) => x.vintage === 'final_revised')) {
    const key = `${fyOf(r.period)}|${new Date(r.publishedAt).toISOString()}`;
    years.set(key, [...(years.get(key) ?? []), r]);
  }
  for (const [key, members] of years) {
    if (members.length < 12) continue;
    const [fy] = key.split('|');
    entries.push({
      id: `urn:nhsp:final-revision:${fy}:${new Date(members[0].publishedAt).getTime()}`,
      title: `Final revision of financial year ${fy.replace('-', '/')}: all twelve months, with its revisions report`,
      updated: members[0].publishedAt,
      published: members[0].publishedAt,
      links: [{ rel: 'alternate', href: `${base}/v1/final-revisions/${fy}`, type: 'application/json' }],
      summary: `The twelve months of ${fy.replace('-', '/')} re-run after the year end and published together; the report sets every trust's provisional against its final figures with the causes.`,
      categories: ['final_revised', `FY ${fy.replace('-', '/')}`],
    });
  }
  entries.sort((a, b) => new Date(b.updated).getTime() - new Date(a.updated).getTime() || a.id.localeCompare(b.id));
  return {
    id: `${base}/v1/feed.atom`,
    title: 'NHS trust productivity: releases and revisions',
    subtitle: 'Each publication of trust productivity statistics: first estimates, revisions and final figures.',
    self: `${base}/v1/feed.atom`,
    alternate: `${base}/report`,
    // No release yet: the feed has not changed since the epoch.
    updated: entries[0]?.updated ?? new Date(0),
    author: 'NHS trust productivity platform',
    entries,
  };
}
