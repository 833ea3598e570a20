import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { escapeTemplates, unescapeTemplates } from '../../lib/terraform/escape';
import { ClusterConnection } from '../../lib/terraform/cluster-connection';
import { ClusterGuard } from '../../lib/terraform/cluster-guard';
import { KubernetesObjects, KubernetesObjectsProps } from '../../lib/terraform/kubernetes-objects';
import {
  configMap, deployment, emptyStack, manifestResources, namespaceObject, namespaceResources, object, role, roleBinding, serviceAccount, synth,
} from './util';

const GUARD = 'data.kubernetes_resources.cluster_identity';

/**
 * Runs a kubectl step's command as Terraform's local-exec does (`/bin/sh -c`), with a `kubectl` on PATH that records
 * its arguments and standard input, prints `get` for a `get`, and fails as told.
 */
function runWithFakeKubectl(command: string, environment: { [name: string]: string }, fake: {
  readonly get: string; readonly getFails?: boolean; readonly applyFails?: boolean;
}): { status: number | null; stderr: string; calls: Array<{ args: string; stdin: string }> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kubectl-'));
  try {
    const log = path.join(dir, 'calls.jsonl');
    fs.writeFileSync(path.join(dir, 'kubectl'), [
      '#!/usr/bin/env node',
      "const fs = require('node:fs');",
      'const args = process.argv.slice(2);',
      "const stdin = args.includes('-f') ? fs.readFileSync(0, 'utf8') : '';",
      `fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args: args.join(' '), stdin }) + '\\n');`,
      "if (args.includes('get')) {",
      `  if (${JSON.stringify(!!fake.getFails)}) { process.stderr.write('error: You must be logged in to the server'); process.exit(1); }`,
      `  process.stdout.write(${JSON.stringify(fake.get)});`,
      `} else if (${JSON.stringify(!!fake.applyFails)}) {`,
      "  process.stderr.write('The StatefulSet \"store\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than ...');",
      '  process.exit(1);',
      '}',
    ].join('\n'), { mode: 0o755 });
    const result = spawnSync('/bin/sh', ['-c', command], {
      env: { PATH: `${dir}${path.delimiter}${process.env.PATH}`, ...environment }, encoding: 'utf8',
    });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
    return { status: result.status, stderr: result.stderr, calls };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
// The module object cdktf calls execSync on (an `import * as` namespace would not let jest replace it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess: typeof import('node:child_process') = require('node:child_process');

/** KubernetesObjects in a fresh stack, with a cluster guard as the stack's gate unless `gated` is false. */
function render(
  manifests: any[], props: Partial<KubernetesObjectsProps> = {}, gated = true,
): { stack: TerraformStack; objects: KubernetesObjects; json: any } {
  const stack = emptyStack();
  const guard = new ClusterGuard(stack, 'Guard', { cluster: 'nonprod', stack: 'test', context: 'nonprod-admin' });
  const objects = new KubernetesObjects(stack, 'Objects', { manifests, dependsOn: gated ? [guard.resource] : undefined, ...props });
  return { stack, objects, json: synth(stack) };
}

describe('KubernetesObjects', () => {
  describe('the Namespace', () => {
    test('becomes kubernetes_namespace_v1.<name> with its name, labels and annotations', () => {
      const ns = namespaceObject('dev', { 'platform.example.com/environment': 'dev', 'pod-security.kubernetes.io/enforce': 'baseline' });
      ns.metadata.annotations = { 'example.com/owner': 'team-a' };
      const { json } = render([ns]);
      expect(namespaceResources(json)).toEqual({
        dev: {
          metadata: {
            name: 'dev',
            labels: { 'platform.example.com/environment': 'dev', 'pod-security.kubernetes.io/enforce': 'baseline' },
            annotations: { 'example.com/owner': 'team-a' },
          },
          depends_on: [GUARD],
        },
      });
      expect(manifestResources(json)).toEqual({});
    });

    test('is under prevent_destroy when protected', () => {
      const { json } = render([namespaceObject('production')], { protect: true });
      expect(namespaceResources(json).production.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('has no lifecycle when not protected', () => {
      const { json } = render([namespaceObject('dev')], { protect: false });
      expect(namespaceResources(json).dev).not.toHaveProperty('lifecycle');
    });

    test('has no depends_on without props.dependsOn', () => {
      const { json } = render([namespaceObject('dev')], {}, false);
      expect(namespaceResources(json).dev).not.toHaveProperty('depends_on');
    });

    test('whose name starts with a digit gets a leading _, since Terraform names must not start with one', () => {
      const { json } = render([namespaceObject('2024-preview'), configMap('c', '2024-preview')]);
      expect(Object.keys(namespaceResources(json))).toEqual(['_2024-preview']);
      expect(namespaceResources(json)['_2024-preview'].metadata.name).toBe('2024-preview');
      expect(manifestResources(json).configmap_c.depends_on).toEqual(['kubernetes_namespace_v1._2024-preview']);
    });

    test('is the construct\'s namespace, and resourceFor finds it', () => {
      const { objects } = render([namespaceObject('dev')]);
      expect(objects.namespace).toBeDefined();
      expect(objects.resourceFor('Namespace', 'dev')).toBe(objects.namespace);
    });

    test('with two Namespaces there is no own namespace: every object is addressed with its namespace', () => {
      const { json, objects } = render([namespaceObject('a'), namespaceObject('b'), configMap('c', 'a'), configMap('c', 'b')]);
      expect(objects.namespace).toBeUndefined();
      expect(Object.keys(namespaceResources(json)).sort()).toEqual(['a', 'b']);
      expect(manifestResources(json).configmap_a_c.depends_on).toEqual(['kubernetes_namespace_v1.a']);
      expect(manifestResources(json).configmap_b_c.depends_on).toEqual(['kubernetes_namespace_v1.b']);
    });
  });

  describe('other objects', () => {
    test('become kubernetes_manifest.<kind>_<name> (lower case) holding the object as given', () => {
      const cm = configMap('app-settings', 'dev', { LEVEL: 'info' });
      const { json } = render([namespaceObject('dev'), cm]);
      expect(Object.keys(manifestResources(json))).toEqual(['configmap_app-settings']);
      expect(manifestResources(json)['configmap_app-settings'].manifest).toEqual(cm);
    });

    test('keep every JSON value type: numbers, booleans, null, empty objects and arrays', () => {
      const policy = object('networking.k8s.io/v1', 'NetworkPolicy', 'default-deny', 'dev', {
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [] },
      });
      const account = object('v1', 'ServiceAccount', 'deployer', 'dev', { automountServiceAccountToken: false });
      const pc = object('scheduling.k8s.io/v1', 'PriorityClass', 'batch', undefined, { value: 0, globalDefault: false, description: null });
      const { json } = render([namespaceObject('dev'), policy, account, pc]);
      expect(manifestResources(json)['networkpolicy_default-deny'].manifest).toEqual(policy);
      expect(manifestResources(json).serviceaccount_deployer.manifest).toEqual(account);
      expect(manifestResources(json).priorityclass_batch.manifest).toEqual(pc);
    });

    test('in another namespace become <kind>_<namespace>_<name>', () => {
      const { json } = render([namespaceObject('dev'), configMap('platform-identity', 'kube-system', { cluster: 'nonprod' })]);
      expect(Object.keys(manifestResources(json))).toEqual(['configmap_kube-system_platform-identity']);
    });

    test('without a namespace (cluster-scoped) become <kind>_<name>', () => {
      const { json } = render([namespaceObject('dev'), object('scheduling.k8s.io/v1', 'PriorityClass', 'app-batch', undefined, { value: 1000 })]);
      expect(Object.keys(manifestResources(json))).toEqual(['priorityclass_app-batch']);
    });

    test('have characters Terraform does not allow in a name replaced by _', () => {
      const { json } = render([namespaceObject('dev'), configMap('app.settings', 'dev'), configMap('ca.crt', 'other.ns')]);
      expect(Object.keys(manifestResources(json)).sort()).toEqual(['configmap_app_settings', 'configmap_other_ns_ca_crt']);
    });

    test('come out with ${ and %{ escaped and multi-line strings intact', () => {
      const script = '#!/bin/sh\nset -eu\necho "home is ${HOME}" \\\n  && printf \'%s\\n\' "100%"\n';
      const cm = configMap('scripts', 'dev', { 'entrypoint.sh': script, template: 'Hello %{ if admin }boss%{ endif }, $USER', plain: 'a $ b % c' });
      const { json } = render([namespaceObject('dev'), cm]);
      expect(manifestResources(json).configmap_scripts.manifest.data).toEqual({
        'entrypoint.sh': '#!/bin/sh\nset -eu\necho "home is $${HOME}" \\\n  && printf \'%s\\n\' "100%"\n',
        template: 'Hello %%{ if admin }boss%%{ endif }, $USER',
        plain: 'a $ b % c',
      });
      expect(unescapeTemplates(manifestResources(json).configmap_scripts.manifest)).toEqual(cm);
      // In the file itself: the line breaks are JSON escapes of one string, not lines of their own.
      expect(JSON.stringify(json)).toContain(JSON.stringify(escapeTemplates(script)));
    });

    test('escape ${ and %{ in keys too', () => {
      const cm = configMap('keys', 'dev', { '${weird}': 'x' });
      cm.metadata.annotations = { 'example.com/%{a}': 'y' };
      const { json } = render([namespaceObject('dev'), cm]);
      expect(manifestResources(json).configmap_keys.manifest.data).toEqual({ '$${weird}': 'x' });
      expect(manifestResources(json).configmap_keys.manifest.metadata.annotations).toEqual({ 'example.com/%%{a}': 'y' });
    });

    test('leave the input objects unchanged', () => {
      const cm = configMap('c', 'dev', { a: '${x}' });
      render([namespaceObject('dev'), cm]);
      expect(cm).toEqual(configMap('c', 'dev', { a: '${x}' }));
    });

    test('resourceFor finds a manifest by kind, name and namespace', () => {
      const { objects } = render([namespaceObject('dev'), configMap('c', 'dev'), configMap('c', 'kube-system')]);
      expect(objects.resourceFor('ConfigMap', 'c', 'dev')).toBeDefined();
      expect(objects.resourceFor('ConfigMap', 'c', 'kube-system')).toBeDefined();
      expect(objects.resourceFor('ConfigMap', 'c', 'dev')).not.toBe(objects.resourceFor('ConfigMap', 'c', 'kube-system'));
      expect(objects.resourceFor('ConfigMap', 'missing', 'dev')).toBeUndefined();
    });
  });

  describe('depends_on', () => {
    test('every namespaced manifest depends on the namespace first, not on the gate', () => {
      const { json } = render([namespaceObject('dev'), configMap('a', 'dev'), serviceAccount('b', 'dev'), role('c', 'dev')]);
      for (const [name, resource] of Object.entries(manifestResources(json))) {
        expect([name, (resource as any).depends_on]).toEqual([name, ['kubernetes_namespace_v1.dev']]);
      }
    });

    test('the namespace may come after its objects in the manifests', () => {
      const { json } = render([configMap('a', 'dev'), namespaceObject('dev')]);
      expect(manifestResources(json).configmap_a.depends_on).toEqual(['kubernetes_namespace_v1.dev']);
    });

    test('objects without a namespace resource in the stack depend on props.dependsOn', () => {
      const { json } = render([
        namespaceObject('dev'),
        object('scheduling.k8s.io/v1', 'PriorityClass', 'app-batch', undefined, { value: 1000 }),
        configMap('platform-identity', 'kube-system'),
      ]);
      expect(manifestResources(json)['priorityclass_app-batch'].depends_on).toEqual([GUARD]);
      expect(manifestResources(json)['configmap_kube-system_platform-identity'].depends_on).toEqual([GUARD]);
    });

    test('objects without a namespace resource and without props.dependsOn have no depends_on', () => {
      const { json } = render([configMap('c', 'kube-system')], {}, false);
      expect(manifestResources(json)['configmap_kube-system_c']).not.toHaveProperty('depends_on');
    });

    test('a RoleBinding comes after its Role and its ServiceAccount, after the namespace', () => {
      const { json } = render([
        namespaceObject('dev'),
        serviceAccount('deployer', 'dev'),
        role('deployer', 'dev'),
        roleBinding('deployer', 'dev', 'deployer', [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'dev' }]),
      ]);
      expect(manifestResources(json).rolebinding_deployer.depends_on).toEqual([
        'kubernetes_namespace_v1.dev',
        'kubernetes_manifest.role_deployer',
        'kubernetes_manifest.serviceaccount_deployer',
      ]);
      expect(manifestResources(json).role_deployer.depends_on).toEqual(['kubernetes_namespace_v1.dev']);
    });

    test('a reference to an object listed later still orders that object first', () => {
      const { json } = render([
        namespaceObject('dev'),
        deployment('web', 'dev', { serviceAccountName: 'web', containers: [{ name: 'web', image: 'nginx', envFrom: [{ configMapRef: { name: 'web-env' } }] }] }),
        roleBinding('viewer', 'dev', 'viewer'),
        role('viewer', 'dev'),
        serviceAccount('web', 'dev'),
        configMap('web-env', 'dev'),
      ]);
      expect(manifestResources(json).rolebinding_viewer.depends_on).toEqual(['kubernetes_namespace_v1.dev', 'kubernetes_manifest.role_viewer']);
      expect(manifestResources(json).deployment_web.depends_on).toEqual([
        'kubernetes_namespace_v1.dev',
        'kubernetes_manifest.serviceaccount_web',
        'kubernetes_manifest.configmap_web-env',
      ]);
    });

    test('references outside the stack, or to the same name in another namespace, add no edge', () => {
      const { json } = render([
        namespaceObject('dev'),
        role('viewer', 'kube-system'),
        roleBinding('viewer', 'dev', 'viewer'),
        roleBinding('missing', 'dev', 'not-in-stack'),
      ]);
      expect(manifestResources(json).rolebinding_viewer.depends_on).toEqual(['kubernetes_namespace_v1.dev']);
      expect(manifestResources(json).rolebinding_missing.depends_on).toEqual(['kubernetes_namespace_v1.dev']);
    });

    test('references in another namespace resolve within that namespace', () => {
      const { json } = render([
        namespaceObject('dev'),
        role('reader', 'kube-system'),
        roleBinding('reader', 'kube-system', 'reader', [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'dev' }]),
      ]);
      expect(manifestResources(json)['rolebinding_kube-system_reader'].depends_on).toEqual([GUARD, 'kubernetes_manifest.role_kube-system_reader']);
    });

    test('an object that refers to itself does not depend on itself', () => {
      const hpa = object('autoscaling/v2', 'HorizontalPodAutoscaler', 'loop', 'dev', {
        spec: { scaleTargetRef: { kind: 'HorizontalPodAutoscaler', name: 'loop' }, maxReplicas: 2 },
      });
      const { json } = render([namespaceObject('dev'), hpa]);
      expect(manifestResources(json).horizontalpodautoscaler_loop.depends_on).toEqual(['kubernetes_namespace_v1.dev']);
    });

    test('an autoscaler comes after its target, an Ingress after its Services', () => {
      const { json } = render([
        namespaceObject('dev'),
        deployment('web', 'dev', { containers: [{ name: 'web', image: 'nginx' }] }),
        object('v1', 'Service', 'web', 'dev', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }),
        object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 'dev', {
          spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5 },
        }),
        object('networking.k8s.io/v1', 'Ingress', 'web', 'dev', {
          spec: { rules: [{ host: 'dev.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
        }),
      ]);
      expect(manifestResources(json).horizontalpodautoscaler_web.depends_on).toEqual(['kubernetes_namespace_v1.dev', 'kubernetes_manifest.deployment_web']);
      expect(manifestResources(json).ingress_web.depends_on).toEqual(['kubernetes_namespace_v1.dev', 'kubernetes_manifest.service_web']);
    });
  });

  describe('fails when', () => {
    test('fails when the same object appears twice', () => {
      expect(() => render([namespaceObject('dev'), configMap('c', 'dev'), configMap('c', 'dev', { other: 'data' })])).toThrow(
        'test/Objects: ConfigMap "c" appears twice in the manifests; Terraform can manage it once (kubernetes_manifest.configmap_c)',
      );
    });

    test('fails when the same Namespace appears twice', () => {
      expect(() => render([namespaceObject('dev'), namespaceObject('dev')])).toThrow(
        'test/Objects: Namespace "dev" appears twice in the manifests; Terraform can manage it once (kubernetes_namespace_v1.dev)',
      );
    });

    test('fails when two objects map to the same Terraform address', () => {
      expect(() => render([namespaceObject('dev'), configMap('app.settings', 'dev'), configMap('app-settings', 'dev'), configMap('app_settings', 'dev')]))
        .toThrow('test/Objects: two objects map to the Terraform address kubernetes_manifest.configmap_app_settings; rename one of them');
    });

    test('fails when an object in another namespace takes the address of one in the own namespace', () => {
      expect(() => render([namespaceObject('dev'), configMap('kube-system.c', 'dev'), configMap('c', 'kube-system')])).toThrow(
        'test/Objects: two objects map to the Terraform address kubernetes_manifest.configmap_kube-system_c; rename one of them',
      );
    });
  });

  describe('rollout checks', () => {
    const connection = { configPath: '/ci/kubeconfig', context: 'nonprod-admin' };

    test('no workload waits in the provider: wait { rollout } re-reads the object and loses a failed create (provider #1591, #2808)', () => {
      const { json } = render([namespaceObject('dev'), deployment('web', 'dev', {}), configMap('settings', 'dev')], { kubectl: connection });
      for (const resource of Object.values<any>(manifestResources(json))) {
        expect(resource.wait).toBeUndefined();
        expect(resource.timeouts).toBeUndefined();
      }
    });

    test('Terraform >=1.4, which terraform_data needs, is checked once per stack, not once per rollout check', () => {
      // cdktf's DataResource ran `terraform version` in a child process for each resource at synth.
      const workloads = ['a', 'b', 'c', 'd'].map((name) => deployment(name, 'dev', {}));
      const { stack } = render([namespaceObject('dev'), ...workloads], { kubectl: connection });
      new ClusterConnection(stack, 'Connection', { context: 'nonprod-admin' });
      const execSync = jest.spyOn(childProcess, 'execSync').mockReturnValue(Buffer.from('Terraform v1.14.9\n'));
      try {
        Testing.synth(stack, true);
        expect(execSync.mock.calls.map((call) => call[0])).toEqual(['terraform version']);
      } finally {
        execSync.mockRestore();
      }
    });

    test('fails synth when Terraform is older than 1.4', () => {
      const { stack } = render([namespaceObject('dev'), deployment('web', 'dev', {})], { kubectl: connection });
      new ClusterConnection(stack, 'Connection', { context: 'nonprod-admin' });
      const execSync = jest.spyOn(childProcess, 'execSync').mockReturnValue(Buffer.from('Terraform v1.3.9\n'));
      try {
        expect(() => Testing.synth(stack, true)).toThrow(/terraform version 1\.3\.9 is lower than the required version >=1\.4/);
      } finally {
        execSync.mockRestore();
      }
    });

    test('each workload gets a terraform_data rollout check: kubectl rollout status, a minute past its progress deadline', () => {
      const withDeadline = deployment('web', 'dev', {});
      withDeadline.spec.progressDeadlineSeconds = 300;
      const { json } = render([namespaceObject('dev'), withDeadline, deployment('api', 'dev', {}), configMap('settings', 'dev')], { kubectl: connection });
      const checks = json.resource.terraform_data;
      expect(Object.keys(checks).sort()).toEqual(['rollout_deployment_api', 'rollout_deployment_web']);
      expect(checks.rollout_deployment_web).toEqual({
        depends_on: ['kubernetes_manifest.deployment_web'],
        triggers_replace: { manifest: expect.stringMatching(/^[0-9a-f]{64}$/) },
        provisioner: [{
          'local-exec': {
            command: 'kubectl --context "$KUBE_CONTEXT" rollout status deployment/web --namespace dev --timeout=360s',
            environment: { KUBECONFIG: '${pathexpand("/ci/kubeconfig")}', KUBE_CONTEXT: 'nonprod-admin' },
          },
        }],
      });
      expect(checks.rollout_deployment_api.provisioner[0]['local-exec'].command).toMatch(/ --timeout=660s$/);
    });

    test('the check runs again exactly when the workload\'s manifest changes', () => {
      const hashOf = (image: string) => render([namespaceObject('dev'), deployment('web', 'dev', { containers: [{ name: 'web', image }] })], {
        kubectl: connection,
      }).json.resource.terraform_data.rollout_deployment_web.triggers_replace.manifest;
      expect(hashOf('web:1.0')).toBe(hashOf('web:1.0'));
      expect(hashOf('web:1.1')).not.toBe(hashOf('web:1.0'));
    });

    test('no checks without a connection', () => {
      const { json } = render([namespaceObject('dev'), deployment('web', 'dev', {})]);
      expect(json.resource.terraform_data).toBeUndefined();
    });
  });

  describe('the hand-over of a replica count to a new autoscaler', () => {
    const connection = { configPath: '/ci/kubeconfig', context: 'nonprod-admin' };
    const hpaFor = (kind: string, name: string) => object('autoscaling/v2', 'HorizontalPodAutoscaler', name, 'dev', {
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind, name }, minReplicas: 2, maxReplicas: 5 },
    });
    const autoscaled = () => {
      const web = deployment('web', 'dev', {});
      delete web.spec.replicas;
      return web;
    };

    test('an autoscaled workload is applied after a terraform_data that hands its live count to a second field manager', () => {
      const { json } = render([namespaceObject('dev'), autoscaled(), hpaFor('Deployment', 'web')], { kubectl: connection });
      expect(json.resource.terraform_data.handover_deployment_web).toEqual({
        depends_on: ['kubernetes_namespace_v1.dev'],
        triggers_replace: { target: 'dev/deployment/web' },
        provisioner: [{
          'local-exec': {
            command: [
              'set -eu',
              'replicas="$(kubectl --context "$KUBE_CONTEXT" --namespace dev get deployment/web --ignore-not-found -o jsonpath=\'{.spec.replicas}\')"',
              'if [ -n "$replicas" ]; then',
              '  printf \'{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"dev"},"spec":{"replicas":%s}}\' "$replicas" '
                + '| kubectl --context "$KUBE_CONTEXT" apply --server-side --field-manager=handover-to-hpa --validate=false -f -',
              'fi',
            ].join('\n'),
            environment: { KUBECONFIG: '${pathexpand("/ci/kubeconfig")}', KUBE_CONTEXT: 'nonprod-admin' },
          },
        }],
      });
      expect(manifestResources(json).deployment_web.depends_on).toEqual(['kubernetes_namespace_v1.dev', 'terraform_data.handover_deployment_web']);
    });

    test('runs once per autoscaled workload: its trigger is the workload, not its manifest', () => {
      const triggerOf = (image: string) => {
        const web = autoscaled();
        web.spec.template.spec = { containers: [{ name: 'web', image }] };
        return render([namespaceObject('dev'), web, hpaFor('Deployment', 'web')], { kubectl: connection }).json.resource.terraform_data.handover_deployment_web
          .triggers_replace;
      };
      expect(triggerOf('web:1.1')).toEqual(triggerOf('web:1.0'));
    });

    test('a workload with fixed replicas, or without a kubectl connection, gets none', () => {
      expect(render([namespaceObject('dev'), deployment('web', 'dev', {})], { kubectl: connection }).json.resource.terraform_data.handover_deployment_web)
        .toBeUndefined();
      expect(render([namespaceObject('dev'), autoscaled(), hpaFor('Deployment', 'web')]).json.resource.terraform_data).toBeUndefined();
    });

    test('the step\'s shell applies the live count under handover-to-hpa, and nothing when the workload does not exist yet', () => {
      const { json } = render([namespaceObject('dev'), autoscaled(), hpaFor('Deployment', 'web')], { kubectl: connection });
      const step = json.resource.terraform_data.handover_deployment_web.provisioner[0]['local-exec'];
      const existing = runWithFakeKubectl(step.command, { KUBE_CONTEXT: 'nonprod-admin' }, { get: '3' });
      expect(existing.status).toBe(0);
      expect(existing.calls).toEqual([
        { args: '--context nonprod-admin --namespace dev get deployment/web --ignore-not-found -o jsonpath={.spec.replicas}', stdin: '' },
        {
          args: '--context nonprod-admin apply --server-side --field-manager=handover-to-hpa --validate=false -f -',
          stdin: '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"dev"},"spec":{"replicas":3}}',
        },
      ]);
      const missing = runWithFakeKubectl(step.command, { KUBE_CONTEXT: 'nonprod-admin' }, { get: '' });
      expect(missing.status).toBe(0);
      expect(missing.calls.map((call) => call.args.split(' ')[4])).toEqual(['get']);
    });

    test('fails the deploy when kubectl cannot read the workload', () => {
      const { json } = render([namespaceObject('dev'), autoscaled(), hpaFor('Deployment', 'web')], { kubectl: connection });
      const step = json.resource.terraform_data.handover_deployment_web.provisioner[0]['local-exec'];
      const failed = runWithFakeKubectl(step.command, { KUBE_CONTEXT: 'nonprod-admin' }, { get: '', getFails: true });
      expect(failed.status).not.toBe(0);
      expect(failed.calls).toHaveLength(1);
    });
  });

  describe('the check of a StatefulSet\'s claim templates against the cluster', () => {
    const connection = { configPath: '/ci/kubeconfig', context: 'nonprod-admin' };
    const store = (storage: string, image = 'postgres:17.2') => object('apps/v1', 'StatefulSet', 'store', 'dev', {
      spec: {
        serviceName: 'store',
        replicas: 3,
        selector: { matchLabels: { app: 'store' } },
        template: { metadata: { labels: { app: 'store' } }, spec: { containers: [{ name: 'store', image, args: ['--config=${CONFIG}'] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } }],
      },
    });

    test('a StatefulSet with claim templates is applied after a server-side dry run of it, run when the templates change', () => {
      const { json } = render([namespaceObject('dev'), store('10Gi')], { kubectl: connection });
      const check = json.resource.terraform_data.claims_statefulset_store;
      expect(check.depends_on).toEqual(['kubernetes_namespace_v1.dev']);
      expect(Object.keys(check.triggers_replace)).toEqual(['claims']);
      const step = check.provisioner[0]['local-exec'];
      expect(step.environment).toEqual({
        KUBECONFIG: '${pathexpand("/ci/kubeconfig")}',
        KUBE_CONTEXT: 'nonprod-admin',
        // Terraform reads ${ in a string as a template: the manifest's own ${CONFIG} is escaped, as in kubernetes_manifest.
        MANIFEST: JSON.stringify(store('10Gi')).replace('${CONFIG}', () => '$${CONFIG}'),
      });
      expect(step.command.split('\n').slice(0, 2)).toEqual([
        'set -eu',
        'if [ -n "$(kubectl --context "$KUBE_CONTEXT" --namespace dev get statefulset/store --ignore-not-found -o name)" ]; then',
      ]);
      expect(manifestResources(json).statefulset_store.depends_on).toEqual(['kubernetes_namespace_v1.dev', 'terraform_data.claims_statefulset_store']);
      const triggerOf = (storage: string, image?: string) => render([namespaceObject('dev'), store(storage, image)], { kubectl: connection })
        .json.resource.terraform_data.claims_statefulset_store.triggers_replace.claims;
      expect(triggerOf('10Gi', 'postgres:17.3')).toBe(triggerOf('10Gi'));
      expect(triggerOf('20Gi')).not.toBe(triggerOf('10Gi'));
    });

    test('the step\'s shell dry-runs the manifest Terraform sends as the platform\'s field manager, and only for an existing StatefulSet', () => {
      const { json } = render([namespaceObject('dev'), store('10Gi')], { kubectl: connection });
      const step = json.resource.terraform_data.claims_statefulset_store.provisioner[0]['local-exec'];
      const environment = { KUBE_CONTEXT: 'nonprod-admin', MANIFEST: unescapeTemplates(step.environment.MANIFEST) as string };
      const existing = runWithFakeKubectl(step.command, environment, { get: 'statefulset.apps/store' });
      expect(existing.status).toBe(0);
      expect(existing.calls).toEqual([
        { args: '--context nonprod-admin --namespace dev get statefulset/store --ignore-not-found -o name', stdin: '' },
        {
          args: '--context nonprod-admin --namespace dev apply --server-side --dry-run=server --field-manager=platform-deploy --force-conflicts -f -',
          stdin: JSON.stringify(store('10Gi')),
        },
      ]);
      const missing = runWithFakeKubectl(step.command, environment, { get: '' });
      expect(missing.status).toBe(0);
      expect(missing.calls).toHaveLength(1);
    });

    test('fails the deploy, before the StatefulSet is applied, with the procedure when the API server refuses the dry run', () => {
      const { json } = render([namespaceObject('dev'), store('20Gi')], { kubectl: connection });
      const step = json.resource.terraform_data.claims_statefulset_store.provisioner[0]['local-exec'];
      const environment = { KUBE_CONTEXT: 'nonprod-admin', MANIFEST: unescapeTemplates(step.environment.MANIFEST) as string };
      const refused = runWithFakeKubectl(step.command, environment, { get: 'statefulset.apps/store', applyFails: true });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('StatefulSet store: if the API server refused spec.volumeClaimTemplates above, the claim templates are immutable. '
        + 'To grow the volumes: (1) where the StorageClass allows volume expansion, resize each claim: '
        + 'kubectl -n dev patch pvc <template>-store-<ordinal> -p \'{"spec":{"resources":{"requests":{"storage":"<size>"}}}}\'; '
        + '(2) kubectl -n dev delete statefulset store --cascade=orphan (its pods and claims stay); (3) deploy again');
    });

    test('an autoscaled StatefulSet is handed over first, then checked, then applied', () => {
      const autoscaledStore = store('10Gi');
      delete autoscaledStore.spec.replicas;
      const hpa = object('autoscaling/v2', 'HorizontalPodAutoscaler', 'store', 'dev', {
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'store' }, minReplicas: 3, maxReplicas: 5 },
      });
      const { json } = render([namespaceObject('dev'), autoscaledStore, hpa], { kubectl: connection });
      expect(json.resource.terraform_data.claims_statefulset_store.depends_on).toEqual(['kubernetes_namespace_v1.dev', 'terraform_data.handover_statefulset_store']);
      expect(manifestResources(json).statefulset_store.depends_on).toEqual([
        'kubernetes_namespace_v1.dev', 'terraform_data.handover_statefulset_store', 'terraform_data.claims_statefulset_store',
      ]);
    });

    test('a StatefulSet without claim templates, or without a kubectl connection, gets none', () => {
      const plain = store('10Gi');
      delete plain.spec.volumeClaimTemplates;
      expect(render([namespaceObject('dev'), plain], { kubectl: connection }).json.resource.terraform_data.claims_statefulset_store).toBeUndefined();
      expect(render([namespaceObject('dev'), store('10Gi')]).json.resource.terraform_data).toBeUndefined();
    });
  });

  describe('field ownership', () => {
    test('applies every object with the platform\'s field manager; forces conflicts for the kinds the definition owns', () => {
      const claim = object('v1', 'PersistentVolumeClaim', 'data', 'dev', { spec: { resources: { requests: { storage: '1Gi' } } } });
      const custom = object('example.com/v1', 'Widget', 'w', 'dev');
      const { json } = render([namespaceObject('dev'), deployment('web', 'dev', {}), configMap('settings', 'dev'), claim, custom]);
      const resources = manifestResources(json);
      expect(resources.deployment_web.field_manager).toEqual({ name: 'platform-deploy', force_conflicts: true });
      expect(resources.configmap_settings.field_manager).toEqual({ name: 'platform-deploy', force_conflicts: true });
      expect(resources.persistentvolumeclaim_data.field_manager).toEqual({ name: 'platform-deploy', force_conflicts: false });
      expect(resources.widget_w.field_manager).toEqual({ name: 'platform-deploy', force_conflicts: false });
    });

    test('leaves an autoscaled workload\'s replicas to its autoscaler: not sent, and computed', () => {
      const web = deployment('web', 'dev', {});
      delete web.spec.replicas;
      const hpa = object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 'dev', {
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5 },
      });
      const { json } = render([namespaceObject('dev'), web, hpa, deployment('api', 'dev', {})]);
      const resources = manifestResources(json);
      expect(resources.deployment_web.computed_fields).toEqual(['metadata.labels', 'metadata.annotations', 'spec.replicas']);
      expect(resources.deployment_web.manifest.spec.replicas).toBeUndefined();
      expect(resources.deployment_api.computed_fields).toBeUndefined();
    });

    test('fails when an autoscaled workload declares spec.replicas', () => {
      const web = deployment('web', 'dev', {});
      web.spec.replicas = 3;
      const hpa = object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 'dev', {
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5 },
      });
      expect(() => render([namespaceObject('dev'), web, hpa])).toThrow('test/Objects: Deployment "web" declares spec.replicas (3) and a '
        + 'HorizontalPodAutoscaler scales it; every deploy would fight the autoscaler. Leave spec.replicas out of an autoscaled workload');
    });
  });

  describe('protected kinds', () => {
    test('puts the given kinds under prevent_destroy, and nothing else', () => {
      const store = object('apps/v1', 'StatefulSet', 'store', 'production', { spec: { serviceName: 'store' } });
      const { json } = render([namespaceObject('production'), store, configMap('settings', 'production')], { protectKinds: ['StatefulSet'] });
      const resources = manifestResources(json);
      expect(resources.statefulset_store.lifecycle).toEqual({ prevent_destroy: true });
      expect(resources.configmap_settings.lifecycle).toBeUndefined();
    });
  });
});

