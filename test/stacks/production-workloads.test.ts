/**
 * The applications issue's contract, checked over production's rendered objects as a whole: every workload is
 * replicated, budgeted, spread, sized, probed, hardened and pinned; every Service selects pods that exist; every
 * host is routed to a Service that exists; blue-green (with its preview route) and canary are both exercised.
 */
import { PlatformCharts } from '../../lib';
import { referenceOutputs } from '../util';

const { charts } = referenceOutputs();
const objects = PlatformCharts.manifestsOf(charts.environment('production').app);
const of = (kind: string) => objects.filter((o) => o.kind === kind);
const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);

test('production runs the four reference apps, and a workload for every app it runs', () => {
  const appOf = (w: any) => w.spec.template.metadata.labels['app.kubernetes.io/name'];
  expect(workloads.filter((w) => ['web', 'api', 'worker', 'store'].includes(appOf(w))).map((w) => `${w.kind}/${w.metadata.name}`)).toEqual([
    'Deployment/web-blue', 'Deployment/web-green', 'Deployment/api', 'Deployment/api-canary', 'Deployment/worker', 'StatefulSet/store',
  ]);
  expect([...new Set(workloads.map(appOf))]).toEqual(charts.environment('production').environment.apps.map((a) => a.name));
});

describe.each(workloads.map((w) => [`${w.kind}/${w.metadata.name}`, w]))('%s', (_name, workload) => {
  const pod = workload.spec.template;
  const autoscaler = of('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === workload.metadata.name);

  test('runs at least two replicas, or an autoscaler with a minimum of at least two and no fixed replicas', () => {
    const replicas = autoscaler ? autoscaler.spec.minReplicas : workload.spec.replicas;
    expect(replicas).toBeGreaterThanOrEqual(2);
    // An autoscaled workload leaves spec.replicas to its autoscaler, or every apply would fight it.
    expect({ autoscaled: autoscaler !== undefined, fixed: workload.spec.replicas !== undefined }).toEqual({
      autoscaled: autoscaler !== undefined, fixed: autoscaler === undefined,
    });
  });

  test('has a disruption budget that selects its pods and allows eviction', () => {
    const budgets = of('PodDisruptionBudget').filter((b) => matches(b.spec.selector.matchLabels, pod.metadata.labels));
    expect(budgets).toHaveLength(1);
    expect(budgets[0].spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    expect(budgets[0].spec.minAvailable).toBeUndefined();
  });

  test('spreads over zones (strictly) and hosts', () => {
    expect(pod.spec.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['topology.kubernetes.io/zone', 'DoNotSchedule'],
      ['kubernetes.io/hostname', 'ScheduleAnyway'],
    ]);
  });

  test('sizes, probes, hardens and pins every container', () => {
    for (const container of pod.spec.containers) {
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
      expect(container.readinessProbe).toBeDefined();
      expect(container.livenessProbe).toBeDefined();
      expect(container.livenessProbe).not.toEqual(container.readinessProbe);
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
      });
      expect(container.image).toMatch(/^[^@:]+(:(?!latest$)[\w.-]+|@sha256:[a-f0-9]{64})$/);
    }
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.nodeSelector).toEqual({ 'platform.example.com/pool': 'production' });
  });
});

test('every Service selects pods that exist', () => {
  for (const service of of('Service')) {
    const selected = workloads.filter((w) => matches(service.spec.selector, w.spec.template.metadata.labels));
    expect([service.metadata.name, selected.length > 0]).toEqual([service.metadata.name, true]);
  }
});

test('every host is routed by an HTTPRoute to a Service of the output, on a port it has; no Ingress', () => {
  expect(of('Ingress')).toEqual([]);
  expect(of('HTTPRoute').length).toBeGreaterThan(0);
  for (const route of of('HTTPRoute')) {
    for (const ref of route.spec.rules.flatMap((r: any) => r.backendRefs)) {
      const service = of('Service').find((s) => s.metadata.name === ref.name);
      expect(service.spec.ports.map((p: any) => p.port)).toContain(ref.port);
    }
  }
});

test('blue-green: web serves from blue, and web-preview reaches green, on the preview host', () => {
  const selectors = Object.fromEntries(of('Service').map((s) => [s.metadata.name, s.spec.selector]));
  expect(selectors.web).toEqual({ 'app.kubernetes.io/name': 'web', 'platform.example.com/track': 'blue' });
  expect(selectors['web-preview']).toEqual({ 'app.kubernetes.io/name': 'web', 'platform.example.com/track': 'green' });
  const routes = Object.fromEntries(of('HTTPRoute').map((r) => [r.metadata.name, [r.spec.hostnames, r.spec.rules[0].backendRefs[0].name]]));
  const web = charts.environment('production').environment.apps.find((a) => a.name === 'web')!;
  expect(routes).toEqual({ 'web': [[web.ingress!.host], 'web'], 'web-preview': [[web.ingress!.previewHost], 'web-preview'] });
});

test('canary: api and api-canary behind one Service, 2 canary pods for a 20% weight over a minimum of 10', () => {
  const canary = workloads.find((w) => w.metadata.name === 'api-canary');
  expect(canary.spec.replicas).toBe(2);
  expect(canary.metadata.annotations).toEqual({ 'platform.example.com/canary-effective-weight': '20%' });
  expect(of('HorizontalPodAutoscaler').find((h) => h.metadata.name === 'api').spec).toMatchObject({ minReplicas: 8, maxReplicas: 28 });
  expect(of('Service').find((s) => s.metadata.name === 'api').spec.selector).toEqual({ 'app.kubernetes.io/name': 'api' });
});

test('no secret value appears in the manifests: only references', () => {
  expect(of('Secret')).toEqual([]);
  const env = workloads.flatMap((w) => w.spec.template.spec.containers.flatMap((c: any) => c.env ?? []));
  expect(env.filter((e: any) => /PASSWORD|TOKEN|SECRET/.test(e.name)).every((e: any) => e.value === undefined && e.valueFrom.secretKeyRef)).toBe(true);
});
