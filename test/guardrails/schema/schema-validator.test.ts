/** Schema validation: Kubernetes kinds through kubernetes-models, custom resources through their CRDs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { SchemaValidator } from '../_lib';
import { deployment, goodShop } from '../fixtures';

/** A small CRD: a namespaced Widget with a typed spec, one served version v1 and one not served. */
const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [
      {
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: {
          type: 'object',
          properties: {
            apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
            spec: {
              type: 'object',
              required: ['size'],
              properties: {
                size: { type: 'integer', minimum: 1 },
                color: { type: 'string', enum: ['red', 'blue'] },
                port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        } },
      },
      { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
};

const widget = (spec: any, apiVersion = 'example.com/v1') => ({ apiVersion, kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec });

describe('Kubernetes kinds', () => {
  const schemas = new SchemaValidator();

  test('validate every object of the hardened shop', () => {
    expect(goodShop().map((o) => schemas.validate(o)).flat()).toEqual([]);
    expect(goodShop().every((o) => schemas.knows(o))).toBe(true);
  });

  test('fails with the API server\'s complaints: types, required fields, enums, and a missing name', () => {
    const broken = { ...deployment(), metadata: { namespace: 'shop' } };
    broken.spec = { ...broken.spec, replicas: -1 as any, strategy: { type: 'Sideways' } };
    expect(schemas.validate(broken)).toEqual(['metadata.name is required', 'spec.strategy.type must be one of "Recreate", "RollingUpdate"']);
    expect(schemas.validate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: '80' }] } }))
      .toEqual(['spec.ports[0].port must be integer']);
  });

  test('know nothing of kinds outside the API, nor of malformed API versions', () => {
    expect(schemas.knows(widget({ size: 1 }))).toBe(false);
    expect(schemas.validate({ apiVersion: 'v1', kind: 'Deploymnt', metadata: { name: 'x' } }))
      .toEqual(['no schema is known for v1 Deploymnt: it is not a Kubernetes kind, and no CustomResourceDefinition given declares it']);
    expect(schemas.validate({ apiVersion: 'apps/v1', metadata: { name: 'x' } })).toEqual(['kind is undefined; expected a kind such as "Deployment"']);
  });
});

describe('custom resources', () => {
  const schemas = new SchemaValidator([WIDGET_CRD]);

  test('validate against the served version of their CRD', () => {
    expect(schemas.knows(widget({ size: 1 }))).toBe(true);
    expect(schemas.validate(widget({ size: 2, color: 'red', port: 'http', extra: { anything: [1, 2] } }))).toEqual([]);
    expect(schemas.knows(widget({ size: 1 }, 'example.com/v0'))).toBe(false);
  });

  test('fail on wrong types, bounds, enums, missing and unknown fields (kubectl refuses unknown fields since 1.27)', () => {
    expect(schemas.validate(widget({ size: 0, color: 'green', colour: 'red' }))).toEqual([
      'spec has unknown field "colour"',
      'spec.size must be >= 1',
      'spec.color must be one of "red", "blue"',
    ]);
    expect(schemas.validate({ ...widget({}), metadata: {} })).toEqual(['metadata.name is required', 'spec.size is required']);
  });

  test('report the scope their CRDs declare', () => {
    const cluster = { ...WIDGET_CRD, spec: { ...WIDGET_CRD.spec, scope: 'Cluster' } };
    expect(new SchemaValidator([cluster]).clusterScopedKinds).toEqual(['Widget']);
    expect(schemas.clusterScopedKinds).toEqual([]);
  });

  test('fails when an object given as CRD is not one', () => {
    expect(() => new SchemaValidator([deployment()])).toThrow(
      'expected CustomResourceDefinition objects of apiextensions.k8s.io/v1; got apps/v1 Deployment "web"');
  });
});

const CLUSTER_API = path.resolve(__dirname, '../../../../shared/crds/cluster-api/cluster.x-k8s.io_clusters.yaml');
const withClusterApi = fs.existsSync(CLUSTER_API) ? describe : describe.skip;

withClusterApi('the Cluster API CRDs (../shared/crds/cluster-api)', () => {
  // Read in beforeAll: a skipped describe still runs its body, and the file is absent where ../shared is.
  let schemas: SchemaValidator;
  beforeAll(() => {
    schemas = new SchemaValidator([parse(fs.readFileSync(CLUSTER_API, 'utf8'))]);
  });
  const cluster = (spec: any) => ({ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster', metadata: { name: 'prod', namespace: 'clusters' }, spec });

  test('validate a Cluster', () => {
    expect(schemas.validate(cluster({
      clusterNetwork: { pods: { cidrBlocks: ['10.244.0.0/16'] }, services: { cidrBlocks: ['10.96.0.0/12'] } },
      controlPlaneRef: { apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'KubeadmControlPlane', name: 'prod-control-plane' },
      infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'DockerCluster', name: 'prod' },
    }))).toEqual([]);
  });

  test('fail a Cluster with a v1beta1 reference and a misspelt field', () => {
    expect(schemas.validate(cluster({
      clusterNetwork: { pods: { cidrBlocks: ['10.244.0.0/16'] } },
      controlPlaneRef: { apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2', kind: 'KubeadmControlPlane', name: 'prod-control-plane' },
      pausd: true,
    }))).toEqual([
      'spec has unknown field "pausd"',
      'spec.controlPlaneRef.apiGroup is required',
      'spec.controlPlaneRef has unknown field "apiVersion"',
    ]);
  });
});
