// The same key check as the guard, for Express routes Nest does not see (bull-board).
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { toProblem } from '../problem-details';
import { refusalFor, WWW_AUTHENTICATE } from './access-problems';
import { AccessResolver } from './request-access';

/** Express middleware admitting admin keys only; for `mountBullBoard(app, { authorize })`. */
export function adminOnly(app: INestApplication) {
  const resolver = app.get(AccessResolver);
  return (req: Request, res: Response, next: NextFunction) => {
    resolver.resolve(req).then((credential) => {
      const refusal = refusalFor(credential, ['admin']);
      if (!refusal) return next();
      const problem = toProblem(refusal, req.originalUrl);
      if (problem.status === 401) res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
      res.status(problem.status).type('application/problem+json').json(problem);
    }, next);
  };
}
