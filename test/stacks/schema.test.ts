/**
 * Every object of every environment and cluster of the reference platform validates against the Kubernetes OpenAPI
 * schema (kubernetes-models, generated from the upstream OpenAPI definitions), and its Gateway API objects against
 * the Gateway API CRDs the platform carries (imports/gateway-api-crds.ts, generated from the v1.6.1 CRDs).
 */
import { PlatformCharts } from '../../lib';
import { PLATFORM_CRDS } from '../../lib/platform/check-platform';
import { SchemaValidator } from '../../lib/guardrails/schema/schema-validator';
import { objectKey, referenceOutputs } from '../util';

function modelFor(apiVersion: string, kind: string): new (data: any) => { validate(): void } {
  // kubernetes-models is laid out by API version: 'kubernetes-models/v1', 'kubernetes-models/networking.k8s.io/v1', …
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const group = require(`kubernetes-models/${apiVersion}`);
  if (!group[kind]) {
    throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
  }
  return group[kind];
}

/**
 * Custom resources of operators the platform relies on (External Secrets, Prometheus Operator): kubernetes-models has
 * no schema for them and their CRDs are not vendored here, so they are checked field by field in the app tests.
 */
const CUSTOM_RESOURCES = ['external-secrets.io/v1/ExternalSecret', 'monitoring.coreos.com/v1/ServiceMonitor'];
const isCustom = (o: any) => CUSTOM_RESOURCES.includes(`${o.apiVersion}/${o.kind}`);
const isGatewayApi = (o: any) => o.apiVersion === 'gateway.networking.k8s.io/v1';
const gatewayApi = new SchemaValidator(PLATFORM_CRDS);

const { charts } = referenceOutputs();
const outputs = [
  ...charts.environments.map((o) => ({ name: `environment ${o.environment.name}`, objects: PlatformCharts.manifestsOf(o.app) })),
  ...charts.clusters.map((o) => ({ name: `cluster ${o.cluster.name}`, objects: PlatformCharts.manifestsOf(o.app) })),
];

describe.each(outputs)('$name', ({ objects }) => {
  test('has objects to validate', () => {
    expect(objects.length).toBeGreaterThan(5);
  });

  test.each(objects.filter((o) => !isCustom(o) && !isGatewayApi(o)).map((o) => [objectKey(o), o]))('%s validates against the Kubernetes schema', (_key, object) => {
    const Model = modelFor(object.apiVersion, object.kind);
    expect(() => new Model(object).validate()).not.toThrow();
  });

  const routing = objects.filter(isGatewayApi).map((o) => [objectKey(o), o]);
  (routing.length > 0 ? test.each(routing) : test.skip.each([['none', {}]]))('%s validates against its Gateway API CRD', (_key, object) => {
    expect(gatewayApi.validate(object)).toEqual([]);
  });
});

test('the Gateway API check is live: a route without parent listener port type is refused', () => {
  const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'x', namespace: 'dev' },
    spec: { parentRefs: [{ name: 'platform', port: 'https' }] } };
  expect(gatewayApi.validate(route).join('\n')).toMatch(/port/);
});

test('the reference platform routes through the Gateway API: a Gateway per cluster, an HTTPRoute per published host', () => {
  expect(outputs.map((o) => [o.name, o.objects.filter(isGatewayApi).map((x: any) => x.kind).sort()])).toEqual([
    ['environment dev', ['HTTPRoute']],
    ['environment qa', ['HTTPRoute']],
    ['environment staging', ['HTTPRoute']],
    ['environment production', ['HTTPRoute', 'HTTPRoute']],
    ['cluster nonprod', ['Gateway']],
    ['cluster prod', ['Gateway']],
  ]);
});

test('the reference platform renders no custom resource, so every object is checked here', () => {
  expect(outputs.flatMap((o) => o.objects).filter(isCustom)).toEqual([]);
});

test('fails when an object breaks the schema (the check is live)', () => {
  const Model = modelFor('networking.k8s.io/v1', 'NetworkPolicy');
  const broken = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, policyTypes: ['Sideways'] } };
  expect(() => new Model(broken).validate()).toThrow(/policyTypes\/0 must be equal to one of the allowed values/);
});
