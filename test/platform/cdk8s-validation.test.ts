/**
 * The cdk8s validation plugin, loaded and run the way `cdk8s synth` does (cdk8s-cli's own PluginManager and
 * ValidationPlugin, with the entry cdk8s.yaml declares), over the reference platform's synthesised manifests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { PlatformCharts, resolvePlatform } from '../../lib';
import { SchemaValidator } from '../../lib/guardrails/schema/schema-validator';
import { platform } from '../../environments';
import { EXTERNAL_SECRET_CRD } from '../guardrails/crds';
import { changed, pod } from '../guardrails/fixtures';

// cdk8s-cli's plugin loading, as its `synth` command runs it (a dev tool: required here, not imported by the library;
// the loader is not among the package's exports, so it is required by path).
const CDK8S_CLI = path.dirname(require.resolve('cdk8s-cli/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationPlugin } = require(path.join(CDK8S_CLI, 'lib/plugins/validation'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PluginManager } = require(path.join(CDK8S_CLI, 'lib/plugins/_manager'));

let dir: string;
let environmentManifests: string[];
/** min-replicas' findings the reference owes, read off its objects: `<env>: <Kind>/<namespace>/<name>` of each workload run once. */
let singleReplicas: string[];
/** Every chart of the platform, as `cdk8s synth` hands them to the plugin: environments and clusters' own objects. */
let platformManifests: string[];
let crdFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-plugin-'));
  const charts = new PlatformCharts({ platform: resolvePlatform(platform), outdir: path.join(dir, 'dist') });
  charts.synth();
  singleReplicas = charts.environments.flatMap((o) => {
    const objects = PlatformCharts.manifestsOf(o.app);
    const scaled = objects.filter((x) => x.kind === 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
    return objects.filter((x) => ['Deployment', 'StatefulSet'].includes(x.kind) && !scaled.includes(x.metadata.name) && (x.spec.replicas ?? 1) < 2)
      .map((x) => `${o.environment.name}: ${x.kind}/${x.metadata.namespace}/${x.metadata.name}`).sort();
  });
  // The environments' manifests (the clusters' own objects are another issue's work in progress).
  environmentManifests = platform.environments.map((e) => e.name).flatMap((env) => fs.readdirSync(path.join(dir, 'dist', env))
    .filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, 'dist', env, f)));
  crdFile = path.join(dir, 'external-secrets-crd.yaml');
  fs.writeFileSync(crdFile, stringify(EXTERNAL_SECRET_CRD));
  // A custom resource in dev and production, as an app with an `externalStore` secret renders it: the reference apps
  // use existing Secrets, so the checks of custom kinds need one planted.
  for (const env of ['dev', 'production']) {
    const file = path.join(dir, 'dist', env, 'external-secret.k8s.yaml');
    fs.writeFileSync(file, stringify(externalSecret(env)));
    environmentManifests.push(file);
  }
  platformManifests = [...environmentManifests, ...platform.clusters.map((c) => c.name).map((c) => path.join(dir, 'dist', 'clusters', c, 'cluster.k8s.yaml'))];
});

function externalSecret(env: string): any {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'api-payments', namespace: env, labels: { 'platform.example.com/environment': env, 'platform.example.com/cluster': 'x' } },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name: 'api-payments', creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: 'shop/payments-api' } }],
    },
  };
}

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Loads the plugin from cdk8s.yaml's entry and validates the manifests, as cdk8s-cli's validateApp does. */
async function validate(manifests: string[], properties: object): Promise<any> {
  const entry = { package: './plugins/guardrails', version: '0.1.0', class: 'GuardrailsValidation', properties };
  const logs: string[] = [];
  const { plugin, context } = ValidationPlugin.load(entry, { manifests }, false, new PluginManager(path.join(dir, 'plugins')));
  context.logger.log = (message: string) => logs.push(message);
  await plugin.validate(context);
  return { report: context.report, json: context.report.toJson(), logs };
}

