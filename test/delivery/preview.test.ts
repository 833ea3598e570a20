import { Testing } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { JANITOR_GROUP, JANITOR_ROLE } from '../../lib/environment/preview-janitor';
import {
  addPlatformStacks, ClusterChart, DeliveryError, PlatformCharts, PlatformValidationError, previewFromEnvironment, resolvePlatform, withPreview,
} from '../../lib';
import { platform } from '../../environments';
import { definitionWith } from './_fixtures';

const EXPIRES = new Date('2030-01-01T00:00:00Z');

describe('previewFromEnvironment', () => {
  test('nothing without PREVIEW_ID', () => {
    expect(previewFromEnvironment({})).toBeUndefined();
  });
  test('PREVIEW_EXPIRES as ISO 8601 or epoch seconds', () => {
    expect(previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-01-01T00:00:00Z' })).toEqual({ id: '42', expires: EXPIRES });
    expect(previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '1893456000' })).toEqual({ id: '42', expires: EXPIRES });
  });
  test('PREVIEW_CREATED plus PREVIEW_TTL (default 72h)', () => {
    expect(previewFromEnvironment({ PREVIEW_ID: 'x', PREVIEW_CREATED: '2029-12-29T00:00:00+00:00' })!.expires).toEqual(EXPIRES);
    expect(previewFromEnvironment({ PREVIEW_ID: 'x', PREVIEW_CREATED: '2029-12-31T00:00:00Z', PREVIEW_TTL: '1d' })!.expires).toEqual(EXPIRES);
  });
  test('fails when no expiry is given', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42' })).toThrow(new DeliveryError('PREVIEW_ID is "42" but no expiry is given: set '
      + 'PREVIEW_EXPIRES (e.g. 2025-06-01T12:00:00Z), or PREVIEW_CREATED (e.g. the pull request\'s head commit time) with PREVIEW_TTL (default 72h); '
      + 'synth never reads the clock'));
  });
  test('fails when a time has no zone', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-01-01 00:00' })).toThrow(new DeliveryError('PREVIEW_EXPIRES is '
      + '"2030-01-01 00:00"; expected an ISO 8601 time with a zone (e.g. 2025-06-01T12:00:00Z) or seconds since the epoch'));
  });
  test('fails when the TTL is malformed', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_CREATED: '1893456000', PREVIEW_TTL: '2w' }))
      .toThrow(new DeliveryError('PREVIEW_TTL is "2w"; expected hours or days such as 72h or 3d'));
  });
  test('fails when the id is not a DNS label', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: 'Feature_X', PREVIEW_EXPIRES: '1' })).toThrow(new DeliveryError('preview id "Feature_X" is '
      + 'not allowed; expected lowercase letters, digits and "-", starting and ending with a letter or digit, at most 55 characters (the namespace '
      + 'is "preview-<id>"), e.g. the pull request number'));
  });
});

