// Every pod the chart creates runs hardened: non-root, read-only root filesystem, no
// capabilities, no privilege escalation, RuntimeDefault seccomp, no service-account token,
// and a writable /tmp from an emptyDir.
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ofKind, podTemplates, render, VALUE_SETS } from './render';

describe.each(VALUE_SETS)('pod security with %s values', (values) => {
  const objects = render(values);
  const pods = podTemplates(objects);

  it('renders the twelve Deployments and the migration Job', () => {
    expect(pods.map((p) => p.owner.split('/')[0]).sort()).toEqual([...Array(12).fill('Deployment'), 'Job']);
  });

  it.each(pods.map((p) => [p.owner, p]))('%s runs as the non-root image user with RuntimeDefault seccomp', (_owner, pod) => {
    expect(pod.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.hostNetwork ?? false).toBe(false);
    expect(pod.spec.hostPID ?? false).toBe(false);
  });

  it.each(pods.map((p) => [p.owner, p]))('%s containers: read-only root, no escalation, all capabilities dropped', (_owner, pod) => {
    expect(pod.spec.containers.length).toBeGreaterThan(0);
    for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext!.capabilities!.add ?? []).toEqual([]);
    }
  });

  it.each(pods.map((p) => [p.owner, p]))('%s mounts an emptyDir at /tmp with a size limit', (_owner, pod) => {
    const tmpMount = pod.spec.containers[0].volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(tmpMount).toBeDefined();
    const volume = pod.spec.volumes?.find((v) => v.name === tmpMount!.name);
    expect(volume?.emptyDir?.sizeLimit).toMatch(/^\d+(Mi|Gi)$/);
  });

  it('creates ServiceAccounts that do not mount API tokens, and binds no RBAC', () => {
    const accounts = ofKind<IServiceAccount>(objects, 'ServiceAccount');
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) expect(account.automountServiceAccountToken).toBe(false);
    const rbac = objects.filter((o) => o.apiVersion.startsWith('rbac.authorization.k8s.io/'));
    expect(rbac).toEqual([]);
  });
});
