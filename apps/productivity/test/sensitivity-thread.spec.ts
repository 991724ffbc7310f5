// Method sensitivity computed in a worker thread: the same answer as the methodology's
// sensitivity() in process, the event loop free meanwhile, and every way a thread can fail
// ending in a clear error with the thread stopped - never a hang. No database: the golden bundle
// as the views would return it (golden-rows.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { MethodSettings, resolveSettings, sensitivity, standardVariants } from '@nhsp/methodology';
import { BundleRows } from '../src/bundle-rows';
import { computeSensitivity, decimalText } from '../src/sensitivity-compute';
import { computeSensitivityInThread } from '../src/sensitivity-thread';
import { KeptWorkerThread, ThreadOptions, WorkerThreadError } from '../src/worker-thread';
import { goldenInputs } from './board-stand-ins';
import { goldenBundleRows, longestEventLoopStallMs, withTrustCopies } from './golden-rows';

describe('productivity: method sensitivity in a worker thread', () => {
  let rows: BundleRows;
  beforeAll(async () => {
    rows = await goldenBundleRows();
  });

  it.each<[string, MethodSettings]>([
    ['2025-06', resolveSettings()],
    ['2025-12', resolveSettings({ equalisation: 'none', workingDays: 'on', excludedCategories: ['exceptional'] })],
  ])('answers %s exactly as sensitivity() does in process, digit for digit', async (period, settings) => {
    const inputs = await goldenInputs();
    const variants = standardVariants(settings, inputs.deflators);
    const wanted = {
      variants: variants.map((v) => v.name),
      trusts: sensitivity(inputs, period, variants).map((t) => ({
        orgCode: t.orgCode,
        growth: Object.fromEntries(Object.entries(t.growth).map(([name, g]) => [name, decimalText(g)])),
        spread: decimalText(t.spread),
      })),
    };
    // The comparison means something: every golden trust, with figures that differ by variant.
    expect(wanted.trusts).toHaveLength(inputs.trusts.length);
    expect(wanted.trusts.some((t) => t.spread !== null && t.spread !== '0')).toBe(true);

    expect(await computeSensitivityInThread({ rows, period, settings })).toEqual(wanted);
  });

  it('leaves the event loop free while it computes, where computing in process holds it for the whole computation', async () => {
    // Golden trusts twice over: seconds of computation, far above any scheduling jitter.
    const request = { rows: withTrustCopies(rows, 2), period: '2025-12', settings: resolveSettings() };

    // In process: the event loop waits out the whole computation (and the monitor sees it).
    let inProcessMs = 0;
    const blockedMs = await longestEventLoopStallMs(async () => {
      const started = performance.now();
      computeSensitivity(request);
      inProcessMs = performance.now() - started;
    });
    expect(blockedMs).toBeGreaterThan(inProcessMs / 2);

    // In a thread: timers keep firing; the longest stall is a small part of the computation.
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    let answer: unknown;
    const threadMs = await longestEventLoopStallMs(async () => {
      answer = await computeSensitivityInThread(request);
    });
    clearInterval(ticker);
    expect(answer).toEqual(computeSensitivity(request));
    expect(threadMs).toBeLessThan(inProcessMs / 2);
    expect(ticks).toBeGreaterThan(5);
  });

  describe('a kept thread', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'nhsp-kept-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    // A thread that answers with its own id and a count of the calls it has served: a kept thread counts on.
    const counting = () => {
      const file = join(dir, 'counts.ts');
      writeFileSync(file, [
        `import { threadId } from 'node:worker_threads';`,
        `import { serveParent } from '${join(__dirname, '../src/worker-thread')}';`,
        `let calls = 0;`,
        `serveParent((data) => {`,
        `  if (data === 'throw') throw new RangeError('asked to throw');`,
        `  if (data === 'exit') process.exit(4);`,
        `  if (data === 'spin') for (;;);`,
        `  return { threadId, calls: ++calls, data };`,
        `});`,
      ].join('\n'));
      return file;
    };

    it('serves call after call in one thread, a thrown error included, and ends it once idle', async () => {
      const thread = new KeptWorkerThread(counting(), 300);
      const first = await thread.run<{ threadId: number; calls: number }>('a', { what: 'call 1', timeoutMs: 60000 });
      await expect(thread.run('throw', { what: 'call 2', timeoutMs: 60000 })).rejects.toThrow('call 2 failed in its worker thread: RangeError: asked to throw');
      const third = await thread.run<{ threadId: number; calls: number }>('c', { what: 'call 3', timeoutMs: 60000 });
      expect(third).toEqual({ threadId: first.threadId, calls: 2, data: 'c' });
      expect(thread.started).toBe(true);
      await sleep(800);
      expect(thread.started).toBe(false);
      // After the idle end, a new thread: its count starts again.
      expect(await thread.run('d', { what: 'call 4', timeoutMs: 60000 })).toMatchObject({ calls: 1, data: 'd' });
      await thread.stop();
    });

    it('ends the thread on an exit or a timeout, and the next call starts a fresh one', async () => {
      const thread = new KeptWorkerThread(counting(), 60000);
      const first = await thread.run<{ threadId: number }>('a', { what: 'call 1', timeoutMs: 60000 });
      await expect(thread.run('exit', { what: 'call 2', timeoutMs: 60000 })).rejects.toThrow('call 2: its worker thread exited (code 4) without answering');
      const second = await thread.run<{ threadId: number; calls: number }>('b', { what: 'call 3', timeoutMs: 60000 });
      expect(second.threadId).not.toBe(first.threadId);
      expect(second.calls).toBe(1);
      await expect(thread.run('spin', { what: 'call 4', timeoutMs: 1500 })).rejects.toThrow('call 4: no answer from its worker thread within 1500 ms; the thread was terminated');
      expect(thread.started).toBe(false);
      expect(await thread.run('c', { what: 'call 5', timeoutMs: 60000 })).toMatchObject({ calls: 1 });
      await thread.stop();
      expect(thread.started).toBe(false);
    });

    it('computes sensitivity after sensitivity in the same thread, each answer as in process', async () => {
      const requests = [
        { rows, period: '2025-06', settings: resolveSettings() },
        { rows, period: '2025-12', settings: resolveSettings({ equalisation: 'none' }) },
      ];
      for (const request of requests) expect(await computeSensitivityInThread(request)).toEqual(computeSensitivity(request));
    });
  });

  describe('a thread that fails', () => {
    let dir: string;
    const fixture = (name: string, source: string) => {
      const file = join(dir, `${name}.ts`);
      writeFileSync(file, source);
      return file;
    };
    // A thread that spins forever, counting in shared memory: the count stops once it is terminated.
    const spinning = () => {
      const counter = new Int32Array(new SharedArrayBuffer(4));
      const module = fixture('spins', `import { parentPort } from 'node:worker_threads';\nparentPort!.on('message', (b: SharedArrayBuffer) => {\n  const c = new Int32Array(b);\n  for (;;) Atomics.add(c, 0, 1);\n});\n`);
      return { module, counter, buffer: counter.buffer };
    };
    const stopsCounting = async (counter: Int32Array) => {
      const before = Atomics.load(counter, 0);
      await sleep(200);
      expect(Atomics.load(counter, 0)).toBe(before);
    };

    // One call in a thread of its own, as each failure test wants.
    const runOnce = (module: string, data: unknown, options: ThreadOptions) => new KeptWorkerThread(module, 60000).run(data, options);

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'nhsp-thread-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('passes on the methodology error thrown in the thread, naming what was computed', async () => {
      const failure = computeSensitivityInThread({ rows, period: '2025-13', settings: resolveSettings() }, { what: 'sensitivity of run X (2025-13)' });
      await expect(failure).rejects.toThrow(WorkerThreadError);
      await expect(failure).rejects.toThrow('sensitivity of run X (2025-13) failed in its worker thread: DomainError: month 13 is not 1..12');
    });

    it('fails when the thread throws on loading or exits without answering', async () => {
      await expect(runOnce(fixture('throws', `throw new Error('boom on load');\n`), null, { what: 'the load test', timeoutMs: 60000 }))
        .rejects.toThrow('the load test: its worker thread crashed: boom on load');
      await expect(runOnce(fixture('exits', `process.exit(3);\n`), null, { what: 'the exit test', timeoutMs: 60000 }))
        .rejects.toThrow('the exit test: its worker thread exited (code 3) without answering');
      await expect(runOnce(fixture('silent', `export const nothing = 0;\n`), null, { what: 'the silent test', timeoutMs: 60000 }))
        .rejects.toThrow('the silent test: its worker thread exited (code 0) without answering');
    });

    it('terminates a thread that never answers after the timeout, and fails the call', async () => {
      const { module, counter, buffer } = spinning();
      await expect(runOnce(module, buffer, { what: 'the spin test', timeoutMs: 1500 }))
        .rejects.toThrow('the spin test: no answer from its worker thread within 1500 ms; the thread was terminated');
      // Whether the thread began counting within the 1500 ms depends on the machine's load (in CI it
      // once had not); that a running thread is stopped is the abort test's, which waits for it.
      await stopsCounting(counter);
    });

    it('terminates a running thread when its caller aborts (service shutdown)', async () => {
      const { module, counter, buffer } = spinning();
      const shutdown = new AbortController();
      const call = runOnce(module, buffer, { what: 'the abort test', timeoutMs: 60000, signal: shutdown.signal });
      while (Atomics.load(counter, 0) === 0) await sleep(20);
      shutdown.abort('the service is shutting down');
      await expect(call).rejects.toThrow('the abort test: its worker thread was stopped: the service is shutting down');
      await stopsCounting(counter);
      await expect(runOnce(module, buffer, { what: 'a later call', timeoutMs: 60000, signal: shutdown.signal }))
        .rejects.toThrow('a later call: not started: the service is shutting down');
    });
  });
});
