// The life of `npm run demo` (tools/scripts/demo.mjs): start within a deadline, then either stop
// at once (--once) or serve until a signal. The deadline bounds start-up only: it is cleared the
// moment start-up is done. It once was not, and the demo shut every service down about four
// minutes after printing "running; press Ctrl-C to stop".

export interface DemoLifecycleOptions {
  /** Stop as soon as start-up is done (exit 0), instead of serving until shutdown(). */
  once: boolean;
  /** How long start-up may take (DEMO_STARTUP_TIMEOUT_MS); past it the demo stops with exit code 1. */
  startupTimeoutMs: number;
  /**
   * Starts the demo. Whatever it starts that must be stopped again is registered with
   * `closeLater` as soon as it runs, so that a failed or timed-out start-up is cleaned up too;
   * shutdown closes the last registered first.
   */
  start(closeLater: (name: string, close: () => Promise<void>) => void): Promise<void>;
  /** Ends the process (process.exit in the demo). */
  exit(code: number): void;
  log(line: string): void;
  error(line: string): void;
  /** Report a failed start-up with its stack (DEMO_DEBUG=1), not only its message. */
  showStack?: boolean;
  /** How long closing everything may take before the demo exits anyway, with status 1 (default SHUTDOWN_LIMIT_MS). */
  shutdownLimitMs?: number;
}

/** Within the 25 s a user waits after Ctrl-C; the services' drains (2 s each) fit well inside it. */
export const SHUTDOWN_LIMIT_MS = 20_000;

export type DemoState = 'starting' | 'running' | 'stopping';

export interface DemoLifecycle {
  state(): DemoState;
  /** Closes everything started (once; later calls wait for the first) and exits with `code`. */
  shutdown(code: number, failure?: string): Promise<void>;
  /** Settles when start-up has ended: running, stopped after --once, or failed. */
  readonly started: Promise<void>;
}

export function superviseDemo(options: DemoLifecycleOptions): DemoLifecycle {
  const began = Date.now();
  const closers: Array<[string, () => Promise<void>]> = [];
  let state: DemoState = 'starting';
  let stopping: Promise<void> | undefined;
  let overdue: NodeJS.Timeout | undefined;

  const shutdown = (code: number, failure?: string): Promise<void> => {
    stopping ??= (async () => {
      state = 'stopping';
      clearTimeout(deadline);
      if (failure) options.error(`[demo] FAILED: ${failure}`);
      options.log('[demo] shutting down…');
      const limitMs = options.shutdownLimitMs ?? SHUTDOWN_LIMIT_MS;
      let closing = 'nothing';
      // Something that never lets go (a socket, a database that died with the terminal's Ctrl-C)
      // must not keep the demo alive: past the limit it says what hung and exits 1.
      const giveUp = new Promise<boolean>((resolve) => (overdue = setTimeout(() => resolve(false), limitMs)));
      const closedAll = (async () => {
        for (const [name, close] of closers.reverse()) {
          closing = name;
          await close().catch((error: Error) => options.error(`[demo] stopping ${name}: ${error.message}`));
        }
        return true;
      })();
      const closed = await Promise.race([closedAll, giveUp]);
      clearTimeout(overdue);
      if (!closed) {
        options.error(`[demo] stopping ${closing} did not finish within ${limitMs / 1000} s; exiting with status 1`);
        options.exit(1);
        return;
      }
      options.log(`[demo] done after ${((Date.now() - began) / 1000).toFixed(1)} s`);
      options.exit(code);
    })();
    return stopping;
  };

  // Not unref'd: while starting, the deadline is what ends a start-up that hangs.
  const deadline = setTimeout(() => void shutdown(1, `start-up timed out after ${Math.round(options.startupTimeoutMs / 1000)} s`), options.startupTimeoutMs);

  const started = (async () => {
    try {
      await options.start((name, close) => closers.push([name, close]));
    } catch (error) {
      const e = error as Error | undefined;
      return shutdown(1, (options.showStack ? e?.stack : e?.message) ?? String(error));
    }
    // Start-up is over: from here only Ctrl-C (or --once) stops the demo.
    clearTimeout(deadline);
    if (state !== 'starting') return;
    if (options.once) return shutdown(0);
    state = 'running';
    options.log('[demo] running; press Ctrl-C to stop');
  })();

  return { state: () => state, shutdown, started };
}
