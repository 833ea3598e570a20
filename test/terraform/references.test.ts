import { referencesOf } from '../../lib/terraform/_references';
import { deployment, object, roleBinding } from './util';

describe('referencesOf', () => {
  describe('RoleBinding', () => {
    test('refers to its Role and to ServiceAccount subjects of its own namespace', () => {
      const binding = roleBinding('deployer', 'dev', 'deployer', [
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'dev' },
        { kind: 'ServiceAccount', name: 'ci' },
      ]);
      expect(referencesOf(binding)).toEqual([
        { kind: 'Role', name: 'deployer' },
        { kind: 'ServiceAccount', name: 'deployer' },
        { kind: 'ServiceAccount', name: 'ci' },
      ]);
    });

    test('does not refer to ServiceAccounts of other namespaces, groups or users', () => {
      const binding = roleBinding('reader', 'kube-system', 'reader', [
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'dev' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'developers' },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      ]);
      expect(referencesOf(binding)).toEqual([{ kind: 'Role', name: 'reader' }]);
    });

    test('does not refer to a ClusterRole', () => {
      const binding = object('rbac.authorization.k8s.io/v1', 'RoleBinding', 'view', 'dev', {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      });
      expect(referencesOf(binding)).toEqual([]);
    });
  });

  test('a HorizontalPodAutoscaler refers to its scale target', () => {
    const hpa = object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 'dev', {
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web-db' }, minReplicas: 2, maxReplicas: 4 },
    });
    expect(referencesOf(hpa)).toEqual([{ kind: 'StatefulSet', name: 'web-db' }]);
  });

  test('an Ingress refers to the Services of its default backend and of its paths, each once', () => {
    const ingress = object('networking.k8s.io/v1', 'Ingress', 'web', 'dev', {
      spec: {
        defaultBackend: { service: { name: 'fallback', port: { number: 80 } } },
        rules: [
          {
            host: 'a.example.com',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
                { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } },
              ],
            },
          },
          { host: 'b.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } },
          { host: 'c.example.com' },
        ],
      },
    });
    expect(referencesOf(ingress)).toEqual([
      { kind: 'Service', name: 'fallback' },
      { kind: 'Service', name: 'web' },
      { kind: 'Service', name: 'api' },
    ]);
  });

  test('an Ingress with a resource backend refers to nothing', () => {
    const ingress = object('networking.k8s.io/v1', 'Ingress', 'static', 'dev', {
      spec: { defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } } },
    });
    expect(referencesOf(ingress)).toEqual([]);
  });

  test('a Deployment refers to its ServiceAccount, ConfigMaps (volumes, projected, envFrom, env) and claims, in field order', () => {
    const workload = deployment('web', 'dev', {
      serviceAccountName: 'web',
      volumes: [
        { name: 'config', configMap: { name: 'web-config' } },
        { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
        { name: 'bundle', projected: { sources: [{ configMap: { name: 'ca-bundle' } }, { serviceAccountToken: { path: 'token' } }] } },
        { name: 'scratch', emptyDir: {} },
      ],
      initContainers: [{ name: 'init', image: 'busybox', envFrom: [{ configMapRef: { name: 'init-env' } }] }],
      containers: [
        {
          name: 'web',
          image: 'nginx',
          envFrom: [{ configMapRef: { name: 'web-env' } }],
          env: [
            { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'logging', key: 'level' } } },
            { name: 'PLAIN', value: 'x' },
          ],
        },
      ],
    });
    expect(referencesOf(workload)).toEqual([
      { kind: 'ServiceAccount', name: 'web' },
      { kind: 'ConfigMap', name: 'web-config' },
      { kind: 'PersistentVolumeClaim', name: 'web-data' },
      { kind: 'ConfigMap', name: 'ca-bundle' },
      { kind: 'ConfigMap', name: 'init-env' },
      { kind: 'ConfigMap', name: 'web-env' },
      { kind: 'ConfigMap', name: 'logging' },
    ]);
  });

  test('removes duplicates', () => {
    const workload = deployment('web', 'dev', {
      volumes: [{ name: 'a', configMap: { name: 'shared' } }, { name: 'b', projected: { sources: [{ configMap: { name: 'shared' } }] } }],
      containers: [
        { name: 'a', image: 'x', envFrom: [{ configMapRef: { name: 'shared' } }] },
        { name: 'b', image: 'x', env: [{ name: 'K', valueFrom: { configMapKeyRef: { name: 'shared', key: 'k' } } }] },
      ],
    });
    expect(referencesOf(workload)).toEqual([{ kind: 'ConfigMap', name: 'shared' }]);
  });

  test('does not refer to Secrets, which no stack manages', () => {
    const workload = deployment('web', 'dev', {
      volumes: [{ name: 'tls', secret: { secretName: 'web-tls' } }],
      containers: [{
        name: 'web',
        image: 'nginx',
        envFrom: [{ secretRef: { name: 'web-secrets' } }],
        env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'web-secrets', key: 'token' } } }],
      }],
    });
    expect(referencesOf(workload)).toEqual([]);
  });

  test.each([
    ['StatefulSet', 'apps/v1', { spec: { template: { spec: { serviceAccountName: 'sa' } } } }],
    ['DaemonSet', 'apps/v1', { spec: { template: { spec: { serviceAccountName: 'sa' } } } }],
    ['ReplicaSet', 'apps/v1', { spec: { template: { spec: { serviceAccountName: 'sa' } } } }],
    ['Job', 'batch/v1', { spec: { template: { spec: { serviceAccountName: 'sa' } } } }],
    ['CronJob', 'batch/v1', { spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { serviceAccountName: 'sa' } } } } } }],
    ['Pod', 'v1', { spec: { serviceAccountName: 'sa' } }],
  ])('a %s refers to the ServiceAccount of its pod spec', (kind, apiVersion, fields) => {
    expect(referencesOf(object(apiVersion, kind, 'w', 'dev', fields))).toEqual([{ kind: 'ServiceAccount', name: 'sa' }]);
  });

  test('a CronJob reads its pod spec under jobTemplate only', () => {
    const cronJob = object('batch/v1', 'CronJob', 'report', 'dev', { spec: { template: { spec: { serviceAccountName: 'sa' } } } });
    expect(referencesOf(cronJob)).toEqual([]);
  });

  test('a workload without a pod spec refers to nothing', () => {
    expect(referencesOf(object('apps/v1', 'Deployment', 'empty', 'dev'))).toEqual([]);
  });

  test.each([
    ['ConfigMap', 'v1'],
    ['ServiceAccount', 'v1'],
    ['NetworkPolicy', 'networking.k8s.io/v1'],
    ['PriorityClass', 'scheduling.k8s.io/v1'],
  ])('a %s refers to nothing', (kind, apiVersion) => {
    expect(referencesOf(object(apiVersion, kind, 'x', 'dev', { spec: { serviceAccountName: 'sa' } }))).toEqual([]);
  });
});
