// Workload rules: one API and one worker Deployment per service, each started with the right
// service and role, probed on its health endpoints, with resources; workers get a grace period
// longer than their shutdown timeout and are the only targets of autoscaling.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import { byName, ofKind, render, renderFailure, ROLES, SERVICES, selects, VALUE_SETS, workloadName } from './render';

const PORTS = { api: { name: 'http', number: 3000, env: 'PORT' }, worker: { name: 'metrics', number: 3001, env: 'METRICS_PORT' } };
const cases = SERVICES.flatMap((service) => ROLES.map((role) => [service, role] as const));

const containerOf = (deployment: IDeployment) => deployment.spec!.template.spec!.containers[0];
const envValue = (deployment: IDeployment, name: string) => containerOf(deployment).env?.find((e) => e.name === name)?.value;

describe.each(VALUE_SETS)('workloads with %s values', (values) => {
  const objects = render(values);
  const deployment = (service: string, role: string) => byName<IDeployment>(objects, 'Deployment', workloadName(service, role));

  it('has exactly one API and one worker Deployment per service', () => {
    const names = ofKind<IDeployment>(objects, 'Deployment').map((d) => d.metadata.name).sort();
    expect(names).toEqual(cases.map(([service, role]) => workloadName(service, role)).sort());
  });

  it.each(cases)('%s %s starts its own service and role, listening on the role port', (service, role) => {
    const container = containerOf(deployment(service, role));
    expect(container.command).toBeUndefined(); // the image's tini ENTRYPOINT stays PID 1
    expect(container.args).toEqual(['node', 'tools/scripts/start-service.js', service, role]);
    expect(container.ports).toEqual([{ name: PORTS[role].name, containerPort: PORTS[role].number, protocol: 'TCP' }]);
    expect(envValue(deployment(service, role), PORTS[role].env)).toBe(String(PORTS[role].number));
    // The services default to loopback, where the kubelet's probes and other pods cannot reach them.
    expect(envValue(deployment(service, role), 'HOST')).toBe('0.0.0.0');
  });

  it.each(cases)('%s %s probes /health/live for liveness and startup, /health/ready for readiness', (service, role) => {
    const container = containerOf(deployment(service, role));
    const port = PORTS[role].name;
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port });
    expect(container.startupProbe?.httpGet).toEqual({ path: '/health/live', port });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port });
  });

  it.each(cases)('%s %s requests CPU and memory and has a memory limit', (service, role) => {
    const resources = containerOf(deployment(service, role)).resources!;
    expect(resources.requests).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
    expect(resources.limits?.memory).toBeDefined();
  });

  it.each(SERVICES)('%s worker: terminationGracePeriodSeconds exceeds SHUTDOWN_TIMEOUT_MS', (service) => {
    const worker = deployment(service, 'worker');
    const shutdownTimeoutMs = Number(envValue(worker, 'SHUTDOWN_TIMEOUT_MS'));
    expect(shutdownTimeoutMs).toBeGreaterThan(0);
    expect(worker.spec!.template.spec!.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(shutdownTimeoutMs);
  });

  it('points every HPA at an existing worker Deployment, never an API', () => {
    for (const hpa of ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler')) {
      const target = byName<IDeployment>(objects, 'Deployment', hpa.spec!.scaleTargetRef.name);
      expect(target.spec!.template.metadata!.labels!['app.kubernetes.io/component']).toBe('worker');
      expect(hpa.spec!.minReplicas!).toBeLessThanOrEqual(hpa.spec!.maxReplicas);
      // Helm must not reset the replica count the HPA chose on every upgrade.
      expect(target.spec!.replicas).toBeUndefined();
    }
  });

  it('gives every PodDisruptionBudget pods to protect and never forbids eviction outright', () => {
    const deployments = ofKind<IDeployment>(objects, 'Deployment');
    for (const pdb of ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget')) {
      const covered = deployments.filter((d) => selects(pdb.spec!.selector, d.spec!.template.metadata!.labels!));
      expect(covered).toHaveLength(1);
      expect(pdb.spec!.maxUnavailable).toBeDefined();
      expect(pdb.spec!.minAvailable).toBeUndefined();
    }
  });

  it('routes each Service to exactly one Deployment through a named port', () => {
    const deployments = ofKind<IDeployment>(objects, 'Deployment');
    for (const service of ofKind<IService>(objects, 'Service')) {
      const targets = deployments.filter((d) => selects({ matchLabels: service.spec!.selector }, d.spec!.template.metadata!.labels!));
      expect(targets.map((d) => d.metadata.name)).toEqual([service.metadata.name]);
      const portNames = containerOf(targets[0]).ports!.map((p) => p.name);
      for (const port of service.spec!.ports!) expect(portNames).toContain(port.targetPort);
    }
  });
});

