// The publication calendar (issue 16): announced times as data, /v1/calendar in JSON and
// iCalendar, each assembled release scheduled for its announced time (AUTO_PUBLISH is off by
// default), dates moved by publishers with the scheduled releases following them.
import request from 'supertest';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { TestService, waitFor } from '@nhsp/testing';
import { monthOf, releaseTimeFor, addMonths } from '../src/calendar/calendar-rule';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'calendar-spec-admin-key-0123456789abcd';
const RULE = { weekday: 4, weekOfMonth: 2, localTime: '09:30', timeZone: 'Europe/London', monthsAfterPeriod: 2 };
let svc: TestService;
const http = () => request(svc.app.getHttpServer());
const keys = { analyst: '', publisher: '' };
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

// A period whose own announced time is still ahead whenever the test runs.
const PERIOD = addMonths(monthOf(new Date()), 0);
let run: FakeRun;

async function releaseOf(runId: string) {
  return withClient(svc.database.url, async (c) => (await c.query(`SELECT * FROM publication.release WHERE run_id = $1`, [runId])).rows[0]);
}

beforeAll(async () => {
  // AUTO_PUBLISH left at its default, which is now off.
  svc = await startPublication({ ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0' });
  for (const role of ['analyst', 'publisher'] as const) {
    keys[role] = (await http().post('/admin/api-keys').set(auth(ADMIN_KEY)).send({ name: `calendar ${role}`, role }).expect(201)).body.key;
  }
  run = await insertRun(svc.database.url, PERIOD, 'provisional', 7);
  await svc.app.get(BullMqClient).emitEvent(PATTERNS.benchmarksCompleted, { runId: run.id, period: PERIOD }, { key: run.id });
  await waitFor(async () => (await releaseOf(run.id))?.status === 'scheduled', { description: 'release scheduled by the calendar' });
});
afterAll(() => svc?.stop());

describe('publication calendar', () => {
  it('schedules a release that completes before its date for its announced time, hidden from the public until then', async () => {
    const release = await releaseOf(run.id);
    const expected = releaseTimeFor(RULE, new Map(), PERIOD, new Date(release.created_at));
    expect(release.publish_at.toISOString()).toBe(expected.releaseAt.toISOString());
    expect(release.publish_at.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(release.publish_at)).toBe('Thursday 09:30');
    await http().get(`/v1/releases/${release.id}`).expect(404);
    expect((await http().get(`/v1/releases/${release.id}`).set(auth(keys.analyst)).expect(200)).body).toMatchObject({ status: 'scheduled' });
    expect((await http().get(`/v1/estimates?period=${PERIOD}&org=RAA`).set(auth(keys.publisher)).expect(200)).body.items[0].cwa_current).toBe('7700.00');
  });

  it('serves the calendar as JSON: the rule, each period\'s time, and scheduled releases only to key holders', async () => {
    const expected = releaseTimeFor(RULE, new Map(), PERIOD, new Date());
    const pub = await http().get(`/v1/calendar?from=${PERIOD}&to=${addMonths(PERIOD, 2)}`).expect(200).expect('Content-Type', /application\/json/);
    expect(pub.body.rule).toEqual({ weekday: 'Thursday', week_of_month: 2, local_time: '09:30', time_zone: 'Europe/London', months_after_period: 2, description: 'the second Thursday at 09:30 Europe/London, 2 months after the period' });
    expect(pub.body.items.map((i: { period: string }) => i.period)).toEqual([PERIOD, addMonths(PERIOD, 1), addMonths(PERIOD, 2)]);
    expect(pub.body.items[0]).toEqual({ period: PERIOD, release_at: expected.releaseAt.toISOString(), exception: null, status: 'announced', releases: [] });
    expect(JSON.stringify(pub.body)).not.toContain(run.id);
    const analyst = await http().get(`/v1/calendar?from=${PERIOD}&to=${PERIOD}`).set(auth(keys.analyst)).expect(200);
    expect(analyst.body.items[0].releases).toEqual([expect.objectContaining({ period: PERIOD, status: 'scheduled', publish_at: expected.releaseAt.toISOString() })]);
    expect(analyst.headers['cache-control']).toMatch(/^private/);
  });

  it('serves valid iCalendar: CRLF, folded lines, a UID and DTSTAMP per event; the same bytes while nothing changes', async () => {
    const res = await http().get(`/v1/calendar?format=ics&from=${PERIOD}&to=${addMonths(PERIOD, 11)}`).buffer(true).parse(text).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const body = res.body as string;
    expect(checkICalendar(body)).toEqual([]);
    const events = body.split('BEGIN:VEVENT').length - 1;
    expect(events).toBe(12);
    const accept = await http().get(`/v1/calendar.ics?from=${PERIOD}&to=${addMonths(PERIOD, 11)}`).buffer(true).parse(text).expect(200);
    expect(accept.body).toBe(body);
    const viaAccept = await http().get(`/v1/calendar?from=${PERIOD}&to=${addMonths(PERIOD, 11)}`).set('Accept', 'text/calendar').buffer(true).parse(text).expect(200);
    expect(viaAccept.body).toBe(body);
    await http().get(`/v1/calendar.ics?from=${PERIOD}&to=${addMonths(PERIOD, 11)}`).set('If-None-Match', res.headers.etag).expect(304);
  });

  it('refuses bad ranges and formats with problem details', async () => {
    for (const url of ['/v1/calendar?from=2026-13', '/v1/calendar?to=June', '/v1/calendar?format=xml', '/v1/calendar?from=2026-05&to=2026-01', '/v1/calendar?from=2000-01&to=2020-01']) {
      const res = await http().get(url).expect(400);
      expect({ url, type: res.body.type }).toEqual({ url, type: 'urn:nhsp:problem:validation' });
    }
  });

  it('a publisher moves a period\'s date with a reason; its scheduled release moves too; withdrawing it moves it back', async () => {
    const before = (await releaseOf(run.id)).publish_at as Date;
    const url = `/v1/calendar/exceptions/${PERIOD}`;
    const releaseAt = new Date(before.getTime() + 7 * 86_400_000).toISOString();
    const body = { releaseAt, reason: 'Moved a week, past the pre-election period' };
    await http().put(url).send(body).expect(401);
    await http().put(url).set(auth(keys.analyst)).send(body).expect(403);
    for (const bad of [{ releaseAt: '2020-01-01T09:30:00Z', reason: 'x' }, { releaseAt: '2027-02-31T09:30:00Z', reason: 'x' }, { releaseAt, reason: ' ' }, { releaseAt }]) {
      const res = await http().put(url).set(auth(keys.publisher)).send(bad).expect(400);
      expect(res.body.errors[0].path).toMatch(/^body\./);
    }
    await http().put('/v1/calendar/exceptions/2026-13').set(auth(keys.publisher)).send(body).expect(400);
    const moved = await http().put(url).set(auth(keys.publisher)).send(body).expect(200);
    expect(moved.body).toMatchObject({ period: PERIOD, release_at: releaseAt, moved_releases: [(await releaseOf(run.id)).id] });
    expect((await releaseOf(run.id)).publish_at.toISOString()).toBe(releaseAt);
    const cal = await http().get(`/v1/calendar?from=${PERIOD}&to=${PERIOD}`).expect(200);
    expect(cal.body.items[0]).toMatchObject({ release_at: releaseAt, exception: body.reason });
    const ics = (await http().get(`/v1/calendar.ics?from=${PERIOD}&to=${PERIOD}`).buffer(true).parse(text).expect(200)).body as string;
    expect(ics.replace(/\r\n /g, '')).toContain('past the pre-election period');

    await http().delete(url).set(auth(keys.publisher)).expect(200);
    expect((await releaseOf(run.id)).publish_at.toISOString()).toBe(before.toISOString());
    await http().delete(url).set(auth(keys.publisher)).expect(404);
    const audit = await withClient(svc.database.url, async (c) => (await c.query(`SELECT method, status FROM access.audit_log WHERE path LIKE '/v1/calendar/%' AND status = 200 ORDER BY id`)).rows);
    expect(audit).toEqual([{ method: 'PUT', status: 200 }, { method: 'DELETE', status: 200 }]);
  });
});

describe('the England page', () => {
  it('announces the next release with the calendar\'s addresses', async () => {
    const assembly = svc.app.get(ReleaseAssembly);
    const publishing = svc.app.get(ReleasePublishing);
    await publishing.publish((await assembly.assemble((await insertRun(svc.database.url, '2025-05', 'provisional', 1)).id)).id);
    const now = new Date();
    const next = releaseTimeFor(RULE, new Map(), addMonths(monthOf(now), -3), now);
    const res = await http().get('/report').expect(200);
    const line = res.text.match(/<p class="meta" id="next-release">(.*?)<\/p>/)?.[1] ?? '';
    const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(next.releaseAt);
    expect(line).toContain(`<strong>${when}, 09:30</strong>`);
    expect(line).toContain('href="/v1/calendar.ics"');
  });
});

function text(res: request.Response, done: (err: Error | null, body: string) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}

/** RFC 5545's rules this calendar must keep; every breach as a line of text. */
function checkICalendar(body: string): string[] {
  const problems: string[] = [];
  if (!body.endsWith('\r\n')) problems.push('does not end with CRLF');
  if (/[^\r]\n|\r[^\n]/.test(body)) problems.push('a line break that is not CRLF');
  const physical = body.slice(0, -2).split('\r\n');
  for (const line of physical) if (Buffer.byteLength(line, 'utf8') > 75) problems.push(`longer than 75 octets: ${line}`);
  const lines = body.slice(0, -2).replace(/\r\n[ \t]/g, '').split('\r\n');
  if (lines[0] !== 'BEGIN:VCALENDAR' || lines.at(-1) !== 'END:VCALENDAR') problems.push('not one VCALENDAR');
  for (const required of ['VERSION:2.0', 'PRODID:']) if (!lines.some((l) => l.startsWith(required))) problems.push(`no ${required}`);
  const uids = new Set<string>();
  let event: string[] | null = null;
  for (const line of lines) {
    if (!/^[A-Z-]+[;:]/.test(line)) problems.push(`not a content line: ${line}`);
    if (line === 'BEGIN:VEVENT') event = [];
    else if (line === 'END:VEVENT' && event) {
      for (const name of ['UID', 'DTSTAMP', 'DTSTART']) if (event.filter((l) => l.startsWith(`${name}:`)).length !== 1) problems.push(`an event without exactly one ${name}`);
      const uid = event.find((l) => l.startsWith('UID:'));
      if (uid && uids.has(uid)) problems.push(`duplicate ${uid}`);
      if (uid) uids.add(uid);
      for (const l of event.filter((x) => /^(DTSTAMP|DTSTART):/.test(x))) if (!/:\d{8}T\d{6}Z$/.test(l)) problems.push(`not a UTC date-time: ${l}`);
      event = null;
    } else if (event) event.push(line);
  }
  return problems;
}
