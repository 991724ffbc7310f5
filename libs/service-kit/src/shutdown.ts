// SIGTERM and SIGINT stop a service: close the app (workers take no new jobs and give running
// ones up to SHUTDOWN_TIMEOUT_MS), then exit 0, or 1 when closing failed or hung.
// Not Nest's enableShutdownHooks: after closing it raises the signal again, so a cleanly drained
// process ends "killed by SIGTERM" (status 143) and a failed drain cannot be told apart.
import { INestApplication, Logger } from '@nestjs/common';

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Beyond SHUTDOWN_TIMEOUT_MS (the jobs' share), what closing queues, database pools and the HTTP
 * server may take before the process gives up on a clean close. Kubernetes allows 5 s more than
 * SHUTDOWN_TIMEOUT_MS before SIGKILL (the chart checks), so this exits first and says why.
 */
export const CLOSE_MARGIN_MS = 4000;

export interface StopOnSignalsOptions {
  /** Service name, for the log lines. */
  name: string;
  shutdownTimeoutMs: number;
  /** Run first, before the app closes: the queue workers stop taking jobs (bootstrap sets it once they exist). */
  beforeClose?: () => Promise<void>;
}

/**
 * Installs the handlers; returns a function that removes them (call it when the app is closed
 * some other way, so a later signal does not close it twice).
 */
export function stopOnSignals(app: INestApplication, options: StopOnSignalsOptions): () => void {
  const log = new Logger('shutdown');
  let stopping = false;

  const onSignal = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C reaches both `npm run` and its child, which npm forwards: the
    // repeat must not cut the drain short.
    if (stopping) {
      log.warn(`${signal} received while already stopping; still closing`);
      return;
    }
    stopping = true;
    const started = Date.now();
    const limitMs = options.shutdownTimeoutMs + CLOSE_MARGIN_MS;
    log.log(
      `${signal} received: closing ${options.name}; workers take no new jobs, running ones get up to ${options.shutdownTimeoutMs} ms`,
    );
    const watchdog = setTimeout(() => {
      log.error(`${options.name} did not close within ${limitMs} ms of ${signal}; exiting with status 1`);
      process.exit(1);
    }, limitMs);
    watchdog.unref();
    Promise.resolve()
      .then(() => options.beforeClose?.())
      .catch((error: Error) => log.warn(`${options.name}: stopping the workers first failed (${error?.message ?? error}); closing anyway`))
      .then(() => app.close())
      .then(
      () => {
        clearTimeout(watchdog);
        log.log(`${options.name} closed ${Date.now() - started} ms after ${signal}; exiting with status 0`);
        // Exit rather than wait for the event loop to empty: a job handed back at the timeout
        // may still hold timers or sockets, and the pod's grace period is running out.
        process.exit(0);
      },
      (error: Error) => {
        clearTimeout(watchdog);
        log.error(`${options.name} failed to close after ${signal}: ${error?.stack ?? error}; exiting with status 1`);
        process.exit(1);
      },
    );
  };

  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  };
}
