// A worker whose jobs wait for the test's word (a file appearing), so a test can act while a job
// is in flight: stop the process (shutdown.integration.spec.ts) or cut its database connections
// (connection-loss.integration.spec.ts). Started as a real process through
// tools/scripts/start-service.js, as Kubernetes does.
import { Controller, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { bootstrapService, ServiceRole } from '../src';

export const HELD_JOB_SERVICE = 'held-job-test';
export const HELD_JOBS_QUEUE = 'held-jobs';
/** Waits for the file, then completes. */
export const HOLD_PATTERN = 'test.hold.v1';
/** Opens a transaction, waits for the file inside it, then queries again and commits. */
export const HOLD_IN_TRANSACTION_PATTERN = 'test.hold-in-transaction.v1';

export interface HoldPayload {
  /** The job goes on once this file exists. */
  releaseFile: string;
}

const released = async (file: string) => {
  while (!existsSync(file)) await sleep(50);
};

@Controller()
class HoldHandlers {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @EventPattern(HOLD_PATTERN)
  async hold(@Payload() payload: HoldPayload): Promise<void> {
    await released(payload.releaseFile);
  }

  @EventPattern(HOLD_IN_TRANSACTION_PATTERN)
  async holdInTransaction(@Payload() payload: HoldPayload): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await released(payload.releaseFile);
      await tx.query('SELECT 2');
    });
  }
}

/** With HELD_JOB_FAIL_CLOSE=true closing throws, as a pool that cannot end would. */
@Injectable()
class CloseFailure implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    if (process.env.HELD_JOB_FAIL_CLOSE === 'true') throw new Error('closing failed on purpose');
  }
}

@Module({ controllers: [HoldHandlers], providers: [CloseFailure] })
class HeldJobModule {}

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ name: HELD_JOB_SERVICE, module: HeldJobModule, queues: [HELD_JOBS_QUEUE], role });
}
