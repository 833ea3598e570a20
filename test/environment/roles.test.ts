import { PolicyRule, Role } from '../../lib/environment/environment-model';
import {
  ADMIN_ROLE, BUILT_IN_ROLES, CONNECT_SUBRESOURCES, DEVELOPER_ROLE, ESCALATION_VERBS, GUARDRAIL_RESOURCES, isReadOnly, READ_VERBS, VIEWER_ROLE,
} from '../../lib/environment/roles';
import { PlatformDefinition } from '../../lib/platform/platform-definition';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import { exactly, validPlatform } from '../platform/fixtures';

const DNS_LABEL = 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** Resolves a definition that is deliberately invalid, which its type may not admit. */
function resolve(definition: unknown) {
  return resolvePlatform(definition as PlatformDefinition);
}

/** Every `apiGroup/resource` a role grants `verb` on. */
function grants(role: Role, verb: string): string[] {
  return role.rules
    .filter((rule) => rule.verbs.includes(verb))
    .flatMap((rule) => rule.resources.map((resource) => `${rule.apiGroups.join('|')}/${resource}`));
}

describe('built-in roles', () => {
  test('are viewer, developer and admin, in that order', () => {
    expect(BUILT_IN_ROLES.map((role) => role.name)).toEqual(['viewer', 'developer', 'admin']);
    expect(BUILT_IN_ROLES).toEqual([VIEWER_ROLE, DEVELOPER_ROLE, ADMIN_ROLE]);
  });

  test('only viewer is read-only, and readOnly matches the rules', () => {
    expect(BUILT_IN_ROLES.map((role) => [role.name, role.readOnly])).toEqual([['viewer', true], ['developer', false], ['admin', false]]);
    for (const role of BUILT_IN_ROLES) {
      expect(isReadOnly(role.rules)).toBe(role.readOnly);
    }
  });

  test('name no wildcard in any API group, resource, verb or resource name', () => {
    const values = BUILT_IN_ROLES.flatMap((role) => role.rules)
      .flatMap((rule) => [...rule.apiGroups, ...rule.resources, ...rule.verbs, ...(rule.resourceNames ?? [])]);

    expect(values.filter((value) => value.includes('*'))).toEqual([]);
  });

  test('grant none of the escalation verbs', () => {
    const verbs = BUILT_IN_ROLES.flatMap((role) => role.rules).flatMap((rule) => rule.verbs);

    expect(verbs.filter((verb) => ESCALATION_VERBS.includes(verb))).toEqual([]);
  });

  test('grant nothing on RBAC objects or namespaces', () => {
    for (const role of BUILT_IN_ROLES) {
      const resources = role.rules.flatMap((rule) => rule.resources);
      expect(resources.filter((r) => ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings', 'namespaces'].includes(r))).toEqual([]);
      expect(role.rules.flatMap((rule) => rule.apiGroups)).not.toContain('rbac.authorization.k8s.io');
    }
  });

  test.each(['create', 'update', 'patch', 'delete'])('never %s a quota, LimitRange or NetworkPolicy', (verb) => {
    for (const role of BUILT_IN_ROLES) {
      expect(grants(role, verb).filter((g) => GUARDRAIL_RESOURCES.includes(g.split('/').slice(1).join('/')))).toEqual([]);
    }
  });

  test('all read the guardrails', () => {
    for (const role of BUILT_IN_ROLES) {
      expect(grants(role, 'list')).toEqual(expect.arrayContaining(['/resourcequotas', '/limitranges', 'networking.k8s.io/networkpolicies']));
    }
  });

  test('viewer reads workloads but not Secrets', () => {
    expect(VIEWER_ROLE.rules.every((rule) => rule.verbs.join() === 'get,list,watch')).toBe(true);
    expect(grants(VIEWER_ROLE, 'get')).toEqual([
      '/pods', '/pods/log', '/services', '/endpoints', '/configmaps', '/persistentvolumeclaims', '/serviceaccounts', '/events',
      '/resourcequotas', '/limitranges',
      'apps/deployments', 'apps/statefulsets', 'apps/replicasets', 'apps/daemonsets',
      'batch/jobs', 'batch/cronjobs',
      'autoscaling/horizontalpodautoscalers',
      'policy/poddisruptionbudgets',
      'networking.k8s.io/ingresses', 'networking.k8s.io/networkpolicies',
      'discovery.k8s.io/endpointslices',
    ]);
    expect(grants(VIEWER_ROLE, 'get')).not.toContain('/secrets');
  });

  test('developer adds exec, port-forward, pod deletion, scaling and Jobs to what viewer reads, and no Secrets', () => {
    expect(DEVELOPER_ROLE.rules.slice(0, VIEWER_ROLE.rules.length)).toEqual(VIEWER_ROLE.rules);
    expect(DEVELOPER_ROLE.rules.slice(VIEWER_ROLE.rules.length)).toEqual([
      { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
      { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'delete'] },
    ]);
    expect(DEVELOPER_ROLE.rules.flatMap((rule) => rule.resources)).not.toContain('secrets');
  });

  test('admin reads and writes everything viewer reads, plus Secrets, exec and scaling', () => {
    const readWrite = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    const viewable = VIEWER_ROLE.rules.length;

    expect(ADMIN_ROLE.rules.slice(0, viewable)).toEqual(VIEWER_ROLE.rules.map((rule) => ({
      ...rule,
      resources: rule.resources.filter((r) => !['resourcequotas', 'limitranges', 'networkpolicies'].includes(r)),
      verbs: readWrite,
    })));
    expect(ADMIN_ROLE.rules.slice(viewable)).toEqual([
      { apiGroups: [''], resources: ['resourcequotas', 'limitranges'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: readWrite },
      { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
    ]);
  });
});

describe('verb lists', () => {
  test('READ_VERBS are get, list and watch', () => {
    expect(READ_VERBS).toEqual(['get', 'list', 'watch']);
  });

  test('ESCALATION_VERBS are bind, escalate and impersonate', () => {
    expect(ESCALATION_VERBS).toEqual(['bind', 'escalate', 'impersonate']);
  });

  test('GUARDRAIL_RESOURCES are ResourceQuotas, LimitRanges and NetworkPolicies', () => {
    expect(GUARDRAIL_RESOURCES).toEqual(['resourcequotas', 'limitranges', 'networkpolicies']);
  });

  test('CONNECT_SUBRESOURCES are exec, attach, port-forward and the proxies', () => {
    expect(CONNECT_SUBRESOURCES).toEqual(['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy']);
  });
});

describe('isReadOnly', () => {
  const read: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] };

  test('is true when every rule only gets, lists or watches', () => {
    expect(isReadOnly([read, { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] }])).toBe(true);
  });

  test('is false when any rule has another verb', () => {
    expect(isReadOnly([read, { apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] }])).toBe(false);
    expect(isReadOnly([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }])).toBe(false);
  });

  test.each(['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy'])(
    'is false for get on %s, which runs the action over a WebSocket before Kubernetes 1.35', (resource) => {
      expect(isReadOnly([read, { apiGroups: [''], resources: ['pods/log', resource], verbs: ['get'] }])).toBe(false);
    },
  );

  test('is true for no rules', () => {
    expect(isReadOnly([])).toBe(true);
  });
});

