// A worker whose one job waits for the test's word (a file appearing), so a test can stop the
// process with a job in flight. shutdown.integration.spec.ts starts it as a real process through
// tools/scripts/start-service.js, as Kubernetes does.
import { Controller, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootstrapService, ServiceRole } from '../src';

export const SHUTDOWN_TEST_QUEUE = 'shutdown-test';
export const HOLD_PATTERN = 'test.hold.v1';

export interface HoldPayload {
  /** The job finishes once this file exists. */
  releaseFile: string;
}

@Controller()
class HoldHandler {
  @EventPattern(HOLD_PATTERN)
  async hold(@Payload() payload: HoldPayload): Promise<void> {
    while (!existsSync(payload.releaseFile)) await sleep(50);
  }
}

/** With SHUTDOWN_TEST_FAIL_CLOSE=true closing throws, as a pool that cannot end would. */
@Injectable()
class CloseFailure implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    if (process.env.SHUTDOWN_TEST_FAIL_CLOSE === 'true') throw new Error('closing failed on purpose');
  }
}

@Module({ controllers: [HoldHandler], providers: [CloseFailure] })
class ShutdownTestModule {}

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ name: 'shutdown-test', module: ShutdownTestModule, queues: [SHUTDOWN_TEST_QUEUE], role });
}
