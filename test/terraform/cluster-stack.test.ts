import { Testing } from 'cdktf';
import { StateBackend } from '../../lib/environment/environment-model';
import { StateBackendKind } from '../../lib/environment/environment-types';
import { Platform } from '../../lib/platform/platform-model';
import { ClusterStack } from '../../lib/terraform/cluster-stack';
import { clusterChart, expectedObjects, manifestResources, objectsInStack, synth, testPlatform } from './util';

const GUARD = 'data.kubernetes_resources.cluster_identity';

/** The `cluster-<name>` stack on the cluster chart's objects. */
function render(platform: Platform, name: string, state?: StateBackend): { stack: ClusterStack; objects: any[]; json: any } {
  const cluster = platform.clusters.find((c) => c.name === name)!;
  const objects = clusterChart(platform, name).toJson();
  const stack = new ClusterStack(Testing.app(), `cluster-${name}`, { cluster, manifests: objects, state });
  return { stack, objects, json: synth(stack) };
}

describe('ClusterStack', () => {
  test('holds exactly the cluster chart\'s objects, each once; the only namespaces are the deployers\' state namespaces', () => {
    const { objects, json } = render(testPlatform(), 'nonprod');
    expect(objectsInStack(json)).toEqual(expectedObjects(objects));
    expect(Object.keys(json.resource)).toEqual(['kubernetes_manifest', 'kubernetes_namespace_v1']);
    expect(Object.keys(json.resource.kubernetes_namespace_v1)).toEqual(['terraform-state-dev', 'terraform-state-qa']);
  });

  test('addresses cluster-scoped PriorityClasses as priorityclass_<name>', () => {
    const platform = testPlatform();
    const { json } = render(platform, 'nonprod');
    const classes = platform.clusters.find((c) => c.name === 'nonprod')!.priorityClasses;
    expect(classes.length).toBeGreaterThan(0);
    for (const pc of classes) {
      const resource = manifestResources(json)[`priorityclass_${pc.name}`];
      expect(resource.manifest.kind).toBe('PriorityClass');
      expect(resource.manifest.metadata).not.toHaveProperty('namespace');
      expect(resource.manifest.value).toBe(pc.value);
    }
  });

  test('addresses the identity ConfigMap as configmap_kube-system_platform-identity', () => {
    const { json } = render(testPlatform(), 'nonprod');
    const identity = manifestResources(json)['configmap_kube-system_platform-identity'];
    expect(identity.manifest.metadata.namespace).toBe('kube-system');
    expect(identity.manifest.metadata.name).toBe('platform-identity');
    expect(identity.manifest.data.cluster).toBe('nonprod');
  });

  test('every object depends on the cluster guard first, or on its namespace; the identity reader binding after its Role', () => {
    const { json } = render(testPlatform(), 'nonprod');
    for (const [name, resource] of Object.entries<any>(manifestResources(json))) {
      const namespace = resource.manifest.metadata.namespace;
      expect([name, resource.depends_on[0]]).toEqual([name, namespace?.startsWith('terraform-state-') ? `kubernetes_namespace_v1.${namespace}` : GUARD]);
    }
    for (const namespace of Object.values<any>(json.resource.kubernetes_namespace_v1)) {
      expect(namespace.depends_on).toEqual([GUARD]);
    }
    expect(manifestResources(json)['rolebinding_kube-system_platform-identity-reader'].depends_on).toEqual([
      GUARD, 'kubernetes_manifest.role_kube-system_platform-identity-reader',
    ]);
  });

  test('connects through the cluster\'s context and kubeconfig', () => {
    const { json } = render(testPlatform(), 'prod');
    expect(json.variable.kube_context.default).toBe('prod-admin');
    expect(json.variable.kube_config_path.default).toBe('/etc/platform/prod.kubeconfig');
    expect(json.provider.kubernetes).toEqual([{ config_context: '${var.kube_context}', config_path: '${var.kube_config_path}' }]);
  });

  test('accepts a cluster without identity only when bootstrapping is asked for by name (TF_VAR_bootstrap_cluster)', () => {
    const { json } = render(testPlatform(), 'nonprod');
    expect(json.variable.bootstrap_cluster).toEqual({
      type: 'bool',
      default: false,
      description: 'Set to true (TF_VAR_bootstrap_cluster=true) only for the first deploy to a new, empty cluster: lets this stack create its identity.',
    });
    expect(json.data.kubernetes_resources.cluster_identity.lifecycle.postcondition[0].condition).toBe(
      '${try(self.objects[0].data.cluster, "") == "nonprod" || (var.bootstrap_cluster && try(self.objects[0].data.cluster, "") == "")}',
    );
  });

  test('keeps its state in a Secret on its cluster by default, under its own name', () => {
    const { json } = render(testPlatform(), 'nonprod');
    expect(json.terraform.backend).toEqual({
      kubernetes: { secret_suffix: 'cluster-nonprod', namespace: 'terraform-state', config_path: '~/.kube/config', config_context: 'nonprod-admin' },
    });
  });

  test('fails when it keeps local state, unless built for a laptop', () => {
    const platform = testPlatform();
    const cluster = platform.clusters.find((c) => c.name === 'nonprod')!;
    expect(() => new ClusterStack(Testing.app(), 'cluster-nonprod', { cluster, manifests: [], state: { kind: StateBackendKind.LOCAL } }))
      .toThrow('stack "cluster-nonprod": state.kind is "local", which is kept on one machine and lost with a CI runner');
    const laptop = new ClusterStack(Testing.app(), 'cluster-nonprod', { cluster, manifests: [], state: { kind: StateBackendKind.LOCAL }, laptop: true });
    expect(synth(laptop).terraform.backend).toEqual({ local: { path: '../../../.terraform-state/cluster-nonprod/terraform.tfstate' } });
  });

  test('uses the given state, keyed by its stack name', () => {
    const state: StateBackend = { kind: StateBackendKind.S3, bucket: 'example-state', region: 'eu-west-1', keyPrefix: 'platform' };
    const { json } = render(testPlatform(), 'prod', state);
    expect(json.terraform.backend).toEqual({
      s3: { bucket: 'example-state', region: 'eu-west-1', key: 'platform/cluster-prod/terraform.tfstate', encrypt: true, use_lockfile: true },
    });
  });

  test('exposes the cluster, its bootstrap variable, connection, guard and objects (ids Connection, Guard, Objects)', () => {
    const platform = testPlatform();
    const { stack } = render(platform, 'nonprod');
    expect(stack.cluster).toBe(platform.clusters.find((c) => c.name === 'nonprod'));
    expect([stack.bootstrap, stack.connection, stack.guard, stack.objects].map((c) => c.node.path)).toEqual([
      'cluster-nonprod/bootstrap_cluster', 'cluster-nonprod/Connection', 'cluster-nonprod/Guard', 'cluster-nonprod/Objects',
    ]);
    expect(stack.objects.namespace).toBeUndefined();
  });
});
