import { RecentLoads } from './recent-loads';

describe('RecentLoads', () => {
  it('shares one load in flight per key, keeps the most recently asked up to its bound, and loads a failed key again', async () => {
    const loads: string[] = [];
    const held = new RecentLoads<string>(2);
    const load = (key: string, value: string | undefined) => () => {
      loads.push(key);
      return Promise.resolve(value);
    };

    const [a1, a2] = await Promise.all([held.get('a', load('a', 'A')), held.get('a', load('a', 'A'))]);
    expect([a1, a2, loads]).toEqual(['A', 'A', ['a']]);

    await held.get('b', load('b', 'B'));
    await held.get('a', load('a', 'A')); // a is now the most recently asked
    await held.get('c', load('c', 'C')); // over the bound: b, the least recent, goes
    expect(held.size).toBe(2);
    await held.get('a', load('a', 'A'));
    await held.get('b', load('b', 'B'));
    expect(loads).toEqual(['a', 'b', 'c', 'b']);

    expect(await held.get('x', load('x', undefined))).toBeUndefined();
    expect(await held.get('x', load('x', 'X'))).toBe('X');
    expect(loads.filter((k) => k === 'x')).toHaveLength(2);
  });

  it('gives a finished load without waiting (peek), not one in flight, and forgets it with the key', async () => {
    const held = new RecentLoads<string>(1);
    let finish: (value: string) => void = () => undefined;
    const loading = held.get('a', () => new Promise<string>((done) => (finish = done)));
    expect(held.peek('a')).toBeUndefined();
    finish('A');
    await loading;
    expect(held.peek('a')).toBe('A');
    await held.get('b', () => Promise.resolve('B')); // over the bound: a goes
    expect([held.peek('a'), held.peek('b')]).toEqual([undefined, 'B']);
  });
});
