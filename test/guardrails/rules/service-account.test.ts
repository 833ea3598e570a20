import { NO_DEFAULT_SERVICE_ACCOUNT_BINDING, SERVICE_ACCOUNT_TOKEN } from '../_lib';
import { changed, deployment, findingsOf, messagesOf, roleBinding, serviceAccount } from '../fixtures';

describe('service-account-token', () => {
  test('passes pods that turn the token off, or whose ServiceAccount does, or that ask for it explicitly', () => {
    const bySa = changed(deployment(), (d) => { delete d.spec.template.spec.automountServiceAccountToken; });
    const explicit = changed(deployment('operator'), (d) => { d.spec.template.spec.automountServiceAccountToken = true; });
    expect(messagesOf(SERVICE_ACCOUNT_TOKEN, [serviceAccount('web'), deployment(), bySa, explicit])).toEqual([]);
  });

  test('fails pods that mount a token by default', () => {
    const defaulted = changed(deployment(), (d) => {
      delete d.spec.template.spec.automountServiceAccountToken;
      delete d.spec.template.spec.serviceAccountName;
    });
    const openAccount = changed(deployment('api'), (d) => { delete d.spec.template.spec.automountServiceAccountToken; });
    expect(findingsOf(SERVICE_ACCOUNT_TOKEN, [defaulted, changed(serviceAccount('api'), (sa) => { delete sa.automountServiceAccountToken; }), openAccount]))
      .toEqual([
        {
          object: 'Deployment/shop/web',
          message: 'pods mount the token of ServiceAccount "default": neither the pod nor the ServiceAccount sets automountServiceAccountToken: false',
          path: 'spec.template.spec.automountServiceAccountToken',
        },
        {
          object: 'Deployment/shop/api',
          message: 'pods mount the token of ServiceAccount "api": neither the pod nor the ServiceAccount sets automountServiceAccountToken: false',
          path: 'spec.template.spec.automountServiceAccountToken',
        },
      ]);
  });
});

describe('no-default-service-account-binding', () => {
  test('passes bindings to named ServiceAccounts and groups', () => {
    expect(messagesOf(NO_DEFAULT_SERVICE_ACCOUNT_BINDING, [roleBinding([
      { kind: 'ServiceAccount', name: 'web', namespace: 'shop' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'default' },
    ])])).toEqual([]);
  });

  test('fails a binding to the default ServiceAccount, in its own or another namespace', () => {
    const binding = roleBinding([{ kind: 'ServiceAccount', name: 'default' }, { kind: 'ServiceAccount', name: 'default', namespace: 'batch' }]);
    const cluster = {
      ...roleBinding([{ kind: 'ServiceAccount', name: 'default', namespace: 'kube-system' }], { kind: 'ClusterRole', name: 'view' }),
      kind: 'ClusterRoleBinding',
      metadata: { name: 'everything' },
    };
    expect(findingsOf(NO_DEFAULT_SERVICE_ACCOUNT_BINDING, [binding, cluster])).toEqual([
      { object: 'RoleBinding/shop/reader', message: 'binds Role "reader" to ServiceAccount "default" of namespace "shop"', path: 'subjects[0]' },
      { object: 'RoleBinding/shop/reader', message: 'binds Role "reader" to ServiceAccount "default" of namespace "batch"', path: 'subjects[1]' },
      { object: 'ClusterRoleBinding/everything', message: 'binds ClusterRole "view" to ServiceAccount "default" of namespace "kube-system"', path: 'subjects[0]' },
    ]);
  });
});
