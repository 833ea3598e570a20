/** A platform with its own label domain: every label and annotation the platform sets uses it, and nothing else does. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformDefinition, classifyPreviews, labelKeys, resolvePlatform, synthPlatform, withPreview } from '../../lib';
import { GuardrailsValidation } from '../../lib/platform/cdk8s-validation';
import { platform } from '../../environments';

const DOMAIN = 'platform.acme.com';
const EXPIRES = new Date('2026-11-25T12:00:00Z');

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'label-domain-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/**
 * The reference platform under the acme domain, with a preview. The reference's node pools name their labels and
 * taints themselves (under the default domain); a platform with its own domain names them under it.
 */
function acme(): PlatformDefinition {
  const own = JSON.parse(JSON.stringify(platform).replaceAll('platform.example.com/pool', `${DOMAIN}/pool`));
  return withPreview({ ...own, labelDomain: DOMAIN }, { id: '42', expires: EXPIRES });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? filesUnder(path.join(dir, entry.name))
    : [path.join(dir, entry.name)]));
}

describe('labelDomain', () => {
  test('puts every label and annotation of the reference platform, a preview included, under the domain', () => {
    const result = synthPlatform({ definition: acme(), manifestsDir: path.join(root, 'dist'), terraformDir: path.join(root, 'cdktf.out') });
    expect(result.report.failed).toBe(false);

    const files = [...filesUnder(path.join(root, 'dist')), ...filesUnder(path.join(root, 'cdktf.out'))];
    expect(files.filter((file) => fs.readFileSync(file, 'utf8').includes('platform.example.com')).map((file) => path.relative(root, file))).toEqual([]);

    const text = (file: string) => fs.readFileSync(path.join(root, 'dist', file), 'utf8');
    expect(text('production/environment.k8s.yaml')).toContain(`${DOMAIN}/environment: production`);
    expect(text('production/app-web.k8s.yaml')).toContain(`${DOMAIN}/track: blue`);
    expect(text('production/app-api.k8s.yaml')).toContain(`${DOMAIN}/canary-effective-weight: 20%`);
    expect(text('production/app-api.k8s.yaml')).toContain(`${DOMAIN}/config-hash:`);
    expect(text('preview-42/environment.k8s.yaml')).toContain(`${DOMAIN}/preview-expires: "${EXPIRES.getTime() / 1000}"`);
    expect(text('clusters/nonprod/cluster.k8s.yaml')).toContain(`kubectl get namespaces -l '${DOMAIN}/preview=true'`);
    expect(text('clusters/nonprod/cluster.k8s.yaml')).toContain('{.metadata.labels.platform\\.acme\\.com\\/preview-expires}');
  });

  test('gives node pools the domain\'s pool label by default', () => {
    const definition = JSON.parse(JSON.stringify(acme()));
    for (const cluster of definition.clusters) for (const pool of cluster.nodePools ?? []) delete pool.labels;
    const resolved = resolvePlatform(definition);
    const nonprod = resolved.clusters.find((c) => c.name === 'nonprod')!;
    expect(nonprod.labelKeys).toEqual(labelKeys(DOMAIN));
    expect(nonprod.nodePools.map((p) => p.labels)).toEqual(nonprod.nodePools.map((p) => ({ [`${DOMAIN}/pool`]: p.name })));
  });

  test('previews are found by the domain\'s labels', () => {
    const keys = labelKeys(DOMAIN);
    const namespace = (labelsOf: { [key: string]: string }) => ({ metadata: { name: 'preview-7', labels: labelsOf } });
    const expired = { [keys.preview]: 'true', [keys.previewId]: '7', [keys.previewExpires]: '1000' };
    expect(classifyPreviews([namespace(expired)], EXPIRES, [], keys).map((p) => p.state)).toEqual(['expired']);
    expect(classifyPreviews([namespace(expired)], EXPIRES, []).map((p) => p.state)).toEqual(['kept: no platform.example.com/preview="true" label']);
  });

  test('the cdk8s plugin tells environments apart by the domain\'s labels when no definition is given', () => {
    const objects = (env: string) => [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: env, labels: { [`${DOMAIN}/environment`]: env, [`${DOMAIN}/cluster`]: 'nonprod' } } },
    ];
    const located = ['dev', 'qa'].flatMap((env) => objects(env).map((object) => ({ object, file: path.join(root, 'dist', 'elsewhere', 'x.k8s.yaml') })));
    expect(new GuardrailsValidation({ labelDomain: DOMAIN }).check(located).targets.map((t) => t.name)).toEqual(['dev', 'qa']);
    expect(new GuardrailsValidation().check(located).targets.map((t) => t.name)).toEqual(['elsewhere']);
  });

  test.each([
    ['Platform.Acme.com', 'expected a DNS subdomain you own, such as "platform.acme.com" (lowercase letters, digits, "-" and ".")'],
    ['acme.com/labels', 'expected a DNS subdomain you own, such as "platform.acme.com" (lowercase letters, digits, "-" and ".")'],
    ['kubernetes.io', 'kubernetes.io and k8s.io and their subdomains are reserved for Kubernetes; use a domain of your own'],
    ['team.k8s.io', 'kubernetes.io and k8s.io and their subdomains are reserved for Kubernetes; use a domain of your own'],
  ])('fails when the label domain is %s', (domain, allowed) => {
    expect(() => resolvePlatform({ ...platform, labelDomain: domain })).toThrow(`platform: labelDomain is "${domain}"; ${allowed}`);
  });
});
