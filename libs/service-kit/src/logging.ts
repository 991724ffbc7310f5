// JSON logs through pino. HTTP requests carry a request id (taken from X-Request-Id when a
// proxy set one, echoed back); jobs carry their job id, queue, pattern and attempt.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';
import type { JobLogContext } from '@nhsp/queue';

const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

export function loggerParams(service: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = requestIdOf(req);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Probes and scrapes every few seconds would drown the useful lines.
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
  };
}

/** The id a request is logged and answered with: the proxy's X-Request-Id when sane, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && given.length <= 200 ? given : randomUUID();
}

/** Runs a job with a logger bound to its ids, so every log line of the handler carries them. */
export function runJobWithLogger<T>(context: JobLogContext, run: () => Promise<T>): Promise<T> {
  const root = PinoLogger.root;
  if (!root) return run();
  return storage.run(new Store(root.child(context)), run);
}
