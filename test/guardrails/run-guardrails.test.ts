/** The runner: rules per target, severity per environment, exceptions, reachability and Terraform in one report. */
import { GuardrailTarget, IMAGE_PINNED, MIN_REPLICAS_RULE, PlatformValidationError, Severity, TargetKind, runGuardrails } from './_lib';
import { changed, deployment, goodShop, namespace, networkPolicy } from './fixtures';

/** The shop with a :latest image on web. */
const latest = goodShop().map((o) => (o.kind === 'Deployment' ? changed(o, (d) => { d.spec.template.spec.containers[0].image = 'nginx:latest'; }) : o));

function target(name: string, objects: any[], extra: Partial<GuardrailTarget> = {}): GuardrailTarget {
  return { name, kind: TargetKind.ENVIRONMENT, cluster: 'nonprod', kubernetesVersion: 'v1.33.0', namespace: 'shop', protected: false, objects, ...extra };
}

const summary = (violations: readonly any[]) => violations.map((v) => `${v.environment} ${v.severity} ${v.rule} ${v.object}${v.acceptedReason ? ' (accepted)' : ''}`);

test('the same violation is a warning in an unprotected environment and an error in a protected one', () => {
  const dev = runGuardrails({ targets: [target('dev', latest)] });
  const production = runGuardrails({ targets: [target('production', latest, { protected: true })] });
  expect(summary(dev.violations)).toEqual(['dev warning image-pinned Deployment/shop/web']);
  expect(dev.failed).toBe(false);
  expect(summary(production.violations)).toEqual(['production error image-pinned Deployment/shop/web']);
  expect(production.failed).toBe(true);
});

test('checks enforced always fail unprotected environments too', () => {
  const broken = goodShop().map((o) => (o.kind === 'Service' ? changed(o, (s) => { s.spec.ports[0].port = 'eighty'; }) : o));
  const report = runGuardrails({ targets: [target('dev', broken)] });
  expect(summary(report.errors)).toEqual(['dev error schema-valid Service/shop/store', 'dev error schema-valid Service/shop/web']);
  expect(report.failed).toBe(true);
});

