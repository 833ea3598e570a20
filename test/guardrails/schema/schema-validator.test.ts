/** Schema validation: Kubernetes kinds against the API of a Kubernetes minor, custom resources against their CRDs; strict. */
import { SchemaValidator } from '../_lib';
import { changed, deployment, goodShop, pdb } from '../fixtures';

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

  test.each(SchemaValidator.kubernetesMinors.map((m) => [`v1.${m}.0`]))('validate every object of the hardened shop on %s', (version) => {
    expect(goodShop().map((o) => schemas.validate(o, version)).flat()).toEqual([]);
    expect(goodShop().every((o) => schemas.knows(o, version))).toBe(true);
  });

  test('fails with the API server\'s complaints: types, required fields, and a missing name', () => {
    const broken = { ...deployment(), metadata: { namespace: 'shop' } };
    broken.spec = { ...broken.spec, replicas: 'two' as any };
    expect(schemas.validate(broken, 'v1.33.0')).toEqual(['metadata.name is required', 'spec.replicas must be integer']);
    expect(schemas.validate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: '80' }] } }, 'v1.33.0'))
      .toEqual(['spec.ports[0].port must be integer']);
  });

  test('fails when a field is misspelt or unknown (strict, as kubeconform -strict), in the spec and in metadata', () => {
    const broken = changed(deployment(), (d) => {
      d.spec.replica = 2;
      d.spec.template.spec.containers[0].imagePullPolicy = 'Always';
      d.spec.template.spec.containers[0].imagePulPolicy = 'Always';
      d.metadata.label = { app: 'web' };
    });
    expect(schemas.validate(broken, 'v1.33.0')).toEqual([
      'metadata has unknown field "label"',
      'spec has unknown field "replica"',
      'spec.template.spec.containers[0] has unknown field "imagePulPolicy"',
    ]);
  });

  test('accept maps, int-or-string and quantities as the API does', () => {
    const ok = changed(deployment(), (d) => {
      d.metadata.annotations = { 'example.com/any-key': 'v' };
      d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } };
      d.spec.template.spec.containers[0].resources = { requests: { cpu: '100m', memory: 128 } };
    });
    expect(schemas.validate(ok, 'v1.33.0')).toEqual([]);
  });

  test('fails when a PodDisruptionBudget uses policy/v1beta1 on 1.33', () => {
    const legacy = { ...pdb(), apiVersion: 'policy/v1beta1' };
    expect(schemas.knows(legacy, 'v1.33.0')).toBe(true);
    expect(schemas.validate(legacy, 'v1.33.0')).toEqual(['policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.33; use policy/v1']);
  });

  test.each([
    ['extensions/v1beta1', 'Ingress', 'networking.k8s.io/v1'],
    ['apps/v1beta2', 'Deployment', 'apps/v1'],
    ['batch/v1beta1', 'CronJob', 'batch/v1'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'autoscaling/v2'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1'],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', 'storage.k8s.io/v1'],
  ])('fails when an object uses the removed %s %s, naming %s', (apiVersion, kind, replacement) => {
    expect(schemas.validate({ apiVersion, kind, metadata: { name: 'x' } }, 'v1.36.0'))
      .toEqual([`${apiVersion} ${kind} is not served by Kubernetes 1.36; use ${replacement}`]);
  });

  test('fails when a PodSecurityPolicy is rendered: there is no replacement API', () => {
    expect(schemas.validate({ apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'x' } }, 'v1.33.0')).toEqual([
      'policy/v1beta1 PodSecurityPolicy is not served by Kubernetes 1.33; label the namespace for Pod Security Admission (pod-security.kubernetes.io/enforce)',
    ]);
  });

  test('fails when an object is valid on one minor and not served on another (storage.k8s.io/v1 VolumeAttributesClass is GA in 1.34)', () => {
    const vac = { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttributesClass', metadata: { name: 'fast' }, driverName: 'csi.example.com' };
    expect(schemas.validate(vac, 'v1.34.0')).toEqual([]);
    expect(schemas.knows(vac, 'v1.33.0')).toBe(true);
    expect(schemas.validate(vac, 'v1.33.0')).toEqual([
      'storage.k8s.io/v1 VolumeAttributesClass is not served by Kubernetes 1.33 (served by 1.34, 1.35, 1.36); use storage.k8s.io/v1beta1',
    ]);
  });

  test('validate a cluster older than the shipped minors against the oldest one', () => {
    const oldest = SchemaValidator.kubernetesMinors[0];
    expect(SchemaValidator.schemaMinorFor('v1.27.16')).toBe(oldest);
    expect(SchemaValidator.schemaMinorFor('v1.99.0')).toBe(SchemaValidator.kubernetesMinors[SchemaValidator.kubernetesMinors.length - 1]);
    expect(schemas.validate(deployment(), 'v1.27.16')).toEqual([]);
    // Removals are judged by the cluster's own minor: policy/v1beta1 went in 1.25.
    expect(schemas.validate({ ...pdb(), apiVersion: 'policy/v1beta1' }, 'v1.27.16'))
      .toEqual(['policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.27; use policy/v1']);
  });

  test('know nothing of kinds outside the API, nor of malformed API versions', () => {
    expect(schemas.knows(widget({ size: 1 }), 'v1.33.0')).toBe(false);
    expect(schemas.validate({ apiVersion: 'v1', kind: 'Deploymnt', metadata: { name: 'x' } }))
      .toEqual(['no schema is known for v1 Deploymnt: it is not a Kubernetes kind, and no CustomResourceDefinition given declares it']);
    expect(schemas.validate({ apiVersion: 'apps/v1', metadata: { name: 'x' } })).toEqual(['kind is undefined; expected a kind such as "Deployment"']);
  });

  test('fails when the cluster version is not a Kubernetes version', () => {
    expect(() => schemas.validate(deployment(), 'latest')).toThrow('not a Kubernetes version: "latest"');
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

  test('leave the top-level metadata open where a CRD constrains only the name: the API server checks it as ObjectMeta', () => {
    const version: any = { ...WIDGET_CRD.spec.versions[0], schema: { openAPIV3Schema: { ...WIDGET_CRD.spec.versions[0].schema.openAPIV3Schema } } };
    version.schema.openAPIV3Schema.properties = { ...version.schema.openAPIV3Schema.properties, metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } } };
    const named = new SchemaValidator([{ ...WIDGET_CRD, spec: { ...WIDGET_CRD.spec, versions: [version] } }]);
    expect(named.validate({ ...widget({ size: 1 }), metadata: { name: 'w', namespace: 'shop', labels: { a: 'b' } } })).toEqual([]);
    expect(named.validate({ ...widget({ size: 1 }), metadata: { name: 'too-long', namespace: 'shop' } })).toEqual(['metadata.name must NOT have more than 5 characters']);
  });

  test('report the scope their CRDs declare', () => {
    const cluster = { ...WIDGET_CRD, spec: { ...WIDGET_CRD.spec, scope: 'Cluster' } };
    expect(new SchemaValidator([cluster]).clusterScopedKinds).toEqual(['GatewayClass', 'Widget']);
    expect(schemas.clusterScopedKinds).toEqual(['GatewayClass']);
  });

  test('fails when an object given as CRD is not one', () => {
    expect(() => new SchemaValidator([deployment()])).toThrow(
      'expected CustomResourceDefinition objects of apiextensions.k8s.io/v1; got apps/v1 Deployment "web"');
  });
});

