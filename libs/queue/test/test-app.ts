// A tiny service used only by the queue tests: three event handlers and one request/response
// handler on its own queue, with a recorder the tests read.
import { Controller, Injectable, Module } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { BullMqContext, PermanentJobError, RouteTable } from '../src';

export const TEST_QUEUE = 'test-events';

export const TEST_ROUTES: RouteTable = {
  'test.ping.v1': { queues: [TEST_QUEUE], key: (p: { id: string }) => p.id },
  'test.flaky.v1': { queues: [TEST_QUEUE], key: (p: { id: string }) => p.id },
  'test.slow.v1': { queues: [TEST_QUEUE], key: (p: { id: string }) => p.id },
  'test.permanent.v1': { queues: [TEST_QUEUE], key: (p: { id: string }) => p.id },
  'test.echo.v1': { queues: [TEST_QUEUE] },
};

export interface Handled {
  id: string;
  jobId: string;
  attempt: number;
  queue: string;
}

@Injectable()
export class Recorder {
  readonly pings: Handled[] = [];
  readonly flakyAttempts: Handled[] = [];
  readonly permanentAttempts: Handled[] = [];
  flakyFails = true;
  slowStarted = false;
  slowFinished = false;
  private releaseSlow!: () => void;
  private readonly slowGate = new Promise<void>((resolve) => (this.releaseSlow = resolve));

  release(): void {
    this.releaseSlow();
  }

  waitForRelease(): Promise<void> {
    return this.slowGate;
  }
}

const seen = (p: { id: string }, ctx: BullMqContext): Handled => ({
  id: p.id,
  jobId: ctx.jobId,
  attempt: ctx.attempt,
  queue: ctx.queue,
});

@Controller()
export class TestHandlers {
  constructor(private readonly recorder: Recorder) {}

  @EventPattern('test.ping.v1')
  ping(@Payload() payload: { id: string }, @Ctx() ctx: BullMqContext): void {
    this.recorder.pings.push(seen(payload, ctx));
  }

  @EventPattern('test.flaky.v1')
  flaky(@Payload() payload: { id: string }, @Ctx() ctx: BullMqContext): void {
    this.recorder.flakyAttempts.push(seen(payload, ctx));
    if (this.recorder.flakyFails) throw new Error(`flaky failure on attempt ${ctx.attempt}`);
  }

  @EventPattern('test.permanent.v1')
  permanent(@Payload() payload: { id: string }, @Ctx() ctx: BullMqContext): void {
    this.recorder.permanentAttempts.push(seen(payload, ctx));
    throw new PermanentJobError(`${payload.id} can never succeed`);
  }

  @EventPattern('test.slow.v1')
  async slow(): Promise<void> {
    this.recorder.slowStarted = true;
    await this.recorder.waitForRelease();
    this.recorder.slowFinished = true;
  }

  @MessagePattern('test.echo.v1')
  echo(@Payload() payload: { text: string }, @Ctx() ctx: BullMqContext) {
    return { echoed: payload.text.toUpperCase(), queue: ctx.queue };
  }
}

@Module({ controllers: [TestHandlers], providers: [Recorder] })
export class TestAppModule {}