test('passes the reference environments, given the platform definition and the ExternalSecret CRD', async () => {
  const reportFile = path.join(dir, 'guardrails.json');
  const { report, json, logs } = await validate(platformManifests, { definition: './environments/index.ts', crds: [crdFile], reportFile });
  expect(report.success).toBe(true);
  // accepted: the clusters' etcd snapshot job, by the library's built-in exceptions (4 rules, 12 findings over 2 clusters;
  // run-as-non-root twice per job, not four times, now that only its etcdctl step runs as root).
  // Besides: one schema-version warning per cluster whose Kubernetes minor has no shipped schemas.
  const unshipped = resolvePlatform(platform).clusters.filter((c) => SchemaValidator.schemaMinorFor(c.kubernetesVersion) !== Number(c.kubernetesVersion.split('.')[1]));
  expect(json.summary.metadata).toEqual({ errors: '0', warnings: String(singleReplicas.length + unshipped.length), accepted: '12' });
  const violations = json.violations.filter((v: any) => !v.ruleName.startsWith('schema-version'));
  expect(violations.length).toBe(json.violations.length - (unshipped.length > 0 ? 1 : 0));
  expect(violations.map((v: any) => `${v.ruleName}: ${v.violatingConstructs.map((c: any) => c.resourceName).join(', ')}`)).toEqual([
    `min-replicas (warning): ${singleReplicas.join(', ')}`,
    ...[['network-policy-coverage', 2], ['no-host-namespaces', 1], ['no-host-path', 1], ['run-as-non-root', 2]].map(([rule, findings]) =>
      `${rule} (accepted): ${['cluster-nonprod', 'cluster-prod'].flatMap((c) => Array(findings).fill(`${c}: CronJob/kube-system/etcd-snapshot`)).join(', ')}`),
  ]);
  // The reference's own: dev and qa run every app once.
  expect(singleReplicas).toEqual(expect.arrayContaining([
    'dev: Deployment/dev/api', 'dev: Deployment/dev/web', 'dev: Deployment/dev/worker', 'dev: StatefulSet/dev/store',
    'qa: Deployment/qa/api', 'qa: Deployment/qa/web', 'qa: Deployment/qa/worker', 'qa: StatefulSet/qa/store',
  ]));
  // PlatformCharts writes no construct metadata, so the finding's one location has no construct path.
  expect(violations[0].violatingConstructs[0]).toMatchObject({
    manifestPath: path.join(dir, 'dist', 'dev', 'app-api.k8s.yaml'),
    locations: ['spec.replicas: runs 1 replica'],
  });
  expect(logs.join('\n')).toContain('reachability, cluster nonprod');
  expect(JSON.parse(fs.readFileSync(reportFile, 'utf8')).passed).toBe(true);
});

test('cdk8s-cli counts one occurrence per finding, and the log holds only what its report cannot: the summary, capacity and reachability', async () => {
  const { report, logs } = await validate(platformManifests, { definition: './environments/index.ts', crds: [crdFile] });
  const text: string = report.toString().replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''); // without colours
  // 12 accepted findings of 4 rules on the two etcd snapshot jobs, the min-replicas warnings (see the test above), and one
  // schema-version warning per cluster whose Kubernetes minor has no shipped schemas.
  const unshipped = resolvePlatform(platform).clusters.filter((c) => SchemaValidator.schemaMinorFor(c.kubernetesVersion) !== Number(c.kubernetesVersion.split('.')[1]));
  expect([...text.matchAll(/^([a-z-]+ \((?:warning|accepted|error)\)) \((\d+) occurrences\)/gm)].map((m) => `${m[1]}: ${m[2]}`)).toEqual([
    `min-replicas (warning): ${singleReplicas.length}`,
    ...(unshipped.length > 0 ? [`schema-version (warning): ${unshipped.length}`] : []),
    'network-policy-coverage (accepted): 4',
    'no-host-namespaces (accepted): 2',
    'no-host-path (accepted): 2',
    'run-as-non-root (accepted): 4',
  ]);
  const violations = report.toJson().violations.filter((v: any) => !v.ruleName.startsWith('schema-version'));
  expect(violations[1].violatingConstructs[0].locations).toEqual([
    'spec.jobTemplate.spec.template.spec: no NetworkPolicy with policyType Egress selects its pods; '
    + 'accepted: built-in: a host-network pod is outside NetworkPolicy; the node\'s firewall applies',
  ]);
  expect(logs).toHaveLength(1);
  const outputs = platform.environments.length + platform.clusters.length;
  expect(logs[0]).toMatch(new RegExp(`^guardrails passed: 0 errors, ${singleReplicas.length + unshipped.length} warnings, 12 accepted `
    + `\\(\\d+ checks over ${outputs} outputs\\)\n\ncapacity, environment dev `));
  expect(logs[0]).toContain('\n\nreachability, cluster nonprod ');
  expect(logs[0]).not.toContain('min-replicas');
});

