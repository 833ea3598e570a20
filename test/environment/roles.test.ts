import { PolicyRule, Role } from '../../lib/environment/environment-model';
import { ADMIN_ROLE, BUILT_IN_ROLES, CONNECT_SUBRESOURCES, DEVELOPER_ROLE, ESCALATION_VERBS, GUARDRAIL_RESOURCES, isReadOnly, READ_VERBS, VIEWER_ROLE } from '../../lib/environment/roles';

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