describe('resolveRoles', () => {
  const rule = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };

  test('fails when a role name is not a DNS label', () => {
    expect(() => resolve(validPlatform({ roles: [{ name: 'Auditor', rules: [rule] }] }))).toThrow(exactly(`role "Auditor": name is "Auditor"; ${DNS_LABEL}`));
  });

  test('fails when a role is not an object, naming it by position', () => {
    expect(() => resolve(validPlatform({ roles: ['auditor' as never] }))).toThrow(exactly('roles[0]: (the definition) is "auditor"; expected an object'));
  });

  test('fails when a role has no rules', () => {
    expect(() => resolve(validPlatform({ roles: [{ name: 'auditor', rules: [] }] }))).toThrow(exactly('role "auditor": rules is []; expected at least one rule'));
  });

  test('fails when a rule\'s lists are malformed or empty', () => {
    const rules = [{ apiGroups: '', resources: [], verbs: 'get' }];

    expect(() => resolve(validPlatform({ roles: [{ name: 'auditor', rules: rules as never }] }))).toThrow(exactly(
      'role "auditor": rules[0].apiGroups is ""; expected a list of API groups ("" for the core group)',
      'role "auditor": rules[0].resources is []; expected at least one of resources',
      'role "auditor": rules[0].verbs is "get"; expected a list of verbs',
    ));
  });

  test('fails when a rule\'s resources are not a list or its verbs empty', () => {
    const rules = [{ apiGroups: [''], resources: 'pods', verbs: [] }];

    expect(() => resolve(validPlatform({ roles: [{ name: 'auditor', rules: rules as never }] }))).toThrow(exactly(
      'role "auditor": rules[0].resources is "pods"; expected a list of resources',
      'role "auditor": rules[0].verbs is []; expected at least one of verbs',
    ));
  });

  test('fails when a rule has an unknown field, listing the allowed ones', () => {
    const rules = [{ ...rule, nonResourceURLs: ['/healthz'] }];

    expect(() => resolve(validPlatform({ roles: [{ name: 'auditor', rules }] }))).toThrow(
      exactly('role "auditor": rules[0].nonResourceURLs is ["/healthz"]; unknown field; allowed fields here: apiGroups, resources, verbs, resourceNames'),
    );
  });

  test.each(['viewer', 'developer', 'admin'])('fails when a declared role takes the name of the built-in %s', (name) => {
    expect(() => resolve(validPlatform({ roles: [{ name, rules: [rule] }] }))).toThrow(
      exactly(`role "${name}": name is "${name}"; a role with this name already exists (built-in roles: "viewer", "developer", "admin"); choose another name`),
    );
  });

  test('fails when two declared roles have the same name', () => {
    expect(() => resolve(validPlatform({ roles: [{ name: 'auditor', rules: [rule] }, { name: 'auditor', rules: [rule] }] }))).toThrow(
      exactly('role "auditor": name is "auditor"; a role with this name already exists (built-in roles: "viewer", "developer", "admin"); choose another name'),
    );
  });

  test('fails when a rule has a wildcard, in any of its lists', () => {
    const rules = [{ apiGroups: ['*'], resources: ['pods', '*'], verbs: ['*'], resourceNames: ['app-*'] }];

    expect(() => resolve(validPlatform({ roles: [{ name: 'wild', rules }] }))).toThrow(exactly(
      'role "wild": rules[0].apiGroups[0] is "*"; wildcards are not allowed; list each value explicitly',
      'role "wild": rules[0].resources[1] is "*"; wildcards are not allowed; list each value explicitly',
      'role "wild": rules[0].verbs[0] is "*"; wildcards are not allowed; list each value explicitly',
      'role "wild": rules[0].resourceNames[0] is "app-*"; wildcards are not allowed; list each value explicitly',
    ));
  });

  test.each(['bind', 'escalate', 'impersonate'])('fails when a rule grants the escalation verb %s', (verb) => {
    const rules = [rule, { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['get', verb] }];

    expect(() => resolve(validPlatform({ roles: [{ name: 'escalator', rules }] }))).toThrow(
      exactly(`role "escalator": rules[1].verbs[1] is "${verb}"; the escalation verbs bind, escalate, impersonate are never granted`),
    );
  });

  test.each([['roles'], ['rolebindings']])('fails when a rule writes %s', (resource) => {
    const rules = [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['pods', resource], verbs: ['get', 'create'] }];

    expect(() => resolve(validPlatform({ roles: [{ name: 'rbac-editor', rules }] }))).toThrow(
      exactly(`role "rbac-editor": rules[0].resources is ["pods","${resource}"]; RBAC objects are managed by the platform; roles may only read them`),
    );
  });

  test.each([['resourcequotas'], ['limitranges'], ['networkpolicies']])('fails when a rule writes the guardrail %s', (resource) => {
    const rules = [{ apiGroups: ['', 'networking.k8s.io'], resources: [resource], verbs: ['delete'] }];

    expect(() => resolve(validPlatform({ roles: [{ name: 'escape', rules }] }))).toThrow(exactly(
      `role "escape": rules[0].resources is ["${resource}"]; ResourceQuotas, LimitRanges and NetworkPolicies hold the environment to its limits `
      + 'and are managed by the platform; roles may only read them',
    ));
  });
});
