// The Grafana dashboard ships as a ConfigMap the Grafana sidecar picks up, and charts the
// platform's metrics: HTTP latency, job outcomes and durations, queue depth.
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { byName, Manifest, ofKind, render } from './render';

interface Panel {
  id?: number;
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

describe('Grafana dashboard', () => {
  const configMap = byName<IConfigMap>(render('default'), 'ConfigMap', 'nhsp-nhs-productivity-dashboard');
  const dashboard = JSON.parse(configMap.data!['nhs-productivity-overview.json']) as { uid: string; panels: Panel[] };
  const expressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

  it('carries the label the Grafana sidecar watches', () => {
    expect(configMap.metadata.labels?.grafana_dashboard).toBe('1');
  });

  it('charts HTTP latency quantiles from the request duration histogram', () => {
    expect(expressions).toContainEqual(expect.stringMatching(/histogram_quantile\(0\.95, .*http_request_duration_seconds_bucket/));
  });

  it('charts job outcomes by queue, job durations and queue depth by state', () => {
    expect(expressions).toContainEqual(expect.stringMatching(/sum by \(queue, outcome\) \(rate\(nhsp_jobs_total/));
    expect(expressions).toContainEqual(expect.stringMatching(/histogram_quantile\(.*nhsp_job_duration_seconds_bucket/));
    expect(expressions).toContainEqual(expect.stringMatching(/nhsp_queue_jobs\{.*state="waiting"/));
    expect(expressions).toContainEqual(expect.stringMatching(/by \(queue, state\) \(nhsp_queue_jobs/));
  });

  it('charts the share of publication reads answered from memory (quick reads)', () => {
    expect(expressions).toContainEqual(expect.stringMatching(/rate\(http_quick_answers_total.*\/ sum\(rate\(http_request_duration_seconds_count\{.*nhs_productivity_service="publication"/));
  });

  it('has unique panel ids and a query on every non-row panel', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) expect(panel.targets?.length).toBeGreaterThan(0);
  });
});

describe('ServiceMonitor', () => {
  it('is off by default and scrapes API and worker ports in production', () => {
    expect(ofKind(render('default'), 'ServiceMonitor')).toEqual([]);
    const [monitor] = ofKind<Manifest & { spec: { endpoints: Array<{ port: string; path: string }> } }>(render('production'), 'ServiceMonitor');
    expect(monitor.spec.endpoints.map((e) => [e.port, e.path])).toEqual([
      ['http', '/metrics'],
      ['metrics', '/metrics'],
    ]);
    expect(monitor.metadata.labels?.release).toBe('kube-prometheus-stack');
  });
});
