// `Accept` is a promise the answer must keep: a request that accepts none of the media types an
// operation produces (its @ApiProduces, JSON by default - the same facts the OpenAPI document
// declares) is refused with 406 problem details instead of being sent JSON anyway.
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ProblemException, shownText } from '../problem-details';

export const NOT_ACCEPTABLE = 'urn:nhsp:problem:not-acceptable';

@Injectable()
export class AcceptableAnswers implements NestInterceptor {
  private readonly reflector = new Reflector();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const accept = req.headers.accept;
    if (accept !== undefined && accept.trim() !== '') {
      const produces: string[] = this.reflector.getAllAndOverride(DECORATORS.API_PRODUCES, [context.getHandler(), context.getClass()]) ?? ['application/json'];
      if (req.accepts(produces) === false) throw notAcceptable(produces, accept);
    }
    return next.handle();
  }
}

export function notAcceptable(produces: readonly string[], accept: string): ProblemException {
  return new ProblemException({
    type: NOT_ACCEPTABLE,
    status: HttpStatus.NOT_ACCEPTABLE,
    detail: `This answers ${produces.join(' or ')}; the request accepts only ${shownText(accept)}`,
    extensions: { available: [...produces] },
  });
}
