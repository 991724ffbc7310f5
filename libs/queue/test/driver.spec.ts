// Start-up must stop with a message naming the setting when the queue backend is unreachable,
// instead of BullMQ retrying forever.
import { createQueueDriver, QueueSettings } from '../src';

const settings: QueueSettings = {
  backend: 'redis',
  redisUrl: 'redis://127.0.0.1:1',
  databaseUrl: 'postgres://postgres:secret@127.0.0.1:1/none',
  prefix: 'unreachable',
  shutdownTimeoutMs: 1000,
  concurrency: 1,
  attempts: 1,
  backoffMs: 0,
  lockDurationMs: 30000,
};

describe('queue driver', () => {
  it('fails fast naming REDIS_URL when Redis cannot be reached', async () => {
    await expect(createQueueDriver(settings)).rejects.toThrow(
      'Queue backend redis: cannot connect to REDIS_URL (redis://127.0.0.1:1): connect ECONNREFUSED',
    );
  });

  it('fails fast naming DATABASE_URL (password hidden) when PostgreSQL cannot be reached', async () => {
    await expect(createQueueDriver({ ...settings, backend: 'postgres' })).rejects.toThrow(
      'Queue backend postgres: cannot connect to DATABASE_URL (postgres://postgres:***@127.0.0.1:1/none)',
    );
  });

  it('requires DATABASE_URL for the postgres backend', async () => {
    await expect(createQueueDriver({ ...settings, backend: 'postgres', databaseUrl: undefined })).rejects.toThrow(
      'DATABASE_URL is required when QUEUE_BACKEND=postgres',
    );
  });
});