describe('the shipped Cluster API CRDs (schemas/crds/cluster-api)', () => {
  const schemas = new SchemaValidator();
  const cluster = (spec: any, apiVersion = 'cluster.x-k8s.io/v1beta2') => ({ apiVersion, kind: 'Cluster', metadata: { name: 'prod', namespace: 'clusters' }, spec });

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

  test('fails when a v1beta1 object has an unknown field: each served version validates against its own schema', () => {
    const v1beta1 = cluster({
      controlPlaneRef: { apiVersion: 'controlplane.cluster.x-k8s.io/v1beta1', kind: 'KubeadmControlPlane', name: 'prod-control-plane' },
      topolgy: {},
    }, 'cluster.x-k8s.io/v1beta1');
    expect(schemas.validate(v1beta1)).toEqual(['spec has unknown field "topolgy"']);
  });
});

describe('the shipped Gateway API CRDs (schemas/crds/gateway-api)', () => {
  const schemas = new SchemaValidator();
  const route = (spec: any) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' }, spec });

  test('validate an HTTPRoute', () => {
    expect(schemas.knows(route({}))).toBe(true);
    expect(schemas.validate(route({
      parentRefs: [{ name: 'edge', namespace: 'gateways' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    }))).toEqual([]);
  });

  test('fails when an HTTPRoute has a misspelt field', () => {
    expect(schemas.validate(route({ parentRefs: [{ name: 'edge' }], hostname: ['shop.example.com'] }))).toEqual(['spec has unknown field "hostname"']);
  });

  test('fails when the metadata of a custom resource is not ObjectMeta: the API server checks it whatever the CRD says', () => {
    const labelled = { ...route({ parentRefs: [{ name: 'edge' }] }), metadata: { name: 'web', namespace: 'shop', label: { app: 'web' }, labels: { app: 1 } } };
    expect(schemas.validate(labelled, 'v1.33.0')).toEqual(['metadata has unknown field "label"', 'metadata.labels.app must be string']);
  });
});
