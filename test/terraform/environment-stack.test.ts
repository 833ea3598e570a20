import { k8s } from 'cdk8s-plus-27';
import { App, Testing } from 'cdktf';
import { Environment } from '../../lib/environment/environment-model';
import { EnvironmentDefinition, StateBackendKind } from '../../lib/environment/environment-types';
import { isGoverningObject } from '../../lib/environment/governing-kinds';
import { EnvironmentStack } from '../../lib/terraform/environment-stack';
import {
  ENVIRONMENTS, environmentChart, expectedObjects, manifestResources, objectsInStack, synth, testEnvironment,
} from './util';

const GUARD = 'data.kubernetes_resources.cluster_identity';

/**
 * The environment's chart with a small app added (a ConfigMap, a Deployment using it and the deployer's
 * ServiceAccount, a Service and a StatefulSet), rendered.
 */
function environmentObjects(env: Environment): any[] {
  const chart = environmentChart(env);
  const ns = env.namespace;
  new k8s.KubeConfigMap(chart, 'Scripts', {
    metadata: { name: 'scripts', namespace: ns },
    data: { 'run.sh': '#!/bin/sh\nexec app --home "${HOME}" --fmt "%{x}"\n' },
  });
  const pod = (app: string) => ({
    metadata: { labels: { app } },
    spec: {
      serviceAccountName: env.access.deployerServiceAccount,
      containers: [{ name: app, image: 'nginx:1.27', command: ['/scripts/run.sh'] }],
      volumes: [{ name: 'scripts', configMap: { name: 'scripts' } }],
    },
  });
  new k8s.KubeDeployment(chart, 'Web', { metadata: { name: 'web', namespace: ns }, spec: { selector: { matchLabels: { app: 'web' } }, template: pod('web') } });
  new k8s.KubeService(chart, 'WebService', { metadata: { name: 'web', namespace: ns }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  new k8s.KubeStatefulSet(chart, 'Store', {
    metadata: { name: 'store', namespace: ns },
    spec: { serviceName: 'store', selector: { matchLabels: { app: 'store' } }, template: pod('store') },
  });
  return chart.toJson();
}

/** The environment's stack (named after it) on what the environment runs, in `app` or a fresh one. */
function render(env: Environment, app: App = Testing.app()): { stack: EnvironmentStack; objects: any[]; json: any } {
  const objects = environmentObjects(env).filter((o) => !isGoverningObject(o));
  const stack = new EnvironmentStack(app, env.name, { environment: env, manifests: objects });
  return { stack, objects, json: synth(stack) };
}

/** {@link ENVIRONMENTS} with `state` set on dev and qa. */
function withState(state: EnvironmentDefinition['state']): EnvironmentDefinition[] {
  return ENVIRONMENTS.map((e) => (e.name === 'production' ? e : { ...e, state }));
}

describe('EnvironmentStack', () => {
  describe('objects', () => {
    test('holds exactly what the environment runs, each once, and nothing that governs it', () => {
      const env = testEnvironment('dev');
      const { objects, json } = render(env);
      expect(objectsInStack(json)).toEqual(expectedObjects(objects));
      expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['ConfigMap/scripts', 'Deployment/web', 'Service/web', 'StatefulSet/store']);
      expect(objectsInStack(json).filter((o) => isGoverningObject(o))).toEqual([]);
    });

    test('holds no namespace resource and addresses every object as kubernetes_manifest.<kind>_<name>, as when it held the namespace', () => {
      const { objects, json } = render(testEnvironment('dev'));
      expect(Object.keys(json.resource).sort()).toEqual(['kubernetes_manifest', 'terraform_data']);
      const addresses = objects.map((o) => `${o.kind.toLowerCase()}_${o.metadata.name}`);
      expect(Object.keys(manifestResources(json)).sort()).toEqual(addresses.sort());
      expect(Object.keys(json.resource.terraform_data).sort()).toEqual(['rollout_deployment_web', 'rollout_statefulset_store']);
    });

    test('has no data source but the cluster guard', () => {
      const { json } = render(testEnvironment('dev'));
      expect(Object.keys(json.data)).toEqual(['kubernetes_resources']);
      expect(Object.keys(json.data.kubernetes_resources)).toEqual(['cluster_identity']);
    });

    test('keeps templates escaped, and orders a workload after the objects it references that the stack holds', () => {
      const { json } = render(testEnvironment('dev'));
      expect(manifestResources(json).configmap_scripts.manifest.data).toEqual({ 'run.sh': '#!/bin/sh\nexec app --home "$${HOME}" --fmt "%%{x}"\n' });
      // The ServiceAccount is the governance stack's, applied before this stack: no reference to it here.
      expect(manifestResources(json).deployment_web.depends_on).toEqual([GUARD, 'kubernetes_manifest.configmap_scripts']);
    });

    test('exposes the environment, its connection, guard and objects (ids Connection, Guard, Objects), each object\'s resource; no namespace resource', () => {
      const env = testEnvironment('dev');
      const { stack } = render(env);
      expect(stack.environment).toBe(env);
      expect([stack.connection, stack.guard, stack.objects].map((c) => c.node.path)).toEqual(['dev/Connection', 'dev/Guard', 'dev/Objects']);
      expect(stack.objects.namespace).toBeUndefined();
      expect(stack.objects.resourceFor('Deployment', 'web', 'dev')).toBeDefined();
      expect(stack.objects.resourceFor('ServiceAccount', 'deployer', 'dev')).toBeUndefined();
    });
  });

  describe('apply order', () => {
    test('every manifest depends on the cluster guard first', () => {
      const { json } = render(testEnvironment('dev'));
      for (const [name, resource] of Object.entries(manifestResources(json))) {
        expect([name, (resource as any).depends_on[0]]).toEqual([name, GUARD]);
      }
    });
  });

  describe('protection', () => {
    test('a protected environment keeps what holds its data under prevent_destroy, and nothing else', () => {
      const env = testEnvironment('production');
      expect(env.protected).toBe(true);
      const { json } = render(env);
      const protectedResources = Object.entries<any>(manifestResources(json)).filter(([, r]) => r.lifecycle !== undefined);
      expect(protectedResources).toEqual([['statefulset_store', expect.objectContaining({ lifecycle: { prevent_destroy: true } })]]);
    });

    test('an unprotected environment has no lifecycle on any object', () => {
      const { json } = render(testEnvironment('dev'));
      expect(Object.values<any>(manifestResources(json)).filter((r) => r.lifecycle !== undefined)).toEqual([]);
    });
  });

  describe('cluster', () => {
    test('connects through the environment cluster\'s context and kubeconfig unless CI sets TF_VAR_kube_context and TF_VAR_kube_config_path', () => {
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
    test('a Secret in the deployer\'s own state namespace on the environment\'s cluster by default, one per stack', () => {
      const app = Testing.app();
      const dev = render(testEnvironment('dev'), app).json;
      const qa = render(testEnvironment('qa'), app).json;
      const on = { config_context: 'nonprod-admin', config_path: '~/.kube/config' };
      expect(dev.terraform.backend).toEqual({ kubernetes: { ...on, namespace: 'terraform-state-dev', secret_suffix: 'dev' } });
      expect(qa.terraform.backend).toEqual({ kubernetes: { ...on, namespace: 'terraform-state-qa', secret_suffix: 'qa' } });
    });

    test('kubernetes: the state namespace the definition names, suffixed with the environment', () => {
      const environments = withState({ kind: StateBackendKind.KUBERNETES, namespace: 'tf', context: 'state-admin' });
      const dev = render(testEnvironment('dev', environments)).json;
      expect(dev.terraform.backend).toEqual({
        kubernetes: { secret_suffix: 'dev', namespace: 'tf-dev', config_context: 'state-admin', config_path: '~/.kube/config' },
      });
    });

    test('fails when the deployer\'s state namespace would be longer than a namespace name may be', () => {
      const environments = withState({ kind: StateBackendKind.KUBERNETES, namespace: 'a'.repeat(60) });
      expect(() => render(testEnvironment('dev', environments))).toThrow(`environment "dev": state.namespace is "${'a'.repeat(60)}", and the `
        + `deployer's state namespace "${'a'.repeat(60)}-dev" (<state.namespace>-<environment>) has 64 characters; a namespace name has at most 63: `
        + 'shorten state.namespace or the environment name');
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
  });

  test('output is deterministic', () => {
    const first = Testing.synth(render(testEnvironment('production')).stack);
    const second = Testing.synth(render(testEnvironment('production')).stack);
    expect(first).toBe(second);
  });
});
