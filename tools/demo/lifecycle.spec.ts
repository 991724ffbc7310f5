// The demo's life (tools/demo/lifecycle.ts, driven by tools/scripts/demo.mjs): the start-up
// deadline bounds start-up only. Jest's fake clock stands in for the wall clock, so "still
// serving 15 minutes later" is checked without waiting 15 minutes.
import { DemoLifecycleOptions, superviseDemo } from './lifecycle';

const MINUTE = 60_000;

interface Recorded {
  exits: number[];
  lines: string[];
  closed: string[];
}

/** Options whose exit, log and closers are recorded; `start` is made with the record at hand. */
function options(start: (recorded: Recorded) => DemoLifecycleOptions['start'], overrides: Partial<DemoLifecycleOptions> = {}): { options: DemoLifecycleOptions; recorded: Recorded } {
  const recorded: Recorded = { exits: [], lines: [], closed: [] };
  return {
    recorded,
    options: {
      once: false,
      startupTimeoutMs: 4 * MINUTE,
      start: start(recorded),
      exit: (code) => recorded.exits.push(code),
      log: (line) => recorded.lines.push(line),
      error: (line) => recorded.lines.push(line),
      ...overrides,
    },
  };
}

/** A start-up that registers the services it "starts" and is done after `ms`. */
const startingFor = (ms: number) => (recorded: Recorded) => async (closeLater: (name: string, close: () => Promise<void>) => void) => {
  closeLater('PostgreSQL', async () => void recorded.closed.push('PostgreSQL'));
  await new Promise((done) => setTimeout(done, ms));
  closeLater('services', async () => void recorded.closed.push('services'));
};

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('keeps serving after start-up, long past the start-up limit, until it is stopped', async () => {
  const { options: setup, recorded } = options(startingFor(3 * MINUTE));
  const demo = superviseDemo(setup);
  await jest.advanceTimersByTimeAsync(3 * MINUTE);
  await demo.started;
  expect(demo.state()).toBe('running');
  expect(recorded.lines).toContain('[demo] running; press Ctrl-C to stop');

  // 15 minutes later (the limit was 4): nothing has stopped it.
  await jest.advanceTimersByTimeAsync(15 * MINUTE);
  expect({ state: demo.state(), exits: recorded.exits, closed: recorded.closed }).toEqual({ state: 'running', exits: [], closed: [] });
  expect(jest.getTimerCount()).toBe(0);

  // Ctrl-C: everything closed, last started first, then exit 130.
  await demo.shutdown(130);
  expect({ exits: recorded.exits, closed: recorded.closed }).toEqual({ exits: [130], closed: ['services', 'PostgreSQL'] });
});

it('stops a start-up that outlives the limit, with the reason, closing what had started', async () => {
  const { options: setup, recorded } = options(startingFor(10 * MINUTE), { startupTimeoutMs: 2 * MINUTE });
  const demo = superviseDemo(setup);
  await jest.advanceTimersByTimeAsync(2 * MINUTE);
  expect(recorded.exits).toEqual([1]);
  expect(recorded.lines).toContain('[demo] FAILED: start-up timed out after 120 s');
  expect(recorded.closed).toEqual(['PostgreSQL']);
  expect(demo.state()).toBe('stopping');
});

it('with --once, stops as soon as start-up is done: exit 0', async () => {
  const { options: setup, recorded } = options(startingFor(MINUTE), { once: true });
  const demo = superviseDemo(setup);
  await jest.advanceTimersByTimeAsync(MINUTE);
  await demo.started;
  expect({ exits: recorded.exits, closed: recorded.closed }).toEqual({ exits: [0], closed: ['services', 'PostgreSQL'] });
  expect(recorded.lines).not.toContain('[demo] running; press Ctrl-C to stop');
});

it('a failed start-up exits 1 with its message once, and a second signal changes nothing', async () => {
  const { options: setup, recorded } = options((record) => async (closeLater) => {
    closeLater('PostgreSQL', async () => void record.closed.push('PostgreSQL'));
    throw new Error('Upload of trusts.csv failed: HTTP 422');
  });
  const demo = superviseDemo(setup);
  await demo.started;
  await demo.shutdown(130);
  expect(recorded.exits).toEqual([1]);
  expect(recorded.lines).toContain('[demo] FAILED: Upload of trusts.csv failed: HTTP 422');
  expect(recorded.closed).toEqual(['PostgreSQL']);
});

it('exits 1 naming what hung when closing outlasts the shutdown limit (a database already gone with Ctrl-C)', async () => {
  const { options: setup, recorded } = options(
    (record) => async (closeLater) => {
      closeLater('PostgreSQL', () => new Promise<void>(() => undefined)); // never settles
      closeLater('services', async () => void record.closed.push('services'));
    },
    { shutdownLimitMs: 20_000 },
  );
  const demo = superviseDemo(setup);
  await demo.started;
  const stopping = demo.shutdown(130);
  await jest.advanceTimersByTimeAsync(19_999);
  expect(recorded.exits).toEqual([]);
  await jest.advanceTimersByTimeAsync(1);
  await stopping;
  expect({ exits: recorded.exits, closed: recorded.closed }).toEqual({ exits: [1], closed: ['services'] });
  expect(recorded.lines).toContain('[demo] stopping PostgreSQL did not finish within 20 s; exiting with status 1');
  expect(jest.getTimerCount()).toBe(0);
});
