/** The guardrails over the reference platform's real outputs, as `npm run synth` will run them. */
import { App as CdktfApp, Testing } from 'cdktf';
import { PlatformCharts, Severity, addPlatformStacks, resolvePlatform } from '../../lib';
import { platform as definition } from '../../environments';
import { checkPlatform, constructPathsOf, outputsOfCharts, platformTargets } from '../../lib/platform/check-platform';
import { EXTERNAL_SECRET_CRD } from '../guardrails/crds';

const platform = resolvePlatform(definition);
const charts = new PlatformCharts({ platform, outdir: '/nonexistent' });
const outputs = outputsOfCharts(charts);
const app = Testing.app();
const stacks = addPlatformStacks(app as CdktfApp, charts);
const terraform = Object.fromEntries([...stacks.environments, ...stacks.governance, ...stacks.clusters]
  .map((s) => [s.node.id, JSON.parse(Testing.synth(s))]));

test('one target per environment and per cluster, with the model\'s protected flags and namespaces', () => {
  const targets = platformTargets(platform, outputs).map((t) => [t.name, t.kind, t.cluster, t.namespace, t.protected]);
  expect(targets).toEqual([
    ...platform.environments.map((e) => [e.name, 'environment', e.cluster.name, e.namespace, e.protected]),
    ...platform.clusters.map((c) => [`cluster-${c.name}`, 'cluster', c.name, undefined, platform.environments.some((e) => e.cluster.name === c.name && e.protected)]),
  ]);
  expect(targets).toEqual(expect.arrayContaining([
    ['dev', 'environment', 'nonprod', 'dev', false],
    ['qa', 'environment', 'nonprod', 'qa', false],
    ['staging', 'environment', 'nonprod', 'staging', false],
    ['production', 'environment', 'prod', 'production', true],
    ['cluster-nonprod', 'cluster', 'nonprod', undefined, false],
    ['cluster-prod', 'cluster', 'prod', undefined, true],
  ]));
});

/** The environments' violations (the clusters' own objects are another engineer's work in progress; see the report). */
const ENVIRONMENTS = platform.environments.map((e) => e.name);

/** Production with a custom resource added, as an app with an `externalStore` secret renders it. */
const externalSecret = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'api-payments', namespace: 'production', labels: { 'platform.example.com/environment': 'production' } },
  spec: {
    refreshInterval: '1h',
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
    target: { name: 'api-payments', creationPolicy: 'Owner' },
    dataFrom: [{ extract: { key: 'shop/payments-api' } }],
  },
};
const withCustomResource = {
  ...outputs,
  environments: { ...outputs.environments, production: [...outputs.environments.production, externalSecret] },
};

test('production passes every rule with no exception', () => {
  const report = checkPlatform(platform, { ...outputs, terraform });
  expect(report.violations.filter((v) => v.environment === 'production')).toEqual([]);
  expect(report.accepted.filter((v) => v.environment === 'production')).toEqual([]);
});

test('a custom resource passes, given its CRD', () => {
  const report = checkPlatform(platform, { ...withCustomResource, crds: [EXTERNAL_SECRET_CRD] });
  expect(report.violations.filter((v) => v.environment === 'production')).toEqual([]);
  expect(report.accepted.filter((v) => v.environment === 'production')).toEqual([]);
});

test('applies the exceptions the definitions declare when none are passed: the clusters\' etcd snapshot job', () => {
  const report = checkPlatform(platform, outputs);
  expect([...new Set(report.accepted.map((v) => `${v.environment} ${v.rule} ${v.object}`))].sort()).toEqual(['cluster-nonprod', 'cluster-prod'].flatMap((c) => [
    `${c} network-policy-coverage CronJob/kube-system/etcd-snapshot`,
    `${c} no-host-namespaces CronJob/kube-system/etcd-snapshot`,
    `${c} no-host-path CronJob/kube-system/etcd-snapshot`,
    `${c} run-as-non-root CronJob/kube-system/etcd-snapshot`,
  ]));
});

