import { k8s } from 'cdk8s-plus-27';
import { App, Testing } from 'cdktf';
import { Environment } from '../../lib/environment/environment-model';
import { EnvironmentDefinition, StateBackendKind } from '../../lib/environment/environment-types';
import { EnvironmentStack } from '../../lib/terraform/environment-stack';
import {
  ENVIRONMENTS, environmentChart, expectedObjects, manifestResources, namespaceResources, objectsInStack, synth, testEnvironment,
} from './util';

const GUARD = 'data.kubernetes_resources.cluster_identity';

/** The environment's stack (named after it) on its chart's objects, in `app` or a fresh one. */
function render(env: Environment, app: App = Testing.app()): { stack: EnvironmentStack; objects: any[]; json: any } {
  const objects = environmentChart(env).toJson();
  const stack = new EnvironmentStack(app, env.name, { environment: env, manifests: objects });
  return { stack, objects, json: synth(stack) };
}

/** {@link ENVIRONMENTS} with `state` set on dev and qa. */
function withState(state: EnvironmentDefinition['state']): EnvironmentDefinition[] {
  return ENVIRONMENTS.map((e) => (e.name === 'production' ? e : { ...e, state }));
}

describe('EnvironmentStack', () => {
  describe('objects', () => {
    test('holds exactly the chart\'s objects, each once', () => {
      const { objects, json } = render(testEnvironment('dev'));
      expect(objectsInStack(json)).toEqual(expectedObjects(objects));
    });

    test('holds the namespace as kubernetes_namespace_v1 and every other object as kubernetes_manifest.<kind>_<name>', () => {
      const { objects, json } = render(testEnvironment('dev'));
      expect(Object.keys(json.resource).sort()).toEqual(['kubernetes_manifest', 'kubernetes_namespace_v1']);
      expect(Object.keys(namespaceResources(json))).toEqual(['dev']);
      const addresses = objects.filter((o) => o.kind !== 'Namespace').map((o) => `${o.kind.toLowerCase()}_${o.metadata.name}`);
      expect(Object.keys(manifestResources(json)).sort()).toEqual(addresses.sort());
    });

    test('has no data source but the cluster guard', () => {
      const { json } = render(testEnvironment('dev'));
      expect(Object.keys(json.data)).toEqual(['kubernetes_resources']);
      expect(Object.keys(json.data.kubernetes_resources)).toEqual(['cluster_identity']);
    });

    test('holds objects added to the chart, with templates escaped and references ordered', () => {
      const env = testEnvironment('dev');
      const chart = environmentChart(env);
      new k8s.KubeConfigMap(chart, 'Scripts', {
        metadata: { name: 'scripts', namespace: env.namespace },
        data: { 'run.sh': '#!/bin/sh\nexec app --home "${HOME}" --fmt "%{x}"\n' },
      });
      new k8s.KubeDeployment(chart, 'Web', {
        metadata: { name: 'web', namespace: env.namespace },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              serviceAccountName: env.access.deployerServiceAccount,
              containers: [{ name: 'web', image: 'nginx:1.27', command: ['/scripts/run.sh'] }],
              volumes: [{ name: 'scripts', configMap: { name: 'scripts' } }],
            },
          },
        },
      });
      const objects = chart.toJson();
      const json = synth(new EnvironmentStack(Testing.app(), 'dev', { environment: env, manifests: objects }));
      expect(objectsInStack(json)).toEqual(expectedObjects(objects));
      expect(manifestResources(json).configmap_scripts.manifest.data).toEqual({ 'run.sh': '#!/bin/sh\nexec app --home "$${HOME}" --fmt "%%{x}"\n' });
      expect(manifestResources(json).deployment_web.depends_on).toEqual([
        'kubernetes_namespace_v1.dev',
        'kubernetes_manifest.serviceaccount_deployer',
        'kubernetes_manifest.configmap_scripts',
      ]);
    });

    test('exposes the environment, the namespace resource and each object\'s resource', () => {
      const env = testEnvironment('dev');
      const { stack } = render(env);
      expect(stack.environment).toBe(env);
      expect(stack.objects.namespace).toBeDefined();
      expect(stack.objects.resourceFor('ServiceAccount', 'deployer', 'dev')).toBeDefined();
    });
  });

  describe('apply order', () => {
    test('the namespace depends on the cluster guard', () => {
      const { json } = render(testEnvironment('dev'));
      expect(namespaceResources(json).dev.depends_on).toEqual([GUARD]);
    });

    test('every manifest depends on the namespace first', () => {
      const { json } = render(testEnvironment('dev'));
      for (const [name, resource] of Object.entries(manifestResources(json))) {
        expect([name, (resource as any).depends_on[0]]).toEqual([name, 'kubernetes_namespace_v1.dev']);
      }
    });

    test('the deployer\'s RoleBinding comes after its Role and ServiceAccount', () => {
      const { json } = render(testEnvironment('dev'));
      expect(manifestResources(json).rolebinding_deployer.depends_on).toEqual([
        'kubernetes_namespace_v1.dev',
        'kubernetes_manifest.role_deployer',
        'kubernetes_manifest.serviceaccount_deployer',
      ]);
    });
  });

  describe('protection', () => {
    test('a protected environment keeps its namespace under prevent_destroy', () => {
      const env = testEnvironment('production');
      expect(env.protected).toBe(true);
      const { json } = render(env);
      expect(namespaceResources(json).production.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('an unprotected environment\'s namespace has no lifecycle', () => {
      const { json } = render(testEnvironment('dev'));
      expect(namespaceResources(json).dev).not.toHaveProperty('lifecycle');
    });
  });

  describe('cluster', () => {
    test('connects through the environment cluster\'s context and kubeconfig', () => {
      const dev = render(testEnvironment('dev')).json;
      expect(dev.variable.kube_context.default).toBe('nonprod-admin');
      expect(dev.variable.kube_config_path.default).toBe('~/.kube/config');
      expect(dev.provider.kubernetes).toEqual([{ config_context: '${var.kube_context}', config_path: '${var.kube_config_path}' }]);
      const production = render(testEnvironment('production')).json;
      expect(production.variable.kube_context.default).toBe('prod-admin');
      expect(production.variable.kube_config_path.default).toBe('/etc/platform/prod.kubeconfig');
    });

    test('guards against any cluster but its own, naming the stack', () => {
      const { json } = render(testEnvironment('qa'));
      const [postcondition] = json.data.kubernetes_resources.cluster_identity.lifecycle.postcondition;
      expect(postcondition.condition).toBe('${try(self.objects[0].data.cluster, "") == "nonprod"}');
      expect(postcondition.error_message).toContain('Stack "qa" is written for cluster "nonprod", but kube context "${var.kube_context}" points at ${try(');
      expect(postcondition.error_message).toContain('deploy stack cluster-nonprod first.');
    });
  });

  describe('state', () => {
    test('a Secret on the environment\'s cluster by default, one per stack', () => {
      const app = Testing.app();
      const dev = render(testEnvironment('dev'), app).json;
      const qa = render(testEnvironment('qa'), app).json;
      const on = { config_context: 'nonprod-admin', config_path: '~/.kube/config', namespace: 'terraform-state' };
      expect(dev.terraform.backend).toEqual({ kubernetes: { ...on, secret_suffix: 'dev' } });
      expect(qa.terraform.backend).toEqual({ kubernetes: { ...on, secret_suffix: 'qa' } });
    });

    test('fails when a stack a pipeline deploys keeps local state', () => {
      const env = testEnvironment('dev', withState({ kind: StateBackendKind.LOCAL, laptopOnly: true }));
      expect(() => render(env)).toThrow('stack "dev": state.kind is "local", which is kept on one machine and lost with a CI runner, so the '
        + 'next deploy would create everything again; a stack a pipeline deploys needs shared, locked state: use state.kind "s3" or '
        + '"kubernetes" (or build the stacks for a laptop, which no pipeline may deploy)');
    });

    test('local only when built for a laptop, one file per stack', () => {
      const env = testEnvironment('dev', withState({ kind: StateBackendKind.LOCAL, laptopOnly: true }));
      const stack = new EnvironmentStack(Testing.app(), 'dev', { environment: env, manifests: [], laptop: true });
      expect(synth(stack).terraform.backend).toEqual({ local: { path: '../../../.terraform-state/dev/terraform.tfstate' } });
    });

    test('s3: one key per stack, exactly one backend', () => {
      const environments = withState({ kind: StateBackendKind.S3, bucket: 'example-state', region: 'eu-west-1' });
      const app = Testing.app();
      const dev = render(testEnvironment('dev', environments), app).json;
      const qa = render(testEnvironment('qa', environments), app).json;
      expect(dev.terraform.backend).toEqual({
        s3: { bucket: 'example-state', region: 'eu-west-1', key: 'platform/dev/terraform.tfstate', encrypt: true, use_lockfile: true },
      });
      expect(qa.terraform.backend.s3.key).toBe('platform/qa/terraform.tfstate');
    });

    test('kubernetes: one Secret per stack on the environment cluster\'s context by default, exactly one backend', () => {
      const environments = withState({ kind: StateBackendKind.KUBERNETES });
      const app = Testing.app();
      const dev = render(testEnvironment('dev', environments), app).json;
      const qa = render(testEnvironment('qa', environments), app).json;
      expect(dev.terraform.backend).toEqual({
        kubernetes: { secret_suffix: 'dev', namespace: 'terraform-state', config_context: 'nonprod-admin', config_path: '~/.kube/config' },
      });
      expect(qa.terraform.backend.kubernetes.secret_suffix).toBe('qa');
    });
  });

  test('output is deterministic', () => {
    const first = Testing.synth(render(testEnvironment('production')).stack);
    const second = Testing.synth(render(testEnvironment('production')).stack);
    expect(first).toBe(second);
  });
});
