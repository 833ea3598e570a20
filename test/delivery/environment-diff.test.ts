import { DeliveryError, diffEnvironments, formatEnvironmentDiff } from '../../lib';
import { platform } from '../fixtures/shop/environments';

describe('diffEnvironments', () => {
  test('dev and qa differ in exactly their declared overrides and what follows from them', () => {
    const diff = diffEnvironments(platform, 'dev', 'qa');
    expect(diff.definitions.map((d) => [d.path, d.a, d.b, d.declaredBy, d.intended])).toEqual([
      ['access.bindings', platform.base.access!.bindings, platform.environments[1].access!.bindings, ['qa'], true],
      ['apps.web.ingress.host', 'shop.dev.example.com', 'shop.qa.example.com', ['qa'], true],
      ['namespace', 'dev', 'qa', ['dev', 'qa'], true],
      ['nodePool', 'dev', 'qa', ['dev', 'qa'], true],
    ]);
    // Own names and namespaces are read as placeholders, so the objects line up; what is left is real.
    expect(diff.objects).toEqual({
      onlyInA: [],
      onlyInB: [],
      changed: [
        {
          object: 'HTTPRoute/web',
          fields: [
            { path: 'spec.hostnames[0]', a: 'shop.dev.example.com', b: 'shop.qa.example.com' },
            { path: 'spec.parentRefs[0].sectionName', a: 'shop.dev.example.com', b: 'shop.qa.example.com' },
          ],
        },
        { object: 'RoleBinding/viewer', fields: [{ path: 'subjects[0].name', a: 'support', b: 'qa-engineers' }] },
      ],
    });
  });

  test('staging and production: release objects exist only where their strategy does', () => {
    const diff = diffEnvironments(platform, 'staging', 'production');
    expect(diff.objects.onlyInB).toEqual(expect.arrayContaining(['Deployment/web-blue', 'Deployment/web-green', 'Deployment/api-canary']));
    expect(diff.definitions.find((d) => d.path === 'protected')).toEqual({ path: 'protected', a: false, b: true, declaredBy: ['production'], intended: true });
  });

  test('the human output marks intended differences', () => {
    const text = formatEnvironmentDiff(diffEnvironments(platform, 'dev', 'qa'));
    expect(text.split('\n').slice(0, 3)).toEqual(['diff dev qa', '', 'definitions: 4 differences (* intended: declared by an environment\'s own definition)']);
    expect(text).toContain('  * apps.web.ingress.host: "shop.dev.example.com" | "shop.qa.example.com"  (declared by qa)\n');
    expect(text).toContain('  RoleBinding/viewer\n    subjects[0].name: "support" | "qa-engineers"\n');
  });

  test('fails when an environment is unknown', () => {
    expect(() => diffEnvironments(platform, 'dev', 'prod'))
      .toThrow(new DeliveryError('unknown environment "prod"; expected one of "dev", "qa", "staging", "production"'));
  });
});