test('each environment warns only of the single replicas its definition intends: dev and qa run every app once, staging none of its own', () => {
  const report = checkPlatform(platform, { ...outputs, terraform, crds: [EXTERNAL_SECRET_CRD] });
  expect(report.violations.filter((v) => ENVIRONMENTS.includes(v.environment))
    .map((v) => `${v.environment} ${v.severity} ${v.rule} ${v.object} (${v.constructPath})`)).toEqual(ENVIRONMENTS.flatMap(singleReplicaWarnings));
  // The reference's own: dev and qa run every app once; staging and production run none once.
  expect(ENVIRONMENTS.flatMap(singleReplicaWarnings)).toEqual(expect.arrayContaining([
    'dev warning min-replicas Deployment/dev/api (app-api/App/Workload-api)',
    'dev warning min-replicas Deployment/dev/web (app-web/App/Workload-web)',
    'dev warning min-replicas Deployment/dev/worker (app-worker/App/Workload-worker)',
    'dev warning min-replicas StatefulSet/dev/store (app-store/App/Workload-store)',
    'qa warning min-replicas Deployment/qa/api (app-api/App/Workload-api)',
    'qa warning min-replicas Deployment/qa/web (app-web/App/Workload-web)',
    'qa warning min-replicas Deployment/qa/worker (app-worker/App/Workload-worker)',
    'qa warning min-replicas StatefulSet/qa/store (app-store/App/Workload-store)',
  ]));
  expect(['staging', 'production'].flatMap(singleReplicaWarnings).filter((w) => /\(app-(web|api|worker|store)\//.test(w))).toEqual([]);
});

/** The warnings min-replicas owes an environment: one per workload with a fixed replica count below two, read off its objects. */
function singleReplicaWarnings(env: string): string[] {
  const objects = outputs.environments[env];
  const scaled = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
  return objects
    .filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && !scaled.includes(o.metadata.name) && (o.spec.replicas ?? 1) < 2)
    .map((o) => `${env} warning min-replicas ${o.kind}/${o.metadata.namespace}/${o.metadata.name} `
      + `(app-${o.spec.template.metadata.labels['app.kubernetes.io/name']}/App/Workload-${o.metadata.name})`)
    .sort();
}

test('fails the protected environment when a custom kind has no known schema', () => {
  const report = checkPlatform(platform, withCustomResource);
  expect(report.errors.filter((v) => ENVIRONMENTS.includes(v.environment)).map((v) => `${v.environment} ${v.rule} ${v.object}: ${v.message}`)).toEqual([
    `production schema-known ExternalSecret/production/api-payments: no schema is known for ${externalSecret.apiVersion} ExternalSecret: `
    + 'it is not a Kubernetes kind, and no CustomResourceDefinition given declares it',
  ]);
});

test('construct paths come from the cdk8s apps', () => {
  expect(constructPathsOf(charts.environment('production').app)['Namespace/production']).toBe('environment/Namespace/Resource');
  expect(outputs.constructPaths['cluster-prod']['PriorityClass/app-critical']).toBe('cluster/PriorityClasses/app-critical');
});

test('fails when the outputs do not name exactly the platform\'s environments and clusters', () => {
  const withoutDev = Object.fromEntries(Object.entries(outputs.environments).filter(([name]) => name !== 'dev'));
  expect(() => checkPlatform(platform, { ...outputs, environments: { ...withoutDev, preview: [] }, exceptions: { pr1: [] } }))
    .toThrow('the outputs do not match the platform: no objects given for environment "dev"; environment "preview", exceptions of "pr1" '
      + 'not in the platform; pass the objects of every environment and cluster of the platform, by name');
});

test('exceptions reach their environment or cluster target', () => {
  const report = checkPlatform(platform, {
    ...outputs,
    crds: [EXTERNAL_SECRET_CRD],
    exceptions: {
      dev: [{ rule: 'min-replicas', object: 'Deployment/api', reason: 'dev runs one api to save memory' }],
      'cluster-prod': [{ rule: 'no-host-path', object: 'CronJob/kube-system/no-such-job', reason: 'etcd snapshots read the etcd PKI' }],
    },
  });
  expect(report.accepted.filter((v) => !v.acceptedReason!.startsWith('built-in: ')).map((v) => `${v.environment} ${v.rule} ${v.object}: ${v.acceptedReason}`))
    .toEqual(['dev min-replicas Deployment/dev/api: dev runs one api to save memory']);
  expect(report.violations.filter((v) => v.rule === 'stale-exception').map((v) => `${v.environment} ${v.severity} ${v.object}`))
    .toEqual(['cluster-prod error CronJob/kube-system/no-such-job']);
});

test('the etcd snapshot job passes by the built-in exceptions, which the reference no longer copies', () => {
  const report = checkPlatform(platform, { ...outputs, crds: [EXTERNAL_SECRET_CRD] });
  const accepted = report.accepted.filter((v) => v.environment.startsWith('cluster-'));
  expect([...new Set(accepted.map((v) => `${v.environment} ${v.rule} ${v.object}`))]).toEqual(['nonprod', 'prod'].flatMap((cluster) => [
    `cluster-${cluster} network-policy-coverage CronJob/kube-system/etcd-snapshot`,
    `cluster-${cluster} no-host-namespaces CronJob/kube-system/etcd-snapshot`,
    `cluster-${cluster} no-host-path CronJob/kube-system/etcd-snapshot`,
    `cluster-${cluster} run-as-non-root CronJob/kube-system/etcd-snapshot`,
  ]));
  expect(accepted.every((v) => v.acceptedReason!.startsWith('built-in: '))).toBe(true);
  expect(report.errors.filter((v) => v.environment.startsWith('cluster-'))).toEqual([]);
  expect(platform.clusters.map((c) => c.guardrails.exceptions)).toEqual([[], []]);
});

test('severity per rule and environment: the settings win over the rule\'s default', () => {
  const envs = platform.environments.map((env) => (env.name !== 'dev' ? env
    : { ...env, guardrails: { ...env.guardrails, severity: { 'min-replicas': Severity.ERROR } } }));
  const report = checkPlatform({ ...platform, environments: envs }, { ...outputs, crds: [EXTERNAL_SECRET_CRD] });
  const before = checkPlatform(platform, { ...outputs, crds: [EXTERNAL_SECRET_CRD] });
  const minReplicas = (r: typeof report, severity: Severity) => r.violations
    .filter((v) => v.environment === 'dev' && v.rule === 'min-replicas' && v.severity === severity && v.acceptedReason === undefined).length;
  expect(minReplicas(before, Severity.WARNING)).toBeGreaterThan(0);
  expect(minReplicas(report, Severity.ERROR)).toBe(minReplicas(before, Severity.WARNING));
  expect(minReplicas(report, Severity.WARNING)).toBe(0);
  expect(report.failed).toBe(true);
});

test('an exception for a whole rule accepts every object of its environment', () => {
  const report = checkPlatform(platform, {
    ...outputs,
    crds: [EXTERNAL_SECRET_CRD],
    exceptions: { dev: [{ rule: 'min-replicas', reason: 'dev runs one replica of everything' }] },
  });
  const dev = report.violations.filter((v) => v.environment === 'dev' && v.rule === 'min-replicas');
  expect(dev.length).toBeGreaterThan(0);
  expect(dev.map((v) => v.acceptedReason)).toEqual(dev.map(() => 'dev runs one replica of everything'));
});

test('fails when a whole-rule exception accepts nothing: stale, named by the environment', () => {
  const report = checkPlatform(platform, {
    ...outputs,
    crds: [EXTERNAL_SECRET_CRD],
    exceptions: { production: [{ rule: 'min-replicas', reason: 'production runs one of everything' }] },
  });
  expect(report.violations.filter((v) => v.rule === 'stale-exception').map((v) => `${v.environment} ${v.severity} ${v.object}: ${v.message}`))
    .toEqual(['production error (every object of production): the exception for rule "min-replicas" on every object accepts nothing: no object of '
      + 'production breaks it; reason given: "production runs one of everything"']);
});
