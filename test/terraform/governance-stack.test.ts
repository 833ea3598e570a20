import { App, Testing } from 'cdktf';
import { Environment } from '../../lib/environment/environment-model';
import { StateBackendKind } from '../../lib/environment/environment-types';
import { isGoverningObject } from '../../lib/environment/governing-kinds';
import { GovernanceStack } from '../../lib/terraform/governance-stack';
import {
  ENVIRONMENTS, environmentChart, expectedObjects, manifestResources, namespaceResources, objectsInStack, synth, testEnvironment,
} from './util';

const GUARD = 'data.kubernetes_resources.cluster_identity';

/** The environment's governance stack on the governing objects of its chart, in `app` or a fresh one. */
function render(env: Environment, app: App = Testing.app()): { stack: GovernanceStack; objects: any[]; json: any } {
  const objects = environmentChart(env).toJson().filter((o) => isGoverningObject(o));
  const stack = new GovernanceStack(app, `governance-${env.name}`, { environment: env, manifests: objects });
  return { stack, objects, json: synth(stack) };
}

describe('GovernanceStack', () => {
  test('holds exactly the governing objects: the namespace typed, every other object as kubernetes_manifest.<kind>_<name>', () => {
    const { objects, json } = render(testEnvironment('dev'));
    expect(objectsInStack(json)).toEqual(expectedObjects(objects));
    expect(Object.keys(json.resource).sort()).toEqual(['kubernetes_manifest', 'kubernetes_namespace_v1']);
    expect(Object.keys(namespaceResources(json))).toEqual(['dev']);
    expect(Object.keys(manifestResources(json)).sort()).toEqual([
      'limitrange_container-limits', 'networkpolicy_allow-dns', 'networkpolicy_allow-ingress-controller', 'networkpolicy_allow-same-namespace',
      'networkpolicy_default-deny',
      'resourcequota_environment-quota', 'role_deployer', 'role_viewer', 'rolebinding_deployer', 'rolebinding_viewer', 'serviceaccount_deployer',
    ]);
  });

  test('holds no rollout check and no data source but the cluster guard', () => {
    const { json } = render(testEnvironment('dev'));
    expect(json.resource).not.toHaveProperty('terraform_data');
    expect(Object.keys(json.data)).toEqual(['kubernetes_resources']);
    expect(Object.keys(json.data.kubernetes_resources)).toEqual(['cluster_identity']);
  });

  test('applies the namespace after the guard, everything else after the namespace, the deployer\'s RoleBinding after its Role and ServiceAccount', () => {
    const { json } = render(testEnvironment('dev'));
    expect(namespaceResources(json).dev.depends_on).toEqual([GUARD]);
    for (const [name, resource] of Object.entries<any>(manifestResources(json))) {
      expect([name, resource.depends_on[0]]).toEqual([name, 'kubernetes_namespace_v1.dev']);
    }
    expect(manifestResources(json).rolebinding_deployer.depends_on).toEqual([
      'kubernetes_namespace_v1.dev', 'kubernetes_manifest.role_deployer', 'kubernetes_manifest.serviceaccount_deployer',
    ]);
  });

  test('a protected environment\'s namespace is under prevent_destroy here; an unprotected one has no lifecycle', () => {
    expect(namespaceResources(render(testEnvironment('production')).json).production.lifecycle).toEqual({ prevent_destroy: true });
    expect(namespaceResources(render(testEnvironment('dev')).json).dev).not.toHaveProperty('lifecycle');
  });

  test('connects with the cluster\'s context (the platform\'s identity) and guards against any other cluster', () => {
    const { json } = render(testEnvironment('qa'));
    expect(json.variable.kube_context.default).toBe('nonprod-admin');
    expect(json.provider.kubernetes).toEqual([{ config_context: '${var.kube_context}', config_path: '${var.kube_config_path}' }]);
    const [postcondition] = json.data.kubernetes_resources.cluster_identity.lifecycle.postcondition;
    expect(postcondition.condition).toBe('${try(self.objects[0].data.cluster, "") == "nonprod"}');
    expect(postcondition.error_message).toContain('Stack "governance-qa" is written for cluster "nonprod"');
  });

  test('keeps its state in the environment\'s backend under its own key, in the namespace the definition names', () => {
    const app = Testing.app();
    expect(render(testEnvironment('dev'), app).json.terraform.backend).toEqual({
      kubernetes: { secret_suffix: 'governance-dev', namespace: 'terraform-state', config_context: 'nonprod-admin', config_path: '~/.kube/config' },
    });
    const s3 = ENVIRONMENTS.map((e) => ({ ...e, state: { kind: StateBackendKind.S3, bucket: 'example-state', region: 'eu-west-1' } }));
    expect(render(testEnvironment('qa', s3 as any), app).json.terraform.backend).toEqual({
      s3: { bucket: 'example-state', region: 'eu-west-1', key: 'platform/governance-qa/terraform.tfstate', encrypt: true, use_lockfile: true },
    });
  });

  test('fails when a stack a pipeline deploys keeps local state', () => {
    const local = ENVIRONMENTS.map((e) => ({ ...e, state: { kind: StateBackendKind.LOCAL, laptopOnly: true } }));
    expect(() => render(testEnvironment('dev', local as any))).toThrow(/^stack "governance-dev": state.kind is "local"/);
  });

  test('exposes the environment, its connection, guard and objects (ids Connection, Guard, Objects) and the namespace resource', () => {
    const env = testEnvironment('dev');
    const { stack } = render(env);
    expect(stack.environment).toBe(env);
    expect([stack.connection, stack.guard, stack.objects].map((c) => c.node.path)).toEqual([
      'governance-dev/Connection', 'governance-dev/Guard', 'governance-dev/Objects',
    ]);
    expect(stack.objects.namespace).toBeDefined();
  });
});
