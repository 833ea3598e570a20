import { parse } from 'yaml';
import { kindArtefact, kindConfiguration, kindFiles } from '../../../lib/cluster/artefacts/kind-config';
import { KUBERNETES_RELEASES, kubernetesRelease } from '../../../lib/cluster/kubernetes-versions';
import { HA_CONTROL_PLANE, testCluster, WEB_POOL } from '../util';

/** kind's v1.36.1 image (the default minor), the default of kind v0.32.0. */
const IMAGE_1_36 = 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5';

describe('kindConfiguration', () => {
  test('gives kind the cluster\'s pod and Service ranges, and the IP family they imply', () => {
    expect(kindConfiguration(testCluster()).networking).toStrictEqual({ podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12' });
    const dual = testCluster({ networking: { podSubnets: ['10.8.0.0/16', 'fd00:8::/56'], serviceSubnets: ['10.9.0.0/16', 'fd00:9::/112'] } });
    expect(kindConfiguration(dual).networking).toStrictEqual({ podSubnet: '10.8.0.0/16,fd00:8::/56', serviceSubnet: '10.9.0.0/16,fd00:9::/112', ipFamily: 'dual' });
    const v6 = testCluster({ networking: { podSubnets: ['fd00:8::/56'], serviceSubnets: ['fd00:9::/112'] } });
    expect(kindConfiguration(v6).networking).toStrictEqual({ podSubnet: 'fd00:8::/56', serviceSubnet: 'fd00:9::/112', ipFamily: 'ipv6' });
  });

  test('reproduces an HA control plane node for node, each in its zone, and a tainted worker per pool and zone', () => {
    const config = kindConfiguration(testCluster({ controlPlane: HA_CONTROL_PLANE, nodePools: [WEB_POOL] }));
    const workerTaints = {
      kind: 'JoinConfiguration',
      nodeRegistration: { taints: [{ key: 'platform.example.com/pool', value: 'web', effect: 'NoSchedule' }] },
    };

    expect(config).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', name: 'lab' });
    expect(config.nodes.map((n: any) => [n.role, n.image, n.labels])).toEqual([
      ['control-plane', IMAGE_1_36, { 'topology.kubernetes.io/zone': 'zone-a' }],
      ['control-plane', IMAGE_1_36, { 'topology.kubernetes.io/zone': 'zone-b' }],
      ['control-plane', IMAGE_1_36, { 'topology.kubernetes.io/zone': 'zone-c' }],
      ...['zone-a', 'zone-b', 'zone-c'].map((zone) => [
        'worker', IMAGE_1_36, { 'platform.example.com/pool': 'web', tier: 'frontend', 'topology.kubernetes.io/zone': zone },
      ]),
    ]);
    for (const worker of config.nodes.slice(3)) {
      expect(worker.kubeadmConfigPatches.map((patch: string) => parse(patch))).toEqual([workerTaints]);
    }
  });

  test('has one unlabelled control-plane node and untainted workers without patches when the cluster says nothing more', () => {
    const config = kindConfiguration(testCluster({ nodePools: [{ name: 'general' }] }));

    expect(config.nodes).toStrictEqual([
      { role: 'control-plane', image: IMAGE_1_36 },
      { role: 'worker', image: IMAGE_1_36, labels: { 'platform.example.com/pool': 'general' } },
    ]);
  });

  test('runs the node image of the cluster\'s minor', () => {
    expect(kindConfiguration(testCluster({ kubernetesVersion: 'v1.35.3' })).nodes[0].image).toBe(kubernetesRelease(35).kindNodeImage);
    expect(kindConfiguration(testCluster({ kubernetesVersion: 'v1.33.1' })).nodes[0].image).toBe(kubernetesRelease(33).kindNodeImage);
  });

  test('pins every image of the supported range by digest', () => {
    expect(KUBERNETES_RELEASES.map((r) => r.minor)).toEqual([33, 34, 35, 36]);
    expect(KUBERNETES_RELEASES.map((r) => r.kindNodeImage).every((image) => /^kindest\/node:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/.test(image))).toBe(true);
  });

  test('is written to kind.yaml', () => {
    expect(kindFiles(testCluster()).map((f) => f.path)).toEqual(['kind.yaml']);
  });
});

describe('kindArtefact', () => {
  test('writes kind.yaml, and no chart', () => {
    const cluster = testCluster({ controlPlane: HA_CONTROL_PLANE, nodePools: [WEB_POOL] });

    expect(kindArtefact.files!(cluster)).toStrictEqual([{ path: 'kind.yaml', documents: [kindConfiguration(cluster)] }]);
    expect(kindArtefact.chart).toBeUndefined();
  });
});
