import { Testing } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { JANITOR_GROUP, JANITOR_ROLE } from '../../lib/environment/preview-janitor';
import {
  addPlatformStacks, ClusterChart, DeliveryError, PlatformCharts, PlatformValidationError, previewFromEnvironment, resolvePlatform, withPreview,
} from '../../lib';
import { platform } from '../fixtures/shop/environments';
import { previewExpiry } from '../../lib/delivery/preview';
import { definitionWith } from './_fixtures';

const EXPIRES = new Date('2030-01-01T00:00:00Z');

const NOW = new Date('2029-12-29T00:00:00Z');

describe('previewExpiry', () => {
  test('the pipeline\'s clock at creation plus the TTL (default 72h)', () => {
    expect(previewExpiry(NOW)).toEqual(EXPIRES);
    expect(previewExpiry(new Date('2029-12-31T00:00:00Z'), '1d')).toEqual(EXPIRES);
    expect(previewExpiry(new Date('2029-12-31T12:00:00Z'), '12h')).toEqual(EXPIRES);
  });
  test('a preview of an old commit created now lives the whole TTL', () => {
    // The head commit's time plays no part: only the clock of the pipeline that creates the preview does.
    const created = new Date('2026-12-05T08:00:00Z');
    expect(previewExpiry(created).getTime() - created.getTime()).toBe(72 * 3_600_000);
  });
  test('fails when the TTL is malformed', () => {
    expect(() => previewExpiry(NOW, '2w')).toThrow(new DeliveryError('PREVIEW_TTL is "2w"; expected hours or days such as 72h or 3d'));
    expect(() => previewExpiry(NOW, '0h')).toThrow(new DeliveryError('PREVIEW_TTL is "0h"; expected hours or days such as 72h or 3d'));
  });
  test('the platform\'s previews.ttl is the default; PREVIEW_TTL (or --ttl) overrides it for one run', () => {
    expect(previewExpiry(new Date('2029-12-31T00:00:00Z'), undefined, { template: 'dev', ttl: '1d' })).toEqual(EXPIRES);
    expect(previewExpiry(new Date('2029-12-31T00:00:00Z'), '', { template: 'dev', ttl: '1d' })).toEqual(EXPIRES);
    expect(previewExpiry(new Date('2029-12-31T12:00:00Z'), '12h', { template: 'dev', ttl: '1d' })).toEqual(EXPIRES);
    expect(previewExpiry(new Date('2029-12-18T00:00:00Z'), '14d', { template: 'dev' })).toEqual(EXPIRES);
  });
  test('fails when PREVIEW_TTL is longer than the platform\'s previews.maxTtl (default 14d)', () => {
    expect(() => previewExpiry(NOW, '15d', { template: 'dev' })).toThrow(new DeliveryError('PREVIEW_TTL is "15d", longer than the platform\'s '
      + 'previews.maxTtl (14d); a preview lives at most that long: shorten the TTL, or raise previews.maxTtl in the definition'));
    expect(() => previewExpiry(NOW, '49h', { template: 'dev', maxTtl: '2d' })).toThrow(/^PREVIEW_TTL is "49h", longer than the platform's previews\.maxTtl \(2d\)/);
  });
  test('fails when the time of creation is not a time', () => {
    expect(() => previewExpiry(new Date(NaN))).toThrow(new DeliveryError('the time a preview is created at is not a valid time'));
  });
});

describe('previewFromEnvironment', () => {
  test('nothing without PREVIEW_ID', () => {
    expect(previewFromEnvironment({}, NOW)).toBeUndefined();
  });
  test('PREVIEW_EXPIRES as RFC 3339, in any zone', () => {
    expect(previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-01-01T00:00:00Z' }, NOW)).toEqual({ id: '42', expires: EXPIRES });
    expect(previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-01-01T02:00:00+02:00' }, NOW)).toEqual({ id: '42', expires: EXPIRES });
  });
  test('fails when no expiry is given', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42' }, NOW)).toThrow(new DeliveryError('PREVIEW_ID is "42" but PREVIEW_EXPIRES is not set; '
      + 'compute it from the pipeline\'s clock when the preview is created: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)" (now + '
      + 'PREVIEW_TTL, default 72h)'));
  });
  test('fails when the expiry has passed: the preview would be deleted as soon as it is created', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2029-12-28T23:59:59Z' }, NOW)).toThrow(new DeliveryError(
      'PREVIEW_EXPIRES is "2029-12-28T23:59:59Z", which has passed (now is 2029-12-29T00:00:00.000Z); a preview would be deleted as soon as it is '
      + 'created. Compute it when the preview is created: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"'));
  });
  test('an expiry up to previews.maxTtl from now (default 14 days) is accepted', () => {
    expect(previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-01-12T00:00:00Z' }, NOW, { template: 'dev' })?.expires)
      .toEqual(new Date('2030-01-12T00:00:00Z'));
    expect(previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-01-01T00:00:00Z' }, NOW, { template: 'dev', maxTtl: '72h' })?.expires)
      .toEqual(EXPIRES);
  });
  test('fails when the expiry is later than previews.maxTtl allows: the janitor would leave the preview for too long', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-01-12T00:00:01Z' }, NOW, { template: 'dev' })).toThrow(new DeliveryError(
      'PREVIEW_EXPIRES is "2030-01-12T00:00:01Z", later than the platform allows: previews.maxTtl is 14d, so at most 2030-01-12T00:00:00.000Z (now is '
      + '2029-12-29T00:00:00.000Z); compute it when the preview is created: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"'));
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2099-01-01T00:00:00Z' }, NOW, { template: 'dev', maxTtl: '3d' }))
      .toThrow(/^PREVIEW_EXPIRES is "2099-01-01T00:00:00Z", later than the platform allows: previews\.maxTtl is 3d, so at most 2030-01-01T00:00:00\.000Z/);
  });
  test('fails when PREVIEW_CREATED is set: a commit\'s time made previews of old commits expired at birth', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_CREATED: '2029-12-28T00:00:00Z', PREVIEW_EXPIRES: '2030-01-01T00:00:00Z' }, NOW))
      .toThrow(new DeliveryError('PREVIEW_CREATED is "2029-12-28T00:00:00Z" but is no longer read: a commit\'s time made previews of old commits '
        + 'expired at birth. Set PREVIEW_EXPIRES from the pipeline\'s clock instead: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"'));
  });
  test('fails when a time has no zone', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-01-01 00:00' }, NOW)).toThrow(new DeliveryError('PREVIEW_EXPIRES is '
      + '"2030-01-01 00:00"; not of the form YYYY-MM-DDThh:mm:ss[.fraction] followed by Z or ±hh:mm; expected an RFC 3339 time with a zone, '
      + 'e.g. 2030-01-01T12:00:00Z'));
  });
  test('fails when the id is not a DNS label', () => {
    expect(() => previewFromEnvironment({ PREVIEW_ID: 'Feature_X', PREVIEW_EXPIRES: '1893456000' }, NOW)).toThrow(new DeliveryError('preview id '
      + '"Feature_X" is not allowed; expected lowercase letters, digits and "-", starting and ending with a letter or digit, at most 55 characters '
      + '(the namespace is "preview-<id>"), e.g. the pull request number'));
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
    // The preview's quota is merged over the template's: the shop fixture's base caps CPU limits at 8, which stays.
    expect(preview.quota.limits).toEqual({ cpu: '8', memory: '8Gi' });
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