test('fails when an object uses an API its own cluster no longer serves: each target is validated against its cluster\'s version', () => {
  const vac = { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttributesClass', metadata: { name: 'fast' }, driverName: 'csi.example.com' };
  const report = runGuardrails({ targets: [
    target('cluster-old', [vac], { kind: TargetKind.CLUSTER, cluster: 'old', namespace: undefined }),
    target('cluster-new', [vac], { kind: TargetKind.CLUSTER, cluster: 'new', namespace: undefined, kubernetesVersion: 'v1.34.2' }),
  ] });
  expect(report.errors.map((v) => `${v.environment} ${v.rule} ${v.object}: ${v.message}`)).toEqual([
    'cluster-old schema-valid VolumeAttributesClass/fast: storage.k8s.io/v1 VolumeAttributesClass is not served by Kubernetes 1.33 (served by 1.34, 1.35, 1.36); '
      + 'use storage.k8s.io/v1beta1',
  ]);
});

test('warns once per cluster whose Kubernetes minor has no shipped schemas, on its cluster target', () => {
  const report = runGuardrails({ targets: [
    target('dev', goodShop(), { cluster: 'legacy', kubernetesVersion: 'v1.27.16' }),
    target('cluster-legacy', [], { kind: TargetKind.CLUSTER, cluster: 'legacy', namespace: undefined, kubernetesVersion: 'v1.27.16' }),
  ] });
  expect(report.violations.filter((v) => v.rule === 'schema-version').map((v) => [v.environment, v.severity, v.object, v.message])).toEqual([[
    'cluster-legacy', Severity.WARNING, 'Cluster/legacy',
    'cluster "legacy" runs Kubernetes v1.27.16, but schemas ship for 1.33 to 1.36: its objects are validated against 1.33',
  ]]);
  expect(report.failed).toBe(false);
});

test('an exception accepts one rule for one object, with its reason; the report passes', () => {
  const report = runGuardrails({
    targets: [target('production', latest, {
      protected: true,
      exceptions: [{ rule: 'image-pinned', object: 'Deployment/web', reason: 'vendor image; pinned by digest in the mirror (OPS-42)' }],
    })],
  });
  expect(summary(report.violations)).toEqual(['production error image-pinned Deployment/shop/web (accepted)']);
  expect(report.accepted.map((v) => v.acceptedReason)).toEqual(['vendor image; pinned by digest in the mirror (OPS-42)']);
  expect(report.failed).toBe(false);
});

test('an exception that accepts nothing is reported as stale', () => {
  const report = runGuardrails({
    targets: [target('production', goodShop(), {
      protected: true,
      exceptions: [{ rule: 'min-replicas', object: 'Deployment/web', reason: 'one replica until the cache is shared' }],
    })],
  });
  expect(report.violations).toEqual([{
    rule: 'stale-exception',
    severity: Severity.ERROR,
    environment: 'production',
    object: 'Deployment/web',
    message: 'the exception for rule "min-replicas" accepts nothing: Deployment/web does not break it (or is not in the output); '
      + 'reason given: "one replica until the cache is shared"',
    fix: 'Remove the exception, or correct its rule id or object reference.',
  }]);
});

test('fails when an exception is malformed, naming the environment and field', () => {
  const run = () => runGuardrails({ targets: [target('dev', goodShop(), { exceptions: [{ rule: 'image-pinned', object: 'Deployment/web', reason: '' }] })] });
  expect(run).toThrow(PlatformValidationError);
  expect(run).toThrow('invalid platform definition (1 error):\n  - environment "dev": guardrails.exceptions[0].reason is ""; '
    + 'expected a non-empty reason: say why the violation is accepted and until when');
});

test('fails when an exception names a check that cannot be accepted', () => {
  expect(() => runGuardrails({
    targets: [target('dev', goodShop(), { exceptions: [{ rule: 'undeclared-reachability', object: 'Namespace/dev', reason: 'we need it' }] })],
  })).toThrow('environment "dev": guardrails.exceptions[0].rule is "undeclared-reachability"; expected the id of a rule that can be accepted');
});

test('fails when a target is given twice', () => {
  expect(() => runGuardrails({ targets: [target('dev', []), target('dev', [])] }))
    .toThrow('guardrail target "dev" is given twice; each environment and cluster is checked once');
});

test('runs only the rules given, and carries construct paths', () => {
  const report = runGuardrails({
    targets: [target('dev', latest, { constructPaths: { 'Deployment/shop/web': 'app-web/App/Workload-web' } })],
    rules: [IMAGE_PINNED, MIN_REPLICAS_RULE],
  });
  expect(report.violations.map((v) => [v.rule, v.constructPath, v.path])).toEqual([
    ['image-pinned', 'app-web/App/Workload-web', 'spec.template.spec.containers[0].image'],
  ]);
  expect(report.checks.map((c) => c.id).slice(0, 2)).toEqual(['image-pinned', 'min-replicas']);
});

test('reports environments that reach each other without naming each other', () => {
  const moved = (ns: string) => goodShop().map((o) => changed(o, (c) => {
    if (c.kind === 'Namespace') c.metadata.name = ns;
    else c.metadata.namespace = ns;
  }));
  const anyEgress = networkPolicy('allow-all-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] }, 'dev');
  const anyIngress = networkPolicy('allow-all-ingress', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] }, 'qa');
  const targets = [
    target('dev', [...moved('dev'), anyEgress], { namespace: 'dev', constructPaths: { 'Namespace/dev': 'environment/Namespace/Resource' } }),
    target('qa', [...moved('qa'), anyIngress], { namespace: 'qa' }),
  ];
  expect(runGuardrails({ targets }).errors).toEqual([{
    rule: 'undeclared-reachability',
    severity: Severity.ERROR,
    environment: 'dev',
    object: 'Namespace/dev',
    constructPath: 'environment/Namespace/Resource',
    message: 'can reach environment "qa" (namespace "qa") on all, but "dev" does not name "qa" in network.allowTo and "qa" does not name "dev" in network.allowFrom',
    fix: 'Remove the NetworkPolicy that opens the path, or name the environments in each other\'s network.allowTo and network.allowFrom.',
  }]);
  const declared = [{ ...targets[0], allowTo: ['qa'] }, { ...targets[1], allowFrom: ['dev'] }];
  expect(runGuardrails({ targets: declared }).errors).toEqual([]);
});

test('reports Terraform problems by stack, and objects the Terraform and the manifests do not share', () => {
  const objects = [namespace(), deployment()];
  const stack = {
    resource: {
      kubernetes_namespace_v1: { shop: { metadata: { name: 'shop', labels: namespace().metadata.labels } } },
      kubernetes_manifest: { deployment_api: { manifest: deployment('api') } },
    },
  };
  const report = runGuardrails({ targets: [target('dev', objects)], terraform: { dev: stack, orphan: { resource: { kubernetes_deployment: { web: {} } } } } });
  expect(report.errors.map((v) => `${v.environment} ${v.rule} ${v.object}: ${v.message}`)).toEqual([
    'dev terraform-parity Deployment/shop/api: Deployment/shop/api is in the Terraform but not in the manifests',
    'dev terraform-parity Deployment/shop/web: Deployment/shop/web is in the manifests but not in the Terraform',
    'orphan terraform-structure kubernetes_deployment.web: required argument "metadata" is missing',
    'orphan terraform-structure kubernetes_deployment.web: required argument "spec" is missing',
    'orphan terraform-types kubernetes_deployment.web: kubernetes_deployment is deprecated; use kubernetes_deployment_v1',
  ]);
});

