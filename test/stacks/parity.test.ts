/**
 * Manifests and Terraform hold the same objects, per environment and per cluster: same kinds, names and fields, as the
 * provider would send them to the API server. An environment's objects are split over two stacks, what governs it
 * (`governance-<environment>`) and what it runs (`<environment>`): their union is the environment's folder, each object
 * once.
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
    stacks: [stacks.governance.find((s) => s.node.id === `governance-${o.environment.name}`)!, stacks.environments.find((s) => s.node.id === o.environment.name)!],
  })),
  ...charts.clusters.map((o) => ({
    name: `cluster-${o.cluster.name}`,
    manifests: PlatformCharts.manifestsOf(o.app),
    stacks: [stacks.clusters.find((s) => s.node.id === `cluster-${o.cluster.name}`)!],
  })),
];

test('there are two stacks for every environment and one for every cluster', () => {
  expect(pairs.map((p) => [p.name, p.stacks.map((s) => s?.node.id)])).toEqual([
    ...definition.environments.map((e) => [e.name, [`governance-${e.name}`, e.name]]),
    ...definition.clusters.map((c) => [`cluster-${c.name}`, [`cluster-${c.name}`]]),
  ]);
});

describe.each(pairs)('$name', ({ manifests, stacks: own }) => {
  const terraform = own.flatMap((stack) => objectsOfStack(JSON.parse(Testing.synth(stack))));

  test('Terraform manages exactly the objects of the manifests, each in one stack only', () => {
    expect(terraform.map(objectKey).sort()).toEqual(manifests.map(objectKey).sort());
    expect(new Set(terraform.map(objectKey)).size).toBe(terraform.length);
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
  const terraform = first.stacks.flatMap((stack) => objectsOfStack(JSON.parse(Testing.synth(stack))));
  const tampered = terraform.map((o) => (o.kind === 'ResourceQuota' ? { ...o, spec: { hard: { pods: '1' } } } : o));
  const byKey = new Map(tampered.map((o) => [objectKey(o), o]));
  const quota = first.manifests.find((m) => m.kind === 'ResourceQuota');
  expect(byKey.get(objectKey(quota))).not.toEqual(quota);
});
