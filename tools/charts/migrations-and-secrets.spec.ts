// The migration Job is a pre-install/pre-upgrade hook that can run before anything else of the
// release exists; credentials reach pods only as Secret references, never as values.
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { byName, ofKind, podTemplates, render, renderFailure, VALUE_SETS } from './render';

const SECRET_ENV = ['DATABASE_URL', 'REDIS_URL', 'ADMIN_API_KEY'];
const LOOKS_SECRET = /PASSWORD|SECRET|TOKEN|API_KEY|CREDENTIAL|_URL$/;
const URL_WITH_CREDENTIALS = /[a-z]+:\/\/[^/\s:@]+:[^/\s@]+@/i;

describe.each(VALUE_SETS)('migrations with %s values', (values) => {
  const objects = render(values);
  const job = byName<IJob>(objects, 'Job', 'nhsp-nhs-productivity-migrate');
  const annotations = job.metadata.annotations ?? {};

  it('runs as a pre-install and pre-upgrade hook, replaced on retry and removed on success', () => {
    expect(annotations['helm.sh/hook']!.split(',').sort()).toEqual(['pre-install', 'pre-upgrade']);
    expect(annotations['helm.sh/hook-delete-policy']!.split(',').sort()).toEqual(['before-hook-creation', 'hook-succeeded']);
  });

  it('runs the migrate command once, without restarts, within a deadline', () => {
    const pod = job.spec!.template.spec!;
    expect(pod.containers[0].args).toEqual(['node', 'tools/scripts/start-service.js', 'migrate']);
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec!.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(job.spec!.backoffLimit).toBeLessThanOrEqual(3);
  });

  it('depends on nothing the release creates later: config inline, its own hook ServiceAccount', () => {
    const pod = job.spec!.template.spec!;
    expect(pod.containers[0].envFrom ?? []).toEqual([]);
    const names = (pod.containers[0].env ?? []).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'QUEUE_BACKEND', 'NODE_ENV']));
    const account = byName<IServiceAccount>(objects, 'ServiceAccount', pod.serviceAccountName!);
    expect(account.metadata.annotations?.['helm.sh/hook']).toBe(annotations['helm.sh/hook']);
    expect(Number(account.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(Number(annotations['helm.sh/hook-weight']));
  });
});

describe('who migrates', () => {
  const migrationsRun = (objects: ReturnType<typeof render>) =>
    new Set(podTemplates(objects).filter((p) => p.owner.startsWith('Deployment/')).map((p) => p.spec.containers[0].env?.find((e) => e.name === 'MIGRATIONS_RUN')?.value));

  it('services skip start-up migrations while the hook runs them', () => {
    expect(migrationsRun(render('default'))).toEqual(new Set(['false']));
  });

  it('without the hook, every process migrates at start-up (under the runner\'s advisory lock)', () => {
    const objects = render('default', ['migrations.enabled=false']);
    expect(ofKind(objects, 'Job')).toEqual([]);
    expect(migrationsRun(objects)).toEqual(new Set(['true']));
  });
});

describe.each(VALUE_SETS)('secrets with %s values', (values) => {
  const objects = render(values);
  const containers = podTemplates(objects).flatMap((pod) =>
    pod.spec.containers.map((container) => ({ owner: pod.owner, role: pod.labels['app.kubernetes.io/component'], container })),
  );

  it('renders no Secret objects (credentials live in pre-existing Secrets)', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it('takes DATABASE_URL, REDIS_URL and ADMIN_API_KEY from secretKeyRef only', () => {
    for (const { owner, container } of containers) {
      const env: IEnvVar[] = container.env ?? [];
      const database = env.find((e) => e.name === 'DATABASE_URL');
      expect({ owner, ref: database?.valueFrom?.secretKeyRef?.name }).toEqual({ owner, ref: expect.any(String) });
      for (const variable of env.filter((e) => SECRET_ENV.includes(e.name) || LOOKS_SECRET.test(e.name))) {
        expect({ owner, name: variable.name, value: variable.value }).toEqual({ owner, name: variable.name, value: undefined });
        expect(variable.valueFrom?.secretKeyRef).toEqual({ name: expect.any(String), key: expect.any(String) });
      }
    }
  });

  it('gives the admin API key to APIs and migrations, not to workers', () => {
    for (const { owner, role, container } of containers) {
      const hasKey = (container.env ?? []).some((e) => e.name === 'ADMIN_API_KEY');
      expect({ owner, hasKey }).toEqual({ owner, hasKey: role !== 'worker' });
    }
  });

  it('keeps credentials out of every ConfigMap and literal env value', () => {
    const literals = [
      ...ofKind<IConfigMap>(objects, 'ConfigMap').flatMap((c) => Object.entries(c.data ?? {})),
      ...containers.flatMap(({ container }) => (container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!])),
    ];
    expect(literals.length).toBeGreaterThan(0);
    for (const [name, value] of literals) {
      if (name.endsWith('.json')) continue; // the dashboard
      expect({ name, secretLooking: LOOKS_SECRET.test(name), credentialUrl: URL_WITH_CREDENTIALS.test(value) }).toEqual({
        name,
        secretLooking: false,
        credentialUrl: false,
      });
    }
  });
});

describe('secret settings', () => {
  it('refuses Redis as the queue without a Redis secret, and drops REDIS_URL with the PostgreSQL queue', () => {
    expect(renderFailure('default', ['secrets.redisUrl.name='])).toContain('secrets.redisUrl.name is required when config.queueBackend is redis');
    const objects = render('default', ['secrets.redisUrl.name=', 'config.queueBackend=postgres']);
    const names = podTemplates(objects).flatMap((p) => p.spec.containers.flatMap((c) => (c.env ?? []).map((e) => e.name)));
    expect(names).toContain('DATABASE_URL');
    expect(names).not.toContain('REDIS_URL');
  });

  it('refuses credentials passed as plain extraEnv', () => {
    expect(renderFailure('default', ['config.extraEnv.DATABASE_URL=postgres://u:p@db/x'])).toMatch(/invalid propertyName 'DATABASE_URL'/);
  });
});
