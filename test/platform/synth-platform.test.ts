/** npm run synth: layout, determinism, and nothing lost when synthesis fails. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { GuardrailError, PlatformDefinition, PlatformValidationError, resolvePlatform, synthManifests, synthPlatform } from '../../lib';
import { platform } from '../../environments';
import { thrown } from '../_thrown';

let root: string;
let dist: string;
let out: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));
  dist = path.join(root, 'dist');
  out = path.join(root, 'cdktf.out');
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file under a folder with the SHA-256 of its content. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  }
  return files;
}

test('writes the manifests and Terraform of every environment and cluster where users and CI expect them', () => {
  const result = synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
  const resolved = resolvePlatform(platform);
  expect(result.environments).toEqual(platform.environments.map((e) => e.name));
  expect(result.clusters).toEqual(platform.clusters.map((c) => c.name));
  // A kubeadm join configuration per node pool and zone.
  const joins = resolved.clusters.map((c) => [c.name, c.nodePools.flatMap((pool) => pool.zones.map((zone) => `${pool.name}-${zone}`))] as const);
  expect(joins).toEqual(expect.arrayContaining([
    ['nonprod', expect.arrayContaining(['dev-eu-west-1a', 'qa-eu-west-1a', 'staging-eu-west-1a', 'system-eu-west-1a'])],
    ['prod', ['production-eu-west-1a', 'production-eu-west-1b', 'production-eu-west-1c', 'system-eu-west-1a', 'system-eu-west-1b', 'system-eu-west-1c']],
  ]));
  expect(Object.keys(tree(dist)).sort()).toEqual([
    ...joins.flatMap(([cluster, pools]) => [
      'Kustomization', 'audit-policy.yaml', 'cluster-api.k8s.yaml', 'cluster.k8s.yaml', 'encryption-config.yaml', 'kind.yaml',
      'kubeadm/init.yaml', 'kubeadm/join-control-plane.yaml', ...pools.map((pool) => `kubeadm/join-${pool}.yaml`),
    ].map((file) => `clusters/${cluster}/${file}`)),
    ...resolved.environments.flatMap((env) => [
      'Kustomization', ...env.apps.map((app) => `app-${app.name}.k8s.yaml`), 'environment.k8s.yaml',
    ].map((file) => `${env.name}/${file}`)),
    'guardrails.json',
    'guardrails.sarif',
  ].sort());
  expect(resolved.environments.map((env) => env.apps.map((app) => app.name))).toEqual(
    resolved.environments.map(() => expect.arrayContaining(['web', 'api', 'worker', 'store'])));
  for (const stack of [...result.environments, ...result.clusters.map((c) => `cluster-${c}`)]) {
    expect(fs.existsSync(path.join(out, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  }
  expect(fs.readdirSync(root).sort()).toEqual(['cdktf.out', 'dist']);
});

test('the same input gives byte-identical output', () => {
  synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
  const first = { ...tree(dist), ...tree(out) };
  synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
  expect({ ...tree(dist), ...tree(out) }).toEqual(first);
});

test('fails when the definition is invalid, and leaves the previous output exactly as it was', () => {
  synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
  const before = { dist: tree(dist), out: tree(out) };
  const broken = { ...platform, environments: [...platform.environments, { name: 'qa', cluster: 'moon' }] };
  expect(() => synthPlatform({ definition: broken, manifestsDir: dist, terraformDir: out })).toThrow(PlatformValidationError);
  expect(() => synthPlatform({ definition: broken, manifestsDir: dist, terraformDir: out }))
    .toThrow('environment "qa": cluster is "moon"; expected one of the declared clusters: "nonprod", "prod"');
  expect({ dist: tree(dist), out: tree(out) }).toEqual(before);
  expect(fs.readdirSync(root).sort()).toEqual(['cdktf.out', 'dist']);
});

test('fails when the Terraform synthesizer fails after the manifests were written, and leaves both outputs as they were', () => {
  synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
  const before = { dist: tree(dist), out: tree(out) };
  jest.spyOn(App.prototype, 'synth').mockImplementation(() => {
    throw new Error('disk full');
  });
  const changed = { ...platform, base: { ...platform.base, quota: { ...platform.base.quota, pods: 7 } } };
  expect(() => synthPlatform({ definition: changed, manifestsDir: dist, terraformDir: out })).toThrow('disk full');
  expect({ dist: tree(dist), out: tree(out) }).toEqual(before);
  expect(fs.readdirSync(root).sort()).toEqual(['cdktf.out', 'dist']);
});

test('a first synth that fails creates no output folders', () => {
  const broken = { ...platform, clusters: [] };
  expect(() => synthPlatform({ definition: broken, manifestsDir: dist, terraformDir: out })).toThrow('platform: clusters is []; expected at least one cluster');
  expect(fs.readdirSync(root)).toEqual([]);
});

describe('synthManifests (cdk8s synth)', () => {
  test('writes the manifests and their guardrail report, and leaves the Terraform alone', () => {
    synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
    const terraform = tree(out);
    const changed = { ...platform, base: { ...platform.base, quota: { ...platform.base.quota, pods: 7 } } };
    const result = synthManifests({ definition: changed, manifestsDir: dist });
    expect(Object.keys(result).sort()).toEqual(['clusters', 'environments', 'manifestsDir', 'objects', 'report']);
    expect(fs.readFileSync(path.join(dist, 'dev', 'environment.k8s.yaml'), 'utf8')).toContain('pods: "7"');
    expect(JSON.parse(fs.readFileSync(path.join(dist, 'guardrails.json'), 'utf8')).passed).toBe(true);
    expect(tree(out)).toEqual(terraform);
    expect(fs.readdirSync(root).sort()).toEqual(['cdktf.out', 'dist']);
  });

  test('fails when the definition is invalid, and leaves the previous manifests exactly as they were', () => {
    synthManifests({ definition: platform, manifestsDir: dist });
    const before = tree(dist);
    const broken = { ...platform, environments: [...platform.environments, { name: 'qa', cluster: 'moon' }] };
    expect(() => synthManifests({ definition: broken, manifestsDir: dist })).toThrow(PlatformValidationError);
    expect(tree(dist)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });
});

describe('guardrails', () => {
  /** The reference platform with a token as a literal env value of production's worker: a no-secret-literals violation. */
  const withTokenLiteral = (exceptions?: unknown[]): PlatformDefinition => ({
    ...platform,
    environments: platform.environments.map((env) => (env.name !== 'production' ? env : {
      ...env,
      apps: { ...env.apps, worker: { ...env.apps!.worker, env: { API_TOKEN: 'planted-literal' } } },
      ...(exceptions ? { guardrails: { exceptions } } : {}),
    })) as PlatformDefinition['environments'],
  });

  test('writes the report beside the manifests: production clean, the etcd snapshot job\'s host access accepted with reasons', () => {
    const result = synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
    const report = JSON.parse(fs.readFileSync(path.join(dist, 'guardrails.json'), 'utf8'));
    expect(result.report.failed).toBe(false);
    expect(report.violations.filter((v: any) => v.environment === 'production')).toEqual([]);
    const accepted = report.violations.filter((v: any) => v.acceptedReason !== null);
    expect(report.passed).toBe(true);
    expect([...new Set(accepted.map((v: any) => `${v.environment} ${v.rule} ${v.object}`))]).toEqual(expect.arrayContaining([
      'cluster-prod no-host-namespaces CronJob/kube-system/etcd-snapshot',
      'cluster-prod no-host-path CronJob/kube-system/etcd-snapshot',
    ]));
    expect(accepted.every((v: any) => v.object === 'CronJob/kube-system/etcd-snapshot' && v.acceptedReason.length > 0)).toBe(true);
  });

  test('writes the report as SARIF 2.1.0 beside it: each result at its object\'s line, accepted ones suppressed with their reason', () => {
    const cwd = jest.spyOn(process, 'cwd').mockReturnValue(root);
    synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
    cwd.mockRestore();
    const json = JSON.parse(fs.readFileSync(path.join(dist, 'guardrails.json'), 'utf8'));
    const sarif = JSON.parse(fs.readFileSync(path.join(dist, 'guardrails.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.results).toHaveLength(json.violations.length);
    const api = run.results.find((r: any) => r.ruleId === 'min-replicas' && r.properties.object === 'Deployment/dev/api');
    const file = fs.readFileSync(path.join(root, api.locations[0].physicalLocation.artifactLocation.uri), 'utf8');
    expect(api.locations[0].physicalLocation.artifactLocation.uri).toBe('dist/dev/app-api.k8s.yaml');
    expect(file.split('\n').slice(api.locations[0].physicalLocation.region.startLine - 1).join('\n')).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n(?:  .*\n)*?  name: api\n/);
    expect(api.level).toBe('warning');
    const etcd = run.results.filter((r: any) => r.properties.object === 'CronJob/kube-system/etcd-snapshot');
    // 4 built-in rules over 2 clusters' jobs, run-as-non-root only for the etcdctl step: 12.
    expect(etcd.length).toBe(12);
    expect(etcd.every((r: any) => r.suppressions[0].kind === 'external' && r.suppressions[0].justification.startsWith('built-in: '))).toBe(true);
    expect(etcd[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^dist\/clusters\/(nonprod|prod)\/cluster\.k8s\.yaml$/);
  });

  test('fails when production breaks a rule, and leaves the previous output exactly as it was', () => {
    synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
    const before = { dist: tree(dist), out: tree(out) };
    const error = thrown(() => synthPlatform({ definition: withTokenLiteral(), manifestsDir: dist, terraformDir: out }));
    expect(error).toBeInstanceOf(GuardrailError);
    expect(error.message).toMatch(/^guardrails failed \(1 error\):\n  - production: Deployment\/production\/worker \(app-worker\/App\/Workload-worker\): no-secret-literals: /);
    expect({ dist: tree(dist), out: tree(out) }).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['cdktf.out', 'dist']);
  });

  test('accepts the violation for that object when an exception states why, and reports it', () => {
    const exception = { rule: 'no-secret-literals', object: 'Deployment/worker', reason: 'API_TOKEN names a public API\'s client id, not a secret' };
    const result = synthPlatform({ definition: withTokenLiteral([exception]), manifestsDir: dist, terraformDir: out });
    expect(result.report.failed).toBe(false);
    expect(result.report.accepted.filter((v) => v.environment === 'production').map((v) => [v.rule, v.object, v.acceptedReason])).toEqual([
      ['no-secret-literals', 'Deployment/production/worker', exception.reason],
    ]);
  });

  test('fails when an exception names an unknown rule or no reason, before anything is written', () => {
    const bad = [{ rule: 'no-such-rule', object: 'Deployment/worker', reason: '' }];
    expect(() => synthPlatform({ definition: withTokenLiteral(bad), manifestsDir: dist, terraformDir: out })).toThrow(PlatformValidationError);
    expect(() => synthPlatform({ definition: withTokenLiteral(bad), manifestsDir: dist, terraformDir: out })).toThrow(
      /environment "production": guardrails\.exceptions\[0\]\.rule is "no-such-rule"; expected the id of a rule that can be accepted[^\n]*\n  - environment "production": guardrails\.exceptions\[0\]\.reason is ""; expected a non-empty reason/,
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

