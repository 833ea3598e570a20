import { Testing } from 'cdk8s';
import { ReleaseStrategy } from '../../lib/app/app-types';
import { TaintEffect } from '../../lib/cluster/cluster-types';
import { Environment } from '../../lib/environment/environment-model';
import { AppChart } from '../../lib/environment/app-chart';
import { appPlatform, resolvedEnvironment, webApp } from '../app/fixtures';
import { Loose, withCluster } from '../platform/fixtures';
import { findObject, ofKind, valuesOf } from '../builders';

const ENVIRONMENT_LABEL = 'platform.example.com/environment';
const CLUSTER_LABEL = 'platform.example.com/cluster';
const POOL_SELECTOR = { 'platform.example.com/pool': 'general' };
const POOL_TOLERATIONS = [{ key: 'dedicated', operator: 'Equal', value: 'general', effect: 'NoSchedule' }];
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'];

/**
 * Environment `dev` pinned to pool `general` (tainted) of cluster `nonprod`, whose ingress controller is traefik, running
 * `web` (with `patch`) and a canary `api`.
 */
function devEnvironment(patch: Loose = {}, envPatch: Loose = { nodePool: 'general' }): Environment {
  const definition = appPlatform([
    webApp({ ingress: { port: 'http', host: 'shop.dev.example.com' }, ...patch }),
    webApp({ name: 'api', replicas: 4, strategy: ReleaseStrategy.canary({ weight: 25, canary: { version: '2.0.0' } }) }),
  ], { dev: envPatch });
  return resolvedEnvironment(withCluster('nonprod', {
    nodePools: [{ name: 'general', taints: [{ key: 'dedicated', value: 'general', effect: TaintEffect.NO_SCHEDULE }] }],
    ingress: { className: 'traefik', namespace: 'traefik' },
  }, definition));
}

function chartOf(environment: Environment, name = 'web'): AppChart {
  const app = environment.apps.find((a) => a.name === name)!;
  return new AppChart(Testing.app(), `app-${name}`, { environment, app });
}

describe('AppChart', () => {
  const environment = devEnvironment();
  const chart = chartOf(environment);
  const objects = chart.toJson();

  test('holds the app\'s objects, each labelled with the environment and the cluster, each in the environment\'s namespace', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/web', 'Deployment/web', 'PodDisruptionBudget/web', 'Service/web', 'Ingress/web', 'NetworkPolicy/app-web-ingress',
    ]);
    for (const object of objects) {
      expect([object.kind, object.metadata.labels?.[ENVIRONMENT_LABEL], object.metadata.labels?.[CLUSTER_LABEL], object.metadata.namespace])
        .toEqual([object.kind, 'dev', 'nonprod', 'dev']);
    }
    expect(chart.node.validate()).toEqual([]);
    expect(chart.application.app).toBe(environment.apps[0]);
  });

  test('places the app\'s workloads on the environment\'s node pool, and nothing else', () => {
    const pod = findObject(objects, 'Deployment', 'web').spec.template.spec;

    expect([pod.nodeSelector, pod.tolerations]).toEqual([POOL_SELECTOR, POOL_TOLERATIONS]);
    expect(valuesOf(objects.filter((o) => !WORKLOAD_KINDS.includes(o.kind)), 'nodeSelector')).toEqual([]);
    expect(chart.placement?.nodeSelector).toEqual(POOL_SELECTOR);
  });

  test('places every workload of a release with several tracks', () => {
    const workloads = ofKind(chartOf(environment, 'api').toJson(), 'Deployment');

    expect(workloads.map((w) => [w.metadata.name, w.spec.template.spec.nodeSelector, w.spec.template.spec.tolerations])).toEqual([
      ['api', POOL_SELECTOR, POOL_TOLERATIONS], ['api-canary', POOL_SELECTOR, POOL_TOLERATIONS],
    ]);
  });

  test('places a StatefulSet too', () => {
    const stateful = chartOf(devEnvironment({ storage: { size: '1Gi', mountPath: '/data' } }));

    expect(findObject(stateful.toJson(), 'StatefulSet', 'web').spec.template.spec.nodeSelector).toEqual(POOL_SELECTOR);
  });

  test('adds no placement where the environment has no pool', () => {
    const unpinned = chartOf(devEnvironment({}, {}));

    expect(unpinned.placement).toBeUndefined();
    expect(findObject(unpinned.toJson(), 'Deployment', 'web').spec.template.spec).not.toHaveProperty('nodeSelector');
  });

  test('uses the cluster\'s ingress class and opens the published port to the cluster\'s ingress controller namespace', () => {
    expect(findObject(objects, 'Ingress', 'web').spec.ingressClassName).toBe('traefik');
    expect(findObject(objects, 'NetworkPolicy', 'app-web-ingress').spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
  });

  test('spreads over zones best effort outside protected environments, and strictly in them', () => {
    const zoneSpread = (env: Environment) => findObject(chartOf(env).toJson(), 'Deployment', 'web').spec.template.spec.topologySpreadConstraints[0];
    const production = resolvedEnvironment(appPlatform([webApp({ replicas: 2 })], { production: {} }), 'production');

    expect(zoneSpread(environment).whenUnsatisfiable).toBe('ScheduleAnyway');
    expect(zoneSpread(production)).toEqual({
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 1,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'platform.example.com/track': 'stable' } },
      matchLabelKeys: ['pod-template-hash'],
    });
  });

  test('every object validates against the Kubernetes schema, placement included', () => {
    for (const object of [...objects, ...chartOf(environment, 'api').toJson()]) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Model = require(`kubernetes-models/${object.apiVersion}`)[object.kind];
      expect(() => new Model(object).validate()).not.toThrow();
    }
  });
});

test('where the cluster runs the Prometheus Operator, apps get a ServiceMonitor, and its namespace is admitted to the metrics port', () => {
  const definition = appPlatform([webApp({ ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }], metrics: { port: 'metrics' } })]);
  const environment = resolvedEnvironment(withCluster('nonprod', { monitoring: { namespace: 'observability', prometheusOperator: true } }, definition));
  const objects = chartOf(environment).toJson();

  expect(findObject(objects, 'ServiceMonitor', 'web').spec).toEqual({
    selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    endpoints: [{ port: 'metrics', path: '/metrics' }],
  });
  expect(findObject(objects, 'Deployment', 'web').spec.template.metadata.annotations).toBeUndefined();
  expect(findObject(objects, 'NetworkPolicy', 'app-web-ingress').spec.ingress).toContainEqual({
    from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }],
    ports: [{ port: 9090, protocol: 'TCP' }],
  });
});

