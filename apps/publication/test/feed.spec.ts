// /v1/feed.atom (issue 16.5): an Atom 1.0 feed of every publication - first figures, revisions,
// final figures, a year's final revision - and nothing that is not public.
import request from 'supertest';
import { SaxesParser } from 'saxes';
import { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { insertRun } from './stand-in-views';
import { startPublication } from './start-publication';

const ATOM = 'http://www.w3.org/2005/Atom';
const FY = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03'];
let svc: TestService;
const http = () => request(svc.app.getHttpServer());
const ids: Record<string, string> = {};

interface Element { name: string; attributes: Record<string, string>; text: string; children: Element[] }

/** Parses strictly (well-formed, namespaces) into a tree; throws on any XML error. */
function parse(xml: string): Element {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Element[] = [{ name: '#document', attributes: {}, text: '', children: [] }];
  parser.on('error', (error) => { throw error; });
  parser.on('opentag', (tag) => {
    if (tag.uri !== ATOM) throw new Error(`<${tag.name}> is not in the Atom namespace`);
    const element = { name: tag.local, attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])), text: '', children: [] };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => { stack.at(-1)!.text += text; });
  parser.on('closetag', () => { stack.pop(); });
  parser.write(xml).close();
  return stack[0].children[0];
}

/** RFC 4287's rules for a feed and its entries, every breach as text. */
function atomProblems(feed: Element): string[] {
  const problems: string[] = [];
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  const one = (el: Element, name: string, where: string) => {
    const found = el.children.filter((c) => c.name === name);
    if (found.length !== 1) problems.push(`${where}: ${found.length} <${name}>`);
    return found[0];
  };
  if (feed.name !== 'feed') problems.push(`root is <${feed.name}>`);
  for (const name of ['id', 'title', 'updated', 'author']) one(feed, name, 'feed');
  if (!feed.children.some((c) => c.name === 'link' && c.attributes.rel === 'self')) problems.push('feed: no rel="self" link');
  const ids = new Set<string>();
  for (const [i, entry] of feed.children.filter((c) => c.name === 'entry').entries()) {
    const id = one(entry, 'id', `entry ${i}`);
    if (id && (!/^[a-z][a-z0-9+.-]*:/.test(id.text) || ids.has(id.text))) problems.push(`entry ${i}: id ${id.text} not an IRI or repeated`);
    if (id) ids.add(id.text);
    one(entry, 'title', `entry ${i}`);
    const updated = one(entry, 'updated', `entry ${i}`);
    if (updated && !rfc3339.test(updated.text)) problems.push(`entry ${i}: updated ${updated.text}`);
    if (!entry.children.some((c) => c.name === 'link' && c.attributes.rel === 'alternate')) problems.push(`entry ${i}: no alternate link`);
  }
  const updated = feed.children.find((c) => c.name === 'updated');
  if (updated && !rfc3339.test(updated.text)) problems.push(`feed: updated ${updated.text}`);
  return problems;
}

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: 'feed-spec-admin-key-0123456789abcdef' });
  const assembly = svc.app.get(ReleaseAssembly);
  const publishing = svc.app.get(ReleasePublishing);
  const publish = async (period: string, vintage: string, at = new Date()) => (await publishing.publish((await assembly.assemble((await insertRun(svc.database.url, period, vintage, 1, at)).id)).id)).id;
  ids.may = await publish('2025-05', 'provisional');
  ids.mayRevised = await publish('2025-05', 'provisional_revised');
  // Embargoed: scheduled, not published.
  ids.june = (await publishing.schedule((await assembly.assemble((await insertRun(svc.database.url, '2025-06', 'provisional', 9)).id)).id, new Date(Date.now() + 3_600_000))).id;
  const finals = [];
  for (const period of FY) finals.push((await assembly.assemble((await insertRun(svc.database.url, period, 'final_revised', 1)).id)).id);
  await publishing.publishTogether(finals);
});
afterAll(() => svc?.stop());

describe('/v1/feed.atom', () => {
  it('is a valid Atom 1.0 feed of every publication, newest first, with a year\'s final revision', async () => {
    const res = await http().get('/v1/feed.atom').buffer(true).parse((r, done) => { let t = ''; r.setEncoding('utf8'); r.on('data', (c: string) => (t += c)); r.on('end', () => done(null, t)); }).expect(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parse(res.body as string);
    expect(atomProblems(feed)).toEqual([]);
    const entries = feed.children.filter((c) => c.name === 'entry');
    const entryIds = entries.map((e) => e.children.find((c) => c.name === 'id')!.text);
    // 2 May releases + 12 final months + the year.
    expect(entries).toHaveLength(15);
    expect(entryIds).toEqual(expect.arrayContaining([`urn:uuid:${ids.may}`, `urn:uuid:${ids.mayRevised}`, expect.stringMatching(/^urn:nhsp:final-revision:2024-25:\d+$/)]));
    expect(entryIds).not.toContain(`urn:uuid:${ids.june}`);
    expect(res.body).not.toContain('2025-06');
    const revised = entries.find((e) => e.children.some((c) => c.name === 'id' && c.text === `urn:uuid:${ids.mayRevised}`))!;
    expect(revised.children.find((c) => c.name === 'title')!.text).toBe('Trust productivity, May 2025 year to date: revised figures');
    const year = entries.find((e) => e.children.some((c) => c.name === 'id' && c.text.startsWith('urn:nhsp:final-revision')))!;
    expect(year.children.find((c) => c.name === 'link')!.attributes.href).toMatch(/\/v1\/final-revisions\/2024-25$/);
    const updated = (e: Element) => e.children.find((c) => c.name === 'updated')!.text;
    expect(entries.map(updated)).toEqual([...entries.map(updated)].sort().reverse());
    await http().get('/v1/feed.atom').set('If-None-Match', res.headers.etag).expect(304);
  });
});
