// bull-board UI over this service's queues at /admin/queues. The caller supplies the access
// check (`authorize`, an Express middleware) because roles are decided by the app, not here.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { QueueRegistry } from './queue-registry';

export type AdminMiddleware = (req: Request, res: Response, next: NextFunction) => void;

export interface BullBoardOptions {
  /** Queue names to show; default: the service's own queues. */
  queues?: readonly string[];
  basePath?: string;
  /** Runs before every bull-board request; respond 401/403 to refuse. Required on purpose. */
  authorize: AdminMiddleware;
  readOnly?: boolean;
}

export function mountBullBoard(app: INestApplication, options: BullBoardOptions): void {
  const basePath = options.basePath ?? '/admin/queues';
  const registry = app.get(QueueRegistry);
  const names = options.queues ?? registry.ownQueues;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: names.map((name) => new BullMQAdapter(registry.queue(name), { readOnlyMode: options.readOnly ?? false })),
    serverAdapter,
  });
  app.use(basePath, options.authorize, serverAdapter.getRouter());
}