test('compares a target split over several stacks with their union, and reports an object held by two of them', () => {
  const objects = [namespace(), deployment()];
  const governance = { resource: { kubernetes_namespace_v1: { shop: { metadata: { name: 'shop', labels: namespace().metadata.labels } } } } };
  const runs = { resource: { kubernetes_manifest: { deployment_web: { manifest: deployment() } } } };
  const split = target('dev', objects, { stacks: ['governance-dev', 'dev'] });
  expect(runGuardrails({ targets: [split], terraform: { 'governance-dev': governance, 'dev': runs } }).errors).toEqual([]);

  // Without the governance stack, its namespace is missing; one stack alone is compared with the whole target.
  expect(runGuardrails({ targets: [split], terraform: { dev: runs } }).errors.map((v) => `${v.environment} ${v.rule} ${v.object}: ${v.message}`))
    .toEqual(['dev terraform-parity Namespace/shop: Namespace/shop is in the manifests but not in the Terraform']);

  const twice = { resource: { ...governance.resource, kubernetes_manifest: runs.resource.kubernetes_manifest } };
  expect(runGuardrails({ targets: [split], terraform: { 'governance-dev': twice, 'dev': runs } }).errors.map((v) => `${v.environment} ${v.rule} ${v.object}: ${v.message}`))
    .toEqual(['dev terraform-parity Deployment/shop/web: Deployment/shop/web is in more than one stack (governance-dev, dev)']);
});

describe('severity as data', () => {
  test('a target\'s severity setting wins over the rule\'s default, for that rule only', () => {
    const raised = runGuardrails({ targets: [target('dev', latest, { severity: { 'image-pinned': Severity.ERROR } })] });
    expect(summary(raised.violations)).toEqual(['dev error image-pinned Deployment/shop/web']);
    expect(raised.failed).toBe(true);
    const otherRule = runGuardrails({ targets: [target('dev', latest, { severity: { 'min-replicas': Severity.ERROR } })] });
    expect(summary(otherRule.violations)).toEqual(['dev warning image-pinned Deployment/shop/web']);
  });

  test('fails when a protected environment lowers a rule to a warning, naming the environment and the field', () => {
    expect(() => runGuardrails({ targets: [target('production', latest, { protected: true, severity: { 'image-pinned': Severity.WARNING } })] }))
      .toThrow('invalid platform definition (1 error):\n  - environment "production": guardrails.severity.image-pinned is "warning"; a protected '
        + 'environment cannot lower a rule to a warning; accept the object with an exception ({ rule, object, reason }) instead');
  });

  test('fails when the severity names an unknown rule', () => {
    expect(() => runGuardrails({ targets: [target('dev', latest, { severity: { 'image-pined': Severity.ERROR } })] }))
      .toThrow(PlatformValidationError);
  });
});

describe('exceptions for a whole rule and built-in exceptions', () => {
  test('an exception without object accepts the rule for every object of the target; one for the object wins with its reason', () => {
    const twoLatest = [...latest, changed(latest.find((o) => o.kind === 'Deployment'), (d) => { d.metadata.name = 'web2'; })];
    const report = runGuardrails({
      targets: [target('production', twoLatest, {
        protected: true,
        exceptions: [
          { rule: 'image-pinned', reason: 'every image comes from the vendor mirror (OPS-7)' },
          { rule: 'image-pinned', object: 'Deployment/web2', reason: 'web2 is the vendor\'s own' },
        ],
      })],
    });
    expect(report.violations.filter((v) => v.rule === 'image-pinned').map((v) => `${v.object}: ${v.acceptedReason}`)).toEqual([
      'Deployment/shop/web: every image comes from the vendor mirror (OPS-7)',
      'Deployment/shop/web2: web2 is the vendor\'s own',
    ]);
    expect(report.failed).toBe(false);
  });

  test('the etcd snapshot job of a cluster target passes by the built-in exceptions; an environment\'s job of that name does not', () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'etcd-snapshot', namespace: 'kube-system' },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: {
        hostNetwork: true, restartPolicy: 'Never', volumes: [{ name: 'pki', hostPath: { path: '/etc/kubernetes/pki/etcd' } }],
        containers: [{ name: 'snapshot', image: 'registry.k8s.io/etcd:3.6.9-0', volumeMounts: [{ name: 'pki', mountPath: '/pki' }] }],
      } } } } },
    };
    const cluster = runGuardrails({
      targets: [target('cluster-prod', [job], { kind: TargetKind.CLUSTER, cluster: 'prod', namespace: undefined, protected: true })],
    });
    const hostRules = ['no-host-namespaces', 'no-host-path'];
    expect(cluster.violations.filter((v) => hostRules.includes(v.rule)).map((v) => `${v.rule}: ${v.acceptedReason}`)).toEqual([
      'no-host-namespaces: built-in: the etcd snapshot job reaches etcd on the control-plane node\'s loopback (stacked etcd listens on 127.0.0.1:2379)',
      'no-host-path: built-in: the etcd snapshot job reads the etcd client certificates from /etc/kubernetes/pki/etcd on the node',
    ]);
    const environment = runGuardrails({ targets: [target('production', [job], { namespace: 'kube-system', protected: true })] });
    expect(environment.errors.filter((v) => hostRules.includes(v.rule)).map((v) => v.rule)).toEqual(hostRules);
  });

  test('a built-in exception that accepts nothing is not stale', () => {
    const report = runGuardrails({ targets: [target('cluster-dev', [], { kind: TargetKind.CLUSTER, cluster: 'dev', namespace: undefined })] });
    expect(report.violations.filter((v) => v.rule === 'stale-exception')).toEqual([]);
  });
});