describe('autoscaling per environment', () => {
  it('autoscales all six workers by default and in production, none in dev', () => {
    expect(ofKind(render('default'), 'HorizontalPodAutoscaler')).toHaveLength(6);
    expect(ofKind(render('production'), 'HorizontalPodAutoscaler')).toHaveLength(6);
    expect(ofKind(render('dev'), 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  it('lets one service switch autoscaling off (false overrides a default of true)', () => {
    const objects = render('default', ['services.ingestion.worker.autoscaling.enabled=false', 'services.ingestion.worker.replicas=3']);
    const names = ofKind(objects, 'HorizontalPodAutoscaler').map((h) => h.metadata.name);
    expect(names).not.toContain(workloadName('ingestion', 'worker'));
    expect(names).toHaveLength(5);
    expect(byName<IDeployment>(objects, 'Deployment', workloadName('ingestion', 'worker')).spec!.replicas).toBe(3);
  });
});

describe('folder reads (DATA_ROOTS)', () => {
  const FOLDER_READERS = ['ingestion', 'cost-weights', 'deflators'];

  it('are off by default: no service gets DATA_ROOTS or a data volume', () => {
    for (const values of VALUE_SETS) {
      for (const deployment of ofKind<IDeployment>(render(values), 'Deployment')) {
        expect({ name: deployment.metadata.name, dataRoots: envValue(deployment, 'DATA_ROOTS') }).toEqual({ name: deployment.metadata.name, dataRoots: undefined });
        expect(deployment.spec!.template.spec!.volumes!.map((v) => v.name)).toEqual(['tmp']);
      }
    }
  });

  it('with a volume, mount it read-only as the one root of the services that read folders, and of no other', () => {
    const objects = render('default', ['dataRoot.volume.persistentVolumeClaim.claimName=nhsp-data']);
    for (const [service, role] of cases) {
      const deployment = byName<IDeployment>(objects, 'Deployment', workloadName(service, role));
      const reads = FOLDER_READERS.includes(service);
      expect({ service, role, dataRoots: envValue(deployment, 'DATA_ROOTS') }).toEqual({ service, role, dataRoots: reads ? '/data' : undefined });
      const mount = containerOf(deployment).volumeMounts!.find((m) => m.name === 'data');
      expect(mount).toEqual(reads ? { name: 'data', mountPath: '/data', readOnly: true } : undefined);
      const volume = deployment.spec!.template.spec!.volumes!.find((v) => v.name === 'data');
      expect(volume).toEqual(reads ? { name: 'data', persistentVolumeClaim: { claimName: 'nhsp-data' } } : undefined);
    }
  });

  it('refuse the whole file system as the root', () => {
    expect(renderFailure('default', ['dataRoot.mountPath=/'])).toMatch(/dataRoot/);
  });
});

describe('guards that refuse to render', () => {
  it('refuses a worker grace period that does not outlast SHUTDOWN_TIMEOUT_MS', () => {
    const error = renderFailure('default', ['services.deflators.worker.terminationGracePeriodSeconds=25']);
    expect(error).toContain('services.deflators.worker: terminationGracePeriodSeconds (25 s) must exceed shutdownTimeoutMs (25000 ms)');
  });

  it('rejects keys the schema does not know (typos do not pass silently)', () => {
    expect(renderFailure('default', ['worker.replica=2'])).toMatch(/additional properties 'replica' not allowed/);
  });

  it('rejects services the image cannot start', () => {
    expect(renderFailure('default', ['services.billing.api.replicas=1'])).toMatch(/invalid propertyName 'billing'/);
  });
});
