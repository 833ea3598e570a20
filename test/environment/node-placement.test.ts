import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { TaintEffect } from '../../lib/cluster/cluster-types';
import { NodePlacement } from '../../lib/environment/node-placement';

const POOL = { 'platform.example.com/pool': 'dev' };
const TAINTS = [
  { key: 'platform.example.com/pool', value: 'dev', effect: TaintEffect.NO_SCHEDULE },
  { key: 'dedicated', effect: TaintEffect.NO_EXECUTE },
];
const TOLERATIONS = [
  { key: 'platform.example.com/pool', operator: 'Equal', value: 'dev', effect: 'NoSchedule' },
  { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
];

const POD_SPEC: k8s.PodSpec = { containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0' }] };
const TEMPLATE: k8s.PodTemplateSpec = { metadata: { labels: { app: 'web' } }, spec: POD_SPEC };
const SELECTOR = { matchLabels: { app: 'web' } };

function placement(taints = TAINTS): NodePlacement {
  return new NodePlacement(Testing.chart(), 'Placement', { nodeSelector: POOL, taints });
}

/** Renders one low-level object and returns its manifest. */
function render(build: (scope: Construct) => void): any {
  const chart = Testing.chart();
  build(chart);
  const [manifest] = Testing.synth(chart);
  return manifest;
}

describe('NodePlacement', () => {
  test('tolerates a taint with a value with Equal, and one without a value with Exists and no value', () => {
    const placed = placement();

    expect(placed.nodeSelector).toEqual(POOL);
    expect(placed.tolerations).toEqual(TOLERATIONS);
    expect(placed.tolerations[1]).not.toHaveProperty('value');
  });

  test('has no tolerations when the pool has no taints', () => {
    expect(new NodePlacement(Testing.chart(), 'Placement', { nodeSelector: POOL }).tolerations).toEqual([]);
  });

  test.each([
    ['Deployment', (s: Construct) => new k8s.KubeDeployment(s, 'w', { metadata: { name: 'w' }, spec: { selector: SELECTOR, template: TEMPLATE } })],
    ['StatefulSet', (s: Construct) => new k8s.KubeStatefulSet(s, 'w', {
      metadata: { name: 'w' }, spec: { selector: SELECTOR, serviceName: 'w', template: TEMPLATE },
    })],
    ['DaemonSet', (s: Construct) => new k8s.KubeDaemonSet(s, 'w', { metadata: { name: 'w' }, spec: { selector: SELECTOR, template: TEMPLATE } })],
    ['ReplicaSet', (s: Construct) => new k8s.KubeReplicaSet(s, 'w', { metadata: { name: 'w' }, spec: { selector: SELECTOR, template: TEMPLATE } })],
    ['Job', (s: Construct) => new k8s.KubeJob(s, 'w', { metadata: { name: 'w' }, spec: { template: TEMPLATE } })],
  ])('places the pod template of a %s', (kind, build) => {
    const manifest = render(build);
    expect(manifest.kind).toBe(kind);

    const placed = placement().apply(manifest);

    expect(placed).toBe(manifest);
    expect(placed.spec.template.spec).toEqual({ ...POD_SPEC, nodeSelector: POOL, tolerations: TOLERATIONS });
    expect(placed.spec.template.metadata).toEqual({ labels: { app: 'web' } });
  });

  test('places a CronJob through spec.jobTemplate.spec.template.spec', () => {
    const manifest = render((s) => new k8s.KubeCronJob(s, 'w', {
      metadata: { name: 'w' },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: TEMPLATE } } },
    }));

    const placed = placement().apply(manifest);

    expect(placed.spec.jobTemplate.spec.template.spec).toEqual({ ...POD_SPEC, nodeSelector: POOL, tolerations: TOLERATIONS });
    expect(placed.spec).not.toHaveProperty('template');
    expect(placed.spec.schedule).toBe('0 * * * *');
  });

  test('places a bare Pod through spec', () => {
    const manifest = render((s) => new k8s.KubePod(s, 'w', { metadata: { name: 'w' }, spec: POD_SPEC }));

    expect(placement().apply(manifest).spec).toEqual({ ...POD_SPEC, nodeSelector: POOL, tolerations: TOLERATIONS });
  });

  test('merges the pool labels into an existing node selector, the pool winning on a conflict', () => {
    const manifest = render((s) => new k8s.KubePod(s, 'w', {
      metadata: { name: 'w' },
      spec: { ...POD_SPEC, nodeSelector: { 'kubernetes.io/arch': 'arm64', 'platform.example.com/pool': 'other' } },
    }));

    expect(placement().apply(manifest).spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64', 'platform.example.com/pool': 'dev' });
  });

  test('keeps existing tolerations first and does not add one the pod already has', () => {
    const own = { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' };
    const manifest = render((s) => new k8s.KubePod(s, 'w', {
      metadata: { name: 'w' },
      spec: { ...POD_SPEC, tolerations: [own, { key: 'platform.example.com/pool', operator: 'Equal', value: 'dev', effect: 'NoSchedule' }] },
    }));

    expect(placement().apply(manifest).spec.tolerations).toEqual([
      own,
      { key: 'platform.example.com/pool', operator: 'Equal', value: 'dev', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
    ]);
  });

  test('applying twice changes nothing more', () => {
    const placed = placement();
    const once = placed.apply(render((s) => new k8s.KubePod(s, 'w', { metadata: { name: 'w' }, spec: POD_SPEC })));
    const snapshot = JSON.parse(JSON.stringify(once));

    expect(placed.apply(once)).toEqual(snapshot);
  });

  test('without taints, adds the node selector and no tolerations field', () => {
    const manifest = render((s) => new k8s.KubePod(s, 'w', { metadata: { name: 'w' }, spec: POD_SPEC }));

    const spec = new NodePlacement(Testing.chart(), 'Placement', { nodeSelector: POOL }).apply(manifest).spec;
    expect(spec).toEqual({ ...POD_SPEC, nodeSelector: POOL });
    expect(spec).not.toHaveProperty('tolerations');
  });

  test.each([
    ['ConfigMap', (s: Construct) => new k8s.KubeConfigMap(s, 'o', { metadata: { name: 'o', namespace: 'dev' }, data: { spec: 'x' } })],
    ['Service', (s: Construct) => new k8s.KubeService(s, 'o', { metadata: { name: 'o' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } })],
    ['Namespace', (s: Construct) => new k8s.KubeNamespace(s, 'o', { metadata: { name: 'dev' } })],
    ['PodDisruptionBudget', (s: Construct) => new k8s.KubePodDisruptionBudget(s, 'o', {
      metadata: { name: 'o' }, spec: { selector: SELECTOR, minAvailable: k8s.IntOrString.fromNumber(1) },
    })],
  ])('leaves a %s unchanged', (kind, build) => {
    const manifest = render(build);
    const before = JSON.parse(JSON.stringify(manifest));

    const placed = placement().apply(manifest);

    expect(placed.kind).toBe(kind);
    expect(placed).toEqual(before);
  });

  test('leaves a workload without a pod spec, and a value that is not a manifest, unchanged', () => {
    const placed = placement();
    const bare = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' } };

    expect(placed.apply(bare)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' } });
    expect(placed.apply(undefined)).toBeUndefined();
  });
});
