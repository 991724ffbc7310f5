import { z } from 'zod';
import { baseConfigSchema, bootstrapService, loadConfig } from '../src';
import { Module } from '@nestjs/common';

const valid = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' };

describe('configuration', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig(baseConfigSchema, { ...valid, PORT: '8080', MIGRATIONS_RUN: 'false' });
    expect(config).toMatchObject({ PORT: 8080, MIGRATIONS_RUN: false, QUEUE_BACKEND: 'redis', QUEUE_PREFIX: 'nhsp' });
  });

  it('names each bad setting', () => {
    expect(() => loadConfig(baseConfigSchema, { ...valid, PORT: 'eighty' })).toThrow(
      'Invalid configuration: PORT must be a number',
    );
    expect(() => loadConfig(baseConfigSchema, { QUEUE_BACKEND: 'kafka', MIGRATIONS_RUN: 'yes' })).toThrow(
      'Invalid configuration: QUEUE_BACKEND must be one of redis, postgres; DATABASE_URL is required; MIGRATIONS_RUN must be true or false',
    );
    expect(() => loadConfig(baseConfigSchema, { ...valid, QUEUE_PREFIX: 'Bad-Prefix' })).toThrow(
      'QUEUE_PREFIX must be lower-case letters, digits or _',
    );
  });

  it('listens on loopback unless HOST names another address, which must be an IP address or a host name', () => {
    expect(loadConfig(baseConfigSchema, valid).HOST).toBe('127.0.0.1');
    for (const host of ['0.0.0.0', '::', '::1', '10.1.2.3', 'localhost', 'api.internal']) {
      expect(loadConfig(baseConfigSchema, { ...valid, HOST: host }).HOST).toBe(host);
    }
    for (const host of ['999.1.1.1', 'http://0.0.0.0', '0.0.0.0:3000', 'two words', '-bad-.example']) {
      expect(() => loadConfig(baseConfigSchema, { ...valid, HOST: host })).toThrow(
        'Invalid configuration: HOST must be an IP address (0.0.0.0 or :: for every interface) or a host name',
      );
    }
  });

  it('validates service-specific settings added by extending the base schema', () => {
    const schema = baseConfigSchema.extend({ UPLOAD_DIR: z.string() });
    expect(() => loadConfig(schema, valid)).toThrow('Invalid configuration: UPLOAD_DIR is required');
  });

  it('stops bootstrap before connecting to anything', async () => {
    @Module({})
    class EmptyModule {}
    await expect(
      bootstrapService({ name: 'x', module: EmptyModule, queues: [], role: 'api', env: { ...valid, PORT: '-1' } }),
    ).rejects.toThrow('Invalid configuration: PORT must be at least 0');
  });
});
