/**
 * Manifests and Terraform hold the same objects, per environment and per cluster: same kinds, names and fields, as the
 * provider would send them to the API server.
 */
import { Testing } from 'cdktf';
import { PlatformCharts } from '../../lib';
import { platform as definition } from '../../environments';
import { objectKey, objectsOfStack, referenceOutputs } from '../util';

const { charts, stacks } = referenceOutputs();

const pairs = [
  ...charts.environments.map((o) => ({
    name: o.environment.name,
    manifests: PlatformCharts.manifestsOf(o.app),
    stack: stacks.environments.find((s) => s.node.id === o.environment.name)!,
  })),
  ...charts.clusters.map((o) => ({
    name: `cluster-${o.cluster.name}`,
    manifests: PlatformCharts.manifestsOf(o.app),
    stack: stacks.clusters.find((s) => s.node.id === `cluster-${o.cluster.name}`)!,
  })),
];

test('there is a stack for every environment and every cluster', () => {
  expect(pairs.map((p) => p.name)).toEqual([...definition.environments.map((e) => e.name), ...definition.clusters.map((c) => `cluster-${c.name}`)]);
  expect(pairs.every((p) => p.stack !== undefined)).toBe(true);
});

describe.each(pairs)('$name', ({ manifests, stack }) => {
  const terraform = objectsOfStack(JSON.parse(Testing.synth(stack)));

  test('Terraform manages exactly the objects of the manifests', () => {
    expect(terraform.map(objectKey).sort()).toEqual(manifests.map(objectKey).sort());
  });

  test('every object has the same fields in both outputs', () => {
    const byKey = new Map(terraform.map((o) => [objectKey(o), o]));
    for (const manifest of manifests) {
      expect(byKey.get(objectKey(manifest))).toEqual(manifest);
    }
  });
});

test('fails when the outputs differ (the comparison is live)', () => {
  const [first] = pairs;
  const terraform = objectsOfStack(JSON.parse(Testing.synth(first.stack)));
  const tampered = terraform.map((o) => (o.kind === 'ResourceQuota' ? { ...o, spec: { hard: { pods: '1' } } } : o));
  const byKey = new Map(tampered.map((o) => [objectKey(o), o]));
  const quota = first.manifests.find((m) => m.kind === 'ResourceQuota');
  expect(byKey.get(objectKey(quota))).not.toEqual(quota);
});
