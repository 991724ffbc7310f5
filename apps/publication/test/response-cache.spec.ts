// The response cache: keyed on the release as it stood, kept while read, gone once unread for
// CACHE_MAX_AGE, and a miss rendered once however many readers wait for it.
import type { PublicationConfig } from '../src/config';
import { Rendered } from '../src/representation';
import { ResponseCache } from '../src/response-cache';

const release = { id: 'r-1', status: 'published' as const, publishedAt: new Date('2026-04-09T09:30:00Z') };
const answer = (text: string): Rendered => ({ format: 'json', body: Buffer.from(text), etag: `"${text}"` });
const cacheFor = (seconds: number) => new ResponseCache({ CACHE_MAX_AGE: seconds } as PublicationConfig);

afterEach(() => jest.useRealTimers());

it('keys on the release\'s state, the format and the exact URL', () => {
  const cache = cacheFor(60);
  const key = cache.key('estimates', release, 'json', '/v1/estimates?org=RAA');
  expect(key).toBe('estimates|r-1|published|2026-04-09T09:30:00.000Z|json|/v1/estimates?org=RAA');
  expect(cache.key('estimates', { ...release, status: 'superseded' }, 'json', '/v1/estimates?org=RAA')).not.toBe(key);
  expect(cache.key('estimates', release, 'csv', '/v1/estimates?org=RAA')).not.toBe(key);
});

it('renders a miss once for every reader waiting on it, and keeps it', async () => {
  const cache = cacheFor(60);
  let renders = 0;
  let finish!: (r: Rendered) => void;
  const render = () => {
    renders++;
    return new Promise<Rendered>((resolve) => (finish = resolve));
  };
  const readers = [cache.build('k', render), cache.build('k', render), cache.build('k', render)];
  finish(answer('one'));
  const answers = await Promise.all(readers);
  expect(renders).toBe(1);
  expect(new Set(answers).size).toBe(1);
  expect(cache.get('k')?.body.toString()).toBe('one');
});

it('forgets a failed render, so the next reader tries again', async () => {
  const cache = cacheFor(60);
  await expect(cache.build('k', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
  expect(cache.get('k')).toBeUndefined();
  expect((await cache.build('k', async () => answer('two'))).body.toString()).toBe('two');
});

it('keeps an entry while it is read and drops it once unread for CACHE_MAX_AGE', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z') });
  const cache = cacheFor(60);
  await cache.build('hot', async () => answer('hot'));
  await cache.build('cold', async () => answer('cold'));
  for (let i = 0; i < 5; i++) {
    jest.setSystemTime(Date.now() + 50_000);
    expect(cache.get('hot')).toBeDefined();
  }
  expect(cache.get('cold')).toBeUndefined();
  jest.setSystemTime(Date.now() + 60_000);
  expect(cache.get('hot')).toBeUndefined();
});

it('keeps nothing with CACHE_MAX_AGE 0, but still renders a miss once for its waiting readers', async () => {
  const cache = cacheFor(0);
  let renders = 0;
  const render = async () => (renders++, answer('x'));
  await Promise.all([cache.build('k', render), cache.build('k', render)]);
  expect(renders).toBe(1);
  expect(cache.get('k')).toBeUndefined();
});

it('keeps an answer rendered elsewhere unless one is held or being rendered', async () => {
  const cache = cacheFor(60);
  cache.keep('k', answer('one'));
  cache.keep('k', answer('two'));
  expect(cache.get('k')?.body.toString()).toBe('one');
  let finish!: (r: Rendered) => void;
  const building = cache.build('b', () => new Promise<Rendered>((resolve) => (finish = resolve)));
  cache.keep('b', answer('kept'));
  finish(answer('built'));
  await building;
  expect(cache.get('b')?.body.toString()).toBe('built');
  const off = cacheFor(0);
  off.keep('k', answer('one'));
  expect(off.get('k')).toBeUndefined();
});
