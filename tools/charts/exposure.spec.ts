// Only the publication API is reachable from outside the namespace: through the public Ingress
// (public paths only) and a NetworkPolicy that admits the ingress controller to it alone.
// Everything else is denied by default, except metrics scraping from the monitoring namespace
// and API calls between pods of the release.
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { Manifest, ofKind, podTemplates, render, renderFailure, selects, VALUE_SETS, workloadName } from './render';

type PeerClass = 'monitoring' | 'release' | 'outside';

function classify(peer: INetworkPolicyPeer): PeerClass {
  const namespaceLabels = peer.namespaceSelector?.matchLabels;
  if (peer.namespaceSelector && !peer.podSelector && !peer.ipBlock && Object.keys(namespaceLabels ?? {}).length === 1 && namespaceLabels?.['kubernetes.io/metadata.name'] === 'monitoring') {
    return 'monitoring';
  }
  if (peer.podSelector && !peer.namespaceSelector && !peer.ipBlock && peer.podSelector.matchLabels?.['app.kubernetes.io/instance'] === 'nhsp') {
    return 'release';
  }
  return 'outside';
}

/** For one pod: which kinds of sources may reach which ports, under every policy selecting it. */
function admittedSources(objects: Manifest[], labels: Record<string, string>): Array<{ source: PeerClass; ports: string[] }> {
  const admitted: Array<{ source: PeerClass; ports: string[] }> = [];
  for (const policy of ofKind<INetworkPolicy>(objects, 'NetworkPolicy')) {
    if (!selects(policy.spec!.podSelector, labels)) continue;
    for (const rule of policy.spec!.ingress ?? []) {
      const ports = (rule.ports ?? [{ port: '*' }]).map((p) => String(p.port ?? '*'));
      const peers = rule.from?.length ? rule.from : [{}]; // no `from`: every source
      for (const peer of peers) admitted.push({ source: classify(peer), ports });
    }
  }
  return admitted;
}

const isPublicationApi = (labels: Record<string, string>) =>
  labels['nhs-productivity/service'] === 'publication' && labels['app.kubernetes.io/component'] === 'api';

describe.each(VALUE_SETS)('network exposure with %s values', (values) => {
  const objects = render(values);
  const pods = podTemplates(objects);

  it('denies ingress by default to every pod of the release', () => {
    const denyAll = ofKind<INetworkPolicy>(objects, 'NetworkPolicy').filter(
      (p) => p.spec!.policyTypes?.includes('Ingress') && (p.spec!.ingress ?? []).length === 0,
    );
    expect(denyAll).toHaveLength(1);
    for (const pod of pods) expect(selects(denyAll[0].spec!.podSelector, pod.labels)).toBe(true);
  });

  it('admits sources from outside the namespace to the publication API only, on its HTTP port', () => {
    const exposed = pods.filter((pod) => admittedSources(objects, pod.labels).some((a) => a.source === 'outside'));
    expect(exposed.map((p) => p.owner)).toEqual([`Deployment/${workloadName('publication', 'api')}`]);
    const outside = admittedSources(objects, exposed[0].labels).filter((a) => a.source === 'outside');
    for (const rule of outside) expect(rule.ports).toEqual(['http']);
    expect(isPublicationApi(exposed[0].labels)).toBe(true);
  });

  it('lets the monitoring namespace reach metrics ports only, and workers accept nothing else', () => {
    for (const pod of pods.filter((p) => p.owner.startsWith('Deployment/'))) {
      const admitted = admittedSources(objects, pod.labels);
      const monitoringPorts = admitted.filter((a) => a.source === 'monitoring').flatMap((a) => a.ports);
      expect(monitoringPorts).toEqual(expect.arrayContaining([pod.labels['app.kubernetes.io/component'] === 'api' ? 'http' : 'metrics']));
      for (const port of monitoringPorts) expect(['http', 'metrics']).toContain(port);
      if (pod.labels['app.kubernetes.io/component'] === 'worker') {
        expect(admitted.filter((a) => a.source !== 'monitoring')).toEqual([]);
      }
    }
  });

  it('has the exposed publication API believe the ingress controller\'s X-Forwarded-For (per-caller rate limit), and nothing else', () => {
    const trustProxy = (pod: (typeof pods)[number]) => pod.spec.containers[0].env?.find((e) => e.name === 'TRUST_PROXY')?.value;
    for (const pod of pods) expect({ owner: pod.owner, trust: trustProxy(pod) }).toEqual({ owner: pod.owner, trust: isPublicationApi(pod.labels) ? 'uniquelocal' : undefined });
  });

  it('routes the public Ingress to the publication API alone, on public paths', () => {
    const ingresses = ofKind<IIngress>(objects, 'Ingress');
    expect(ingresses.map((i) => i.metadata.name)).toEqual(['nhsp-nhs-productivity-public']);
    const paths = ingresses[0].spec!.rules!.flatMap((rule) => rule.http!.paths);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path.backend.service).toEqual({ name: workloadName('publication', 'api'), port: { name: 'http' } });
      expect(path.path).not.toMatch(/^\/?$|^\/(admin|ops|metrics|health)/);
    }
  });
});

describe('ingress options', () => {
  it('serves production over TLS', () => {
    const [ingress] = ofKind<IIngress>(render('production'), 'Ingress');
    expect(ingress.spec!.tls?.[0].hosts).toEqual(ingress.spec!.rules!.map((r) => r.host));
  });

  it('refuses to publish operational paths on the public Ingress', () => {
    for (const path of ['/admin/queues', '/ops', '/metrics', '/health', '/']) {
      expect(renderFailure('default', [`ingress.paths={/v1,${path}}`])).toContain('would expose operational endpoints publicly');
    }
  });

  it('renders the admin Ingress only when enabled, and opens the network path to its targets only', () => {
    const objects = render('default', [
      'adminIngress.enabled=true',
      'adminIngress.paths[0].path=/admin/queues',
      'adminIngress.paths[0].service=publication',
      'adminIngress.paths[1].path=/ops',
      'adminIngress.paths[1].service=productivity',
    ]);
    const admin = ofKind<IIngress>(objects, 'Ingress').find((i) => i.metadata.name.endsWith('-admin'))!;
    const backends = admin.spec!.rules![0].http!.paths.map((p) => [p.path, p.backend.service!.name]);
    expect(backends).toEqual([
      ['/admin/queues', workloadName('publication', 'api')],
      ['/ops', workloadName('productivity', 'api')],
    ]);
    const exposed = podTemplates(objects)
      .filter((pod) => admittedSources(objects, pod.labels).some((a) => a.source === 'outside'))
      .map((pod) => pod.owner);
    expect(exposed.sort()).toEqual([`Deployment/${workloadName('productivity', 'api')}`, `Deployment/${workloadName('publication', 'api')}`]);
  });

  it('has no admin Ingress by default', () => {
    for (const values of VALUE_SETS) {
      expect(ofKind<IIngress>(render(values), 'Ingress').map((i) => i.metadata.name)).not.toContainEqual(expect.stringMatching(/-admin$/));
    }
  });
});
