import { TerraformStack, Testing } from 'cdktf';
import { Cluster } from '../../lib/cluster/cluster-model';
import { StateBackend } from '../../lib/environment/environment-model';
import { StateBackendKind } from '../../lib/environment/environment-types';
import { resolveStateBackend } from '../../lib/environment/state-backends/registry';
import { StackParts, StackPartsProps, addStackParts } from '../../lib/terraform/_stack-parts';
import { configMap, deployment, manifestResources, namespaceObject, namespaceResources, synth, testPlatform } from './util';

const GUARD = 'data.kubernetes_resources.cluster_identity';

/** A cluster of the test platform: `nonprod` (context `nonprod-admin`, default kubeconfig) or `prod` (its own file). */
function cluster(name: string): Cluster {
  return testPlatform().clusters.find((c) => c.name === name)!;
}

/**
 * A stack named `name` in a fresh app, with the parts added; `props` override the defaults: nonprod, the state an
 * environment that names none gets (a Secret on the cluster), no objects.
 */
function build(name: string, props: Partial<StackPartsProps> = {}): { stack: TerraformStack; parts: StackParts; json: any } {
  const stack = new TerraformStack(Testing.app(), name);
  const nonprod = cluster('nonprod');
  const state = resolveStateBackend(undefined, { cluster: nonprod });
  const parts = addStackParts(stack, { cluster: nonprod, state, objects: { manifests: [] }, ...props });
  return { stack, parts, json: synth(stack) };
}

describe('addStackParts', () => {
  test('adds the connection, the guard and the objects under the ids Connection, Guard and Objects', () => {
    const { stack, parts } = build('dev');
    expect(stack.node.children.map((c) => c.node.id)).toEqual(['backend', 'Connection', 'Guard', 'Objects']);
    expect(parts.connection.node.path).toBe('dev/Connection');
    expect(parts.guard.node.path).toBe('dev/Guard');
    expect(parts.objects.node.path).toBe('dev/Objects');
  });

  test('keeps the state under the stack\'s name', () => {
    expect(build('governance-dev').json.terraform.backend).toEqual({
      kubernetes: { secret_suffix: 'governance-dev', namespace: 'terraform-state', config_context: 'nonprod-admin', config_path: '~/.kube/config' },
    });
    const s3: StateBackend = { kind: StateBackendKind.S3, bucket: 'example-state', region: 'eu-west-1', keyPrefix: 'platform' };
    expect(build('qa', { state: s3 }).json.terraform.backend).toEqual({
      s3: { bucket: 'example-state', region: 'eu-west-1', key: 'platform/qa/terraform.tfstate', encrypt: true, use_lockfile: true },
    });
  });

  test('fails when a stack a pipeline deploys keeps local state, naming the stack', () => {
    expect(() => build('dev', { state: { kind: StateBackendKind.LOCAL } })).toThrow(/^stack "dev": state.kind is "local", which is kept on one machine/);
  });

  test('local state when built for a laptop, one file per stack', () => {
    const { json } = build('dev', { state: { kind: StateBackendKind.LOCAL }, laptop: true });
    expect(json.terraform.backend).toEqual({ local: { path: '../../../.terraform-state/dev/terraform.tfstate' } });
  });

  test('connects through the cluster\'s kube context and kubeconfig file by default', () => {
    const { json } = build('production', { cluster: cluster('prod') });
    expect(json.variable.kube_context.default).toBe('prod-admin');
    expect(json.variable.kube_config_path.default).toBe('/etc/platform/prod.kubeconfig');
    expect(json.provider.kubernetes).toEqual([{ config_context: '${var.kube_context}', config_path: '${var.kube_config_path}' }]);
  });

  test('guards against any cluster but its own, naming the stack and the context in use; no cluster without identity', () => {
    const { json } = build('qa');
    const [postcondition] = json.data.kubernetes_resources.cluster_identity.lifecycle.postcondition;
    expect(postcondition.condition).toBe('${try(self.objects[0].data.cluster, "") == "nonprod"}');
    expect(postcondition.error_message).toContain('Stack "qa" is written for cluster "nonprod", but kube context "${var.kube_context}" points at');
  });

  test('passes the bootstrap expression to the guard', () => {
    const { json } = build('cluster-nonprod', { bootstrap: 'var.bootstrap_cluster' });
    expect(json.data.kubernetes_resources.cluster_identity.lifecycle.postcondition[0].condition).toBe(
      '${try(self.objects[0].data.cluster, "") == "nonprod" || (var.bootstrap_cluster && try(self.objects[0].data.cluster, "") == "")}',
    );
  });

  test('applies the objects after the guard, with the object props it is given', () => {
    const { json } = build('governance-dev', { objects: { manifests: [namespaceObject('dev'), configMap('settings', 'dev')], protect: true } });
    expect(namespaceResources(json).dev.depends_on).toEqual([GUARD]);
    expect(namespaceResources(json).dev.lifecycle).toEqual({ prevent_destroy: true });
    expect(manifestResources(json).configmap_settings.depends_on).toEqual(['kubernetes_namespace_v1.dev']);
    const apps = build('dev', { objects: { manifests: [configMap('settings', 'dev')], namespace: 'dev', protectKinds: ['ConfigMap'] } }).json;
    expect(manifestResources(apps).configmap_settings.depends_on).toEqual([GUARD]);
    expect(manifestResources(apps).configmap_settings.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('no kubectl steps unless asked for', () => {
    const { json } = build('dev', { objects: { manifests: [deployment('web', 'dev', {})], namespace: 'dev' } });
    expect(json.resource).not.toHaveProperty('terraform_data');
  });

  test('rollout checks run kubectl through the stack\'s own kube_config_path and kube_context', () => {
    const { json } = build('dev', { objects: { manifests: [deployment('web', 'dev', {})], namespace: 'dev' }, kubectlSteps: true });
    expect(Object.keys(json.resource.terraform_data)).toEqual(['rollout_deployment_web']);
    expect(json.resource.terraform_data.rollout_deployment_web.provisioner[0]['local-exec'].environment).toEqual({
      KUBECONFIG: '${pathexpand(var.kube_config_path)}', KUBE_CONTEXT: '${var.kube_context}',
    });
  });
});
