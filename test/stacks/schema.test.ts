/**
 * Every object of every environment and cluster of the reference platform validates, strictly (unknown fields
 * refused), against the Kubernetes API of its cluster's version as the resolved model states it, and every custom
 * resource against its CRD (the shipped Cluster API and Gateway API CRDs, and the ExternalSecret CRD of the tests).
 */
import { PlatformCharts } from '../../lib';
import { appRoutes } from '../../lib/app/app-routes';
import { SchemaValidator } from '../../lib/guardrails/schema/schema-validator';
import { EXTERNAL_SECRET_CRD } from '../guardrails/crds';
import { objectKey, referenceOutputs } from '../util';

const schemas = new SchemaValidator([EXTERNAL_SECRET_CRD]);

const { charts } = referenceOutputs();
const outputs = [
  ...charts.environments.map((o) => ({
    name: `environment ${o.environment.name}`, version: o.environment.cluster.kubernetesVersion, objects: PlatformCharts.manifestsOf(o.app),
  })),
  ...charts.clusters.map((o) => ({ name: `cluster ${o.cluster.name}`, version: o.cluster.kubernetesVersion, objects: PlatformCharts.manifestsOf(o.app) })),
];

describe.each(outputs)('$name (Kubernetes $version)', ({ objects, version }) => {
  test('has objects to validate', () => {
    expect(objects.length).toBeGreaterThan(5);
  });

  test.each(objects.map((o) => [objectKey(o), o]))('%s validates against the schema of its cluster\'s Kubernetes version', (_key, object) => {
    expect(schemas.knows(object, version)).toBe(true);
    expect(schemas.validate(object, version)).toEqual([]);
  });

});

const isGatewayApi = (o: any) => o.apiVersion === 'gateway.networking.k8s.io/v1';

test('the Gateway API check is live: a route whose parent port is not a number is refused by the HTTPRoute CRD', () => {
  const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'x', namespace: 'dev' },
    spec: { parentRefs: [{ name: 'platform', port: 'https' }] } };
  expect(schemas.validate(route, outputs[0].version).join('\n')).toMatch(/port/);
});

test('the reference platform routes through the Gateway API: a Gateway per cluster with its HTTP redirect route, an HTTPRoute per published host', () => {
  const found = outputs.map((o) => [o.name, o.objects.filter(isGatewayApi).map((x: any) => x.kind).sort()]);
  expect(found).toEqual([
    ...charts.environments.map((o) => [`environment ${o.environment.name}`, o.environment.apps.flatMap(appRoutes).map(() => 'HTTPRoute')]),
    ...charts.clusters.map((o) => [`cluster ${o.cluster.name}`, ['Gateway', 'HTTPRoute']]),
  ]);
  // The reference's own: web published in each environment, and production's blue-green preview host besides.
  const named = ['environment dev', 'environment qa', 'environment staging', 'environment production', 'cluster nonprod', 'cluster prod'];
  expect(named.map((name) => found.find(([n]) => n === name))).toEqual([
    ['environment dev', ['HTTPRoute']],
    ['environment qa', ['HTTPRoute']],
    ['environment staging', ['HTTPRoute']],
    ['environment production', ['HTTPRoute', 'HTTPRoute']],
    ['cluster nonprod', ['Gateway', 'HTTPRoute']],
    ['cluster prod', ['Gateway', 'HTTPRoute']],
  ]);
});

test('every object is checked against a shipped minor: its cluster\'s own, or the nearest', () => {
  const minors = outputs.map((o) => SchemaValidator.schemaMinorFor(o.version));
  expect(minors.filter((m) => !SchemaValidator.kubernetesMinors.includes(m))).toEqual([]);
});

test('fails when an object breaks the schema (the check is live)', () => {
  const version = outputs[0].version;
  const broken = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, policyType: ['Ingress'] } };
  expect(schemas.validate(broken, version)).toEqual(['spec has unknown field "policyType"']);
});