describe('withPreview', () => {
  const definition = withPreview(platform, { id: '42', expires: EXPIRES });
  const resolved = resolvePlatform(definition);
  const preview = resolved.environments.find((e) => e.name === 'preview-42')!;

  test('adds preview-<id> after the environments, on the template\'s cluster and pool, labelled with origin and expiry', () => {
    expect(resolved.environments.map((e) => e.name)).toEqual(['dev', 'qa', 'staging', 'production', 'preview-42']);
    expect(preview.namespace).toBe('preview-42');
    expect(preview.cluster.name).toBe('nonprod');
    expect(preview.nodePool?.name).toBe('dev');
    expect(preview.protected).toBe(false);
    expect(preview.labels).toEqual({
      'platform.example.com/preview': 'true',
      'platform.example.com/preview-of': 'dev',
      'platform.example.com/preview-id': '42',
      'platform.example.com/preview-expires': '1893456000',
    });
  });

  test('smaller: the preview quota, one replica per app, small volumes; the template\'s versions; own hosts', () => {
    expect(preview.quota.limits).toEqual({ cpu: '4', memory: '8Gi' });
    expect(preview.apps.map((a) => [a.name, a.image, a.release.tracks.map((t) => t.replicas)])).toEqual([
      ['web', 'registry.example.com/shop/web:1.5.0', [1]],
      ['api', 'registry.example.com/shop/api:2.3.0', [1]],
      ['worker', 'registry.example.com/shop/worker:2.3.0', [1]],
      ['store', 'registry.example.com/shop/store:7.2.5', [1]],
    ]);
    expect(preview.apps[0].ingress?.host).toBe('preview-42.shop.dev.example.com');
    expect(preview.apps[3].storage?.size).toBe('1Gi');
  });

  test('the same isolation as the template', () => {
    const dev = resolved.environments[0];
    expect(preview.network).toEqual(dev.network);
    expect(preview.podSecurity).toEqual(dev.podSecurity);
  });

  test('grants the janitor delete on its own namespace only, through a Role', () => {
    expect(preview.access.bindings.map((b) => [b.group, b.role.name])).toContainEqual([JANITOR_GROUP, JANITOR_ROLE]);
    const objects = new PlatformCharts({ platform: resolved, outdir: 'unused' }).environment('preview-42').chart.toJson();
    const janitor = objects.filter((o: any) => o.metadata.name === JANITOR_ROLE);
    expect(janitor.map((o: any) => [o.kind, o.metadata.namespace, o.rules ?? o.subjects])).toEqual([
      ['Role', 'preview-42', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['delete'] }]],
      ['RoleBinding', 'preview-42', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: JANITOR_GROUP }]],
    ]);
    // No other environment binds the janitor's Role.
    const dev = new PlatformCharts({ platform: resolved, outdir: 'unused' }).environment('dev').chart.toJson();
    expect(dev.filter((o: any) => o.metadata.name === JANITOR_ROLE)).toEqual([]);
  });

  test('its own Terraform stack, named preview-<id>', () => {
    const stacks = addPlatformStacks(new TfApp(), new PlatformCharts({ platform: resolved, outdir: 'unused' }));
    expect(stacks.environments.map((s) => s.node.id)).toEqual(['dev', 'qa', 'staging', 'production', 'preview-42']);
  });

  test('deterministic: the same input gives the same objects', () => {
    const again = resolvePlatform(withPreview(platform, { id: '42', expires: new Date(EXPIRES.getTime()) }));
    const render = (p: typeof resolved) => JSON.stringify(
      new PlatformCharts({ platform: p, outdir: 'unused' }).environment('preview-42').chart.toJson());
    expect(render(again)).toBe(render(resolved));
  });

  test('fails when the platform declares no previews', () => {
    expect(() => withPreview(definitionWith((d) => { delete d.previews; }), { id: '1', expires: EXPIRES }))
      .toThrow(new DeliveryError('the platform declares no previews: set previews: { template: \'<environment>\' } in its definition'));
  });
  test('fails when the preview exists already', () => {
    expect(() => withPreview(definition, { id: '42', expires: EXPIRES }))
      .toThrow(new DeliveryError('environment "preview-42" is already defined; a preview id must not collide with an environment'));
  });
  test('fails when the expiry is not a time', () => {
    expect(() => withPreview(platform, { id: '1', expires: new Date(NaN) })).toThrow(new DeliveryError('the preview\'s expiry is not a valid time'));
  });
});

describe('previews in the platform definition', () => {
  test('the template\'s cluster runs the janitor; the other does not', () => {
    const resolved = resolvePlatform(platform);
    const kinds = (name: string) => Testing.synth(new ClusterChart(Testing.app(), 'cluster', {
      cluster: resolved.clusters.find((c) => c.name === name)!, environments: [],
    })).filter((o) => o.metadata.name === 'preview-janitor').map((o) => o.kind);
    expect(kinds('nonprod')).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'CronJob']);
    expect(kinds('prod')).toEqual([]);
  });

  test('fails when the template is unknown', () => {
    expect(() => resolvePlatform(definitionWith((d) => { d.previews = { template: 'devel' }; }))).toThrow(new PlatformValidationError([{
      subject: 'platform', path: 'previews.template', value: 'devel', allowed: 'expected one of the environments: "dev", "qa", "staging", "production"',
    }]));
  });

  test('fails when the template is protected', () => {
    expect(() => resolvePlatform(definitionWith((d) => { d.previews = { template: 'production' }; })))
      .toThrow(/previews\.template is "production"; previews are short-lived copies/);
  });
});