test('fails synth on a violation in a protected environment, listing object, field and fix', async () => {
  const rogue = changed(pod(), (p) => {
    p.metadata.namespace = 'production';
    p.metadata.labels['platform.example.com/environment'] = 'production';
    p.spec.containers[0].securityContext.privileged = true;
  });
  // Beside it, the construct metadata cdk8s writes (keyed by object name).
  fs.mkdirSync(path.join(dir, 'rogue'));
  const file = path.join(dir, 'rogue', 'rogue.k8s.yaml');
  fs.writeFileSync(file, stringify(rogue));
  fs.writeFileSync(path.join(dir, 'rogue', 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: { debug: { path: 'debug/Pod' } } }));
  const { report, json } = await validate([...platformManifests, file], { definition: './environments/index.ts', crds: [crdFile] });
  expect(report.success).toBe(false);
  const privileged = json.violations.find((v: any) => v.ruleName === 'no-privileged (error)');
  expect(privileged).toEqual({
    ruleName: 'no-privileged (error)',
    recommendation: 'No privileged containers: A privileged container has every device and capability of the node: escaping it is escaping nothing.',
    fix: 'Remove securityContext.privileged (or set it to false); add the one capability the app needs instead, if any.',
    violatingConstructs: [{
      resourceName: 'production: Pod/production/debug',
      locations: ['spec.containers[0].securityContext.privileged: container "debug" sets securityContext.privileged: true; construct debug/Pod'],
      manifestPath: file,
      constructPath: undefined,
    }],
  });
});

test('without a definition, reads environments from the labels and fails the ones listed as protected', async () => {
  const { json } = await validate(environmentManifests, { protectedEnvironments: ['production'] });
  expect(json.summary.status).toBe('failure');
  expect(json.violations.map((v: any) => v.ruleName)).toEqual(['min-replicas (warning)', 'schema-known (warning)', 'schema-known (error)']);
});

test('fails when the definition module has no such export', async () => {
  await expect(validate(platformManifests, { definition: './environments/index.ts', definitionExport: 'platfrom' }))
    .rejects.toThrow('guardrails plugin: cannot load the platform definition: environments/index.ts: exports no `platfrom`; it exports `platform`; '
      + 'did you mean `platform`?; set properties.definitionExport to the name of the PlatformDefinition it exports');
});

test('checks only chart output (*.k8s.yaml), and says which objects belong to no environment or cluster', async () => {
  const kind = path.join(dir, 'kind.yaml');
  fs.writeFileSync(kind, stringify({ apiVersion: 'kind.x-k8s.io/v1alpha4', kind: 'Cluster', nodes: [{ role: 'control-plane' }] }));
  const stray = path.join(dir, 'stray.k8s.yaml');
  fs.writeFileSync(stray, stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'preview', labels: { 'platform.example.com/environment': 'preview' } } }));
  const { report, logs } = await validate([...platformManifests, kind, stray], { definition: './environments/index.ts', crds: [crdFile] });
  expect(report.success).toBe(true);
  expect(logs).toContain('guardrails: not checked, since they belong to no environment or cluster of the platform: ConfigMap/preview/stray');
});
