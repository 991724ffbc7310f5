// How a /v1 controller hands its answer to the client: sent with the service's max-age, or
// rendered once per release and kept in the response cache. Controllers take their figures
// from providers and pass them here; neither the max-age nor the cache is theirs to hold.
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ReleaseEntity } from '@nhsp/persistence';
import { InjectConfig } from '@nhsp/service-kit';
import type { PublicationConfig } from './config';
import { cachedAnswer } from './plan-pack.query';
import { Format, Representation, send } from './representation';
import { ResponseCache } from './response-cache';

/** An answer before negotiation's choice and the max-age are added. */
export type AnswerBody = Omit<Representation, 'maxAge' | 'format'>;

@Injectable()
export class Answers {
  constructor(
    private readonly cache: ResponseCache,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  send(req: Request, res: Response, format: Format, answer: AnswerBody): void {
    send(req, res, { format, ...answer, maxAge: this.config.CACHE_MAX_AGE });
  }

  /** The release's answer as rendered before (same endpoint, release, format and URL), or built now and kept. */
  cached(endpoint: string, req: Request, res: Response, release: ReleaseEntity, format: Format, build: () => Promise<AnswerBody>): Promise<void> {
    return cachedAnswer(this.cache, this.config.CACHE_MAX_AGE, endpoint, req, res, release, format, build);
  }
}
