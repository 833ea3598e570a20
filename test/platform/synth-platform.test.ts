/** npm run synth: layout, determinism, and nothing lost when synthesis fails. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { PlatformValidationError, synthPlatform } from '../../lib';
import { platform } from '../../environments';

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
  expect(result.environments).toEqual(['dev', 'qa', 'staging', 'production']);
  expect(result.clusters).toEqual(['nonprod', 'prod']);
  expect(Object.keys(tree(dist)).sort()).toEqual([
    ...[['nonprod', ['dev-eu-west-1a', 'qa-eu-west-1a', 'staging-eu-west-1a']], ['prod', ['production-eu-west-1a', 'production-eu-west-1b', 'production-eu-west-1c']]]
      .flatMap(([cluster, pools]) => [
        'audit-policy.yaml', 'cluster-api.k8s.yaml', 'cluster.k8s.yaml', 'encryption-config.yaml', 'kind.yaml',
        'kubeadm/init.yaml', 'kubeadm/join-control-plane.yaml', ...(pools as string[]).map((pool) => `kubeadm/join-${pool}.yaml`),
      ].map((file) => `clusters/${cluster}/${file}`)),
    ...['dev', 'production', 'qa', 'staging'].flatMap((env) => [
      `${env}/app-api.k8s.yaml`, `${env}/app-store.k8s.yaml`, `${env}/app-web.k8s.yaml`, `${env}/app-worker.k8s.yaml`, `${env}/environment.k8s.yaml`,
    ]),
  ]);
  for (const stack of ['dev', 'qa', 'staging', 'production', 'cluster-nonprod', 'cluster-prod']) {
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
