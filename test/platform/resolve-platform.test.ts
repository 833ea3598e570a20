import { TaintEffect } from '../../lib/cluster/cluster-types';
import { PlatformValidationError } from '../../lib/core/errors';
import { DEFAULT_LABEL_KEYS } from '../../lib/core/labels';
import { Protocol } from '../../lib/core/network';
import { PodSecurityLevel, StateBackendKind } from '../../lib/environment/environment-types';
import { ADMIN_ROLE, DEVELOPER_ROLE, VIEWER_ROLE } from '../../lib/environment/roles';
import { PlatformDefinition } from '../../lib/platform/platform-definition';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import {
  exactly, limitRangeWith, line, protectedTopology, resolvedDefaultTopology, resolvedPoolTopology, resolvedProtectedTopology, validationError,
  validBase, validClusters, validEnvironments, validPlatform, withBase, withCluster, withEnvironment,
} from './fixtures';

const DNS_LABEL = 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
const LABEL_KEY = 'expected a label key such as "team" or "example.com/team" (name at most 63 characters)';
const LABEL_VALUE = 'expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric';
const ENVIRONMENT_FIELDS = 'name, cluster, namespace, protected, podSecurity, nodePool, quota, limitRange, access, network, state, labels, guardrails, apps';
const PORT = 'expected a port number from 1 to 65535';
const CIDR = 'expected an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8';
const PEER_SHAPE = 'expected a namespace peer ({ environment } or { namespace }, with optional ports) or a CIDR peer ({ cidr, except?, ports? })';
const ONE_PEER_KIND = 'name exactly one of "environment" (another environment) or "namespace" (a namespace that is not an environment)';
const STATE_KINDS = 'expected one of "local", "s3", "kubernetes"';

/** The four default PriorityClasses, resolved. */
const DEFAULT_PRIORITY_CLASSES = [
  { name: 'platform', value: 1_000_000, description: 'Platform services (ingress, DNS add-ons, monitoring agents).', globalDefault: false, preempting: true },
  { name: 'app-critical', value: 100_000, description: 'Customer-facing application workloads.', globalDefault: false, preempting: true },
  { name: 'app-standard', value: 10_000, description: 'Application workloads without a stated priority.', globalDefault: true, preempting: true },
  { name: 'app-batch', value: 1_000, description: 'Batch and background jobs; never preempt.', globalDefault: false, preempting: false },
];

/** Resolves a definition that is deliberately invalid, which its type may not admit. */
function resolve(definition: unknown) {
  return resolvePlatform(definition as PlatformDefinition);
}

/** The resolved environment `name` of a definition. */
function environmentOf(definition: PlatformDefinition, name: string) {
  const environment = resolvePlatform(definition).environments.find((env) => env.name === name);
  if (!environment) {
    throw new Error(`no environment "${name}"`);
  }
  return environment;
}

describe('resolvePlatform with a valid platform', () => {
  test('fills in every cluster default and records which environments each cluster hosts', () => {
    const platform = resolvePlatform(validPlatform());

    expect(platform.clusters).toStrictEqual([
      {
        name: 'nonprod',
        kubeconfig: { context: 'nonprod-admin', path: '~/.kube/config' },
        ingress: { className: 'nginx', namespace: 'ingress-nginx' },
        dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
        nodePools: [{ name: 'general', labels: { 'platform.example.com/pool': 'general' }, taints: [], ...resolvedPoolTopology() }],
        priorityClasses: DEFAULT_PRIORITY_CLASSES,
        monitoring: { namespace: 'monitoring', prometheusOperator: false },
        guardrails: { exceptions: [] },
        environments: ['dev', 'qa'],
        hostsProtected: false,
        labelKeys: DEFAULT_LABEL_KEYS,
        ...resolvedDefaultTopology('nonprod', ['general']),
      },
      {
        name: 'prod',
        kubeconfig: { context: 'prod-admin', path: '~/.kube/config' },
        ingress: { className: 'nginx', namespace: 'ingress-nginx' },
        dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
        nodePools: [],
        priorityClasses: DEFAULT_PRIORITY_CLASSES,
        monitoring: { namespace: 'monitoring', prometheusOperator: false },
        guardrails: { exceptions: [] },
        environments: ['production'],
        hostsProtected: true,
        labelKeys: DEFAULT_LABEL_KEYS,
        ...resolvedProtectedTopology(),
      },
    ]);
  });

  test('keeps the cluster settings that are given, filling in PriorityClass defaults', () => {
    const definition = withCluster('prod', {
      kubeconfig: { context: 'prod-admin', path: '/etc/kube/prod.yaml' },
      ingress: { className: 'traefik', namespace: 'traefik' },
      dns: { namespace: 'dns', podLabels: { app: 'coredns' } },
      nodePools: [
        { name: 'gpu', labels: { 'example.com/accelerator': 'nvidia' }, taints: [{ key: 'example.com/gpu', effect: TaintEffect.NO_SCHEDULE }] },
      ],
      priorityClasses: [
        { name: 'high', value: 1_000_000_000, description: 'High.', globalDefault: true, preempting: false },
        { name: 'low', value: -10, description: 'Low.' },
      ],
    });

    expect(resolvePlatform(definition).clusters[1]).toStrictEqual({
      name: 'prod',
      kubeconfig: { context: 'prod-admin', path: '/etc/kube/prod.yaml' },
      ingress: { className: 'traefik', namespace: 'traefik' },
      dns: { namespace: 'dns', podLabels: { app: 'coredns' } },
      nodePools: [{
        name: 'gpu', labels: { 'example.com/accelerator': 'nvidia' }, taints: [{ key: 'example.com/gpu', effect: 'NoSchedule' }],
        ...resolvedPoolTopology(['zone-a', 'zone-b', 'zone-c']),
      }],
      priorityClasses: [
        { name: 'high', value: 1_000_000_000, description: 'High.', globalDefault: true, preempting: false },
        { name: 'low', value: -10, description: 'Low.', globalDefault: false, preempting: true },
      ],
      monitoring: { namespace: 'monitoring', prometheusOperator: false },
        guardrails: { exceptions: [] },
      environments: ['production'],
      hostsProtected: true,
      labelKeys: DEFAULT_LABEL_KEYS,
      ...resolvedProtectedTopology(['gpu']),
    });
  });

  test('resolves an environment that sets nothing to the base with every default filled in', () => {
    const definition = validPlatform();
    const platform = resolvePlatform(definition);
    const dev = platform.environments[0];

    expect(dev).toStrictEqual({
      name: 'dev',
      namespace: 'dev',
      cluster: platform.clusters[0],
      protected: false,
      podSecurity: { enforce: 'baseline', audit: 'restricted', warn: 'restricted', version: 'v1.27' },
      nodePool: undefined,
      quota: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
      limitRange: {
        defaultRequest: { cpu: '100m', memory: '128Mi' },
        default: { cpu: '500m', memory: '512Mi' },
        max: { cpu: '1', memory: '1Gi' },
      },
      access: { bindings: [], deployerServiceAccount: 'deployer' },
      network: {
        ingressControllerNamespace: 'ingress-nginx',
        allowSameNamespace: true,
        dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
        allowFrom: [],
        allowTo: [],
      },
      state: { kind: 'local' },
      apps: [],
      guardrails: { exceptions: [] },
      labels: {},
      definition: { name: 'dev', cluster: 'nonprod' },
      settings: { ...validBase(), name: 'dev', cluster: 'nonprod' },
    });
    expect(dev.cluster).toBe(platform.clusters[0]);
    expect(dev.definition).toBe(definition.environments[0]);
  });

  test('lists environments in definition order, each pointing at its completed cluster', () => {
    const platform = resolvePlatform(validPlatform());

    expect(platform.environments.map((env) => [env.name, env.cluster.name, env.protected])).toEqual([
      ['dev', 'nonprod', false], ['qa', 'nonprod', false], ['production', 'prod', true],
    ]);
    expect(platform.environments[2].cluster).toBe(platform.clusters[1]);
    expect(platform.environments[2].cluster.hostsProtected).toBe(true);
  });

  test('keeps the namespace that is given, and allows the same namespace on another cluster', () => {
    const definition = withEnvironment('production', { namespace: 'dev' }, withEnvironment('dev', { namespace: 'app-dev' }));

    expect(resolvePlatform(definition).environments.map((env) => env.namespace)).toEqual(['app-dev', 'qa', 'dev']);
  });

  test('keeps the Pod Security levels and version that are given', () => {
    const definition = withEnvironment('dev', {
      podSecurity: { enforce: PodSecurityLevel.BASELINE, audit: PodSecurityLevel.BASELINE, warn: PodSecurityLevel.RESTRICTED, version: 'latest' },
    });

    expect(environmentOf(definition, 'dev').podSecurity).toStrictEqual({ enforce: 'baseline', audit: 'baseline', warn: 'restricted', version: 'latest' });
  });

  test('resolves the node pool to the pool of the cluster', () => {
    const definition = withEnvironment('dev', { nodePool: 'general' });

    expect(environmentOf(definition, 'dev').nodePool).toStrictEqual({
      name: 'general', labels: { 'platform.example.com/pool': 'general' }, taints: [], ...resolvedPoolTopology([], ['dev']),
    });
  });

  test('resolves bindings to built-in and declared roles, and keeps the deployer ServiceAccount given', () => {
    const auditor = { name: 'auditor', rules: [{ apiGroups: [''], resources: ['events'], verbs: ['list'] }] };
    const definition = withEnvironment('dev', {
      access: {
        bindings: [{ group: 'devs', role: 'developer' }, { group: 'ops', role: 'admin' }, { group: 'all', role: 'viewer' }, { group: 'audit', role: 'auditor' }],
        deployerServiceAccount: 'ci',
      },
    }, validPlatform({ roles: [auditor] }));

    expect(environmentOf(definition, 'dev').access).toStrictEqual({
      bindings: [
        { group: 'devs', role: DEVELOPER_ROLE },
        { group: 'ops', role: ADMIN_ROLE },
        { group: 'all', role: VIEWER_ROLE },
        { group: 'audit', role: { name: 'auditor', rules: [{ apiGroups: [''], resources: ['events'], verbs: ['list'] }], readOnly: true } },
      ],
      deployerServiceAccount: 'ci',
    });
  });

  test('grants a protected environment read-only declared roles, including ones that read RBAC objects', () => {
    const reader = { name: 'rbac-reader', rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['get', 'list'] }] };
    const definition = withEnvironment('production', { access: { bindings: [{ group: 'sre', role: 'rbac-reader' }] } }, validPlatform({ roles: [reader] }));

    expect(environmentOf(definition, 'production').access.bindings).toStrictEqual([
      { group: 'sre', role: { name: 'rbac-reader', rules: reader.rules, readOnly: true } },
    ]);
  });

  test('resolves an environment peer to its namespace and name, and fills in the TCP protocol', () => {
    const definition = withEnvironment('dev', {
      network: { allowFrom: [{ environment: 'qa', ports: [{ port: 8080 }, { port: 9000, endPort: 9100, protocol: Protocol.UDP }] }] },
    }, withEnvironment('qa', { namespace: 'quality' }));

    expect(environmentOf(definition, 'dev').network.allowFrom).toStrictEqual([
      {
        namespace: 'quality',
        environment: 'qa',
        ports: [{ port: 8080, endPort: undefined, protocol: 'TCP' }, { port: 9000, endPort: 9100, protocol: 'UDP' }],
      },
    ]);
  });

  test('resolves namespace and CIDR peers, with no ports meaning all ports', () => {
    const definition = withEnvironment('dev', {
      network: {
        allowIngressController: false,
        allowFrom: [{ namespace: 'monitoring', ports: [{ port: 9090 }] }],
        allowTo: [
          { environment: 'qa' },
          { namespace: 'production' },
          { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32'], ports: [{ port: 5432, protocol: Protocol.SCTP }] },
          { cidr: 'fd00::/8' },
        ],
      },
    });

    expect(environmentOf(definition, 'dev').network).toStrictEqual({
      ingressControllerNamespace: undefined,
      allowSameNamespace: true,
      dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
      allowFrom: [{ namespace: 'monitoring', ports: [{ port: 9090, endPort: undefined, protocol: 'TCP' }] }],
      allowTo: [
        { namespace: 'qa', environment: 'qa', ports: [] },
        { namespace: 'production', ports: [] },
        { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32'], ports: [{ port: 5432, endPort: undefined, protocol: 'SCTP' }] },
        { cidr: 'fd00::/8', except: [], ports: [] },
      ],
    });
  });

  test('copies peer lists rather than sharing them with the definition', () => {
    const except = ['10.1.0.0/16'];
    const peer = environmentOf(withEnvironment('dev', { network: { allowTo: [{ cidr: '10.0.0.0/8', except }] } }), 'dev').network.allowTo[0];

    expect(peer).toStrictEqual({ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'], ports: [] });
    expect((peer as { except: string[] }).except).not.toBe(except);
  });

  test('admits the ingress controller of the environment\'s own cluster', () => {
    const definition = withCluster('prod', { ingress: { namespace: 'traefik' } });

    expect(environmentOf(definition, 'production').network.ingressControllerNamespace).toBe('traefik');
    expect(environmentOf(definition, 'dev').network.ingressControllerNamespace).toBe('ingress-nginx');
  });

  test('defaults the state to local', () => {
    expect(environmentOf(validPlatform(), 'dev').state).toStrictEqual({ kind: 'local' });
  });

  test('defaults the S3 key prefix to "platform" and keeps one that is given', () => {
    const s3 = { kind: StateBackendKind.S3, bucket: 'tf-state', region: 'eu-west-1' };
    const definition = withEnvironment('qa', { state: { ...s3, keyPrefix: 'teams/app' } }, withEnvironment('dev', { state: s3 }));

    expect(environmentOf(definition, 'dev').state).toStrictEqual({ kind: 's3', bucket: 'tf-state', region: 'eu-west-1', keyPrefix: 'platform' });
    expect(environmentOf(definition, 'qa').state).toStrictEqual({ kind: 's3', bucket: 'tf-state', region: 'eu-west-1', keyPrefix: 'teams/app' });
  });

  test('defaults the Kubernetes state namespace to "terraform-state" and its context to the cluster\'s', () => {
    const definition = withEnvironment('production', { state: { kind: StateBackendKind.KUBERNETES, namespace: 'tf', context: 'state-admin' } },
      withEnvironment('dev', { state: { kind: StateBackendKind.KUBERNETES } },
        withCluster('nonprod', { kubeconfig: { context: 'nonprod-admin', path: '/ci/kubeconfig' } })));

    expect(environmentOf(definition, 'dev').state).toStrictEqual({
      kind: 'kubernetes', namespace: 'terraform-state', context: 'nonprod-admin', configPath: '/ci/kubeconfig',
    });
    expect(environmentOf(definition, 'production').state).toStrictEqual({
      kind: 'kubernetes', namespace: 'tf', context: 'state-admin', configPath: '~/.kube/config',
    });
  });

  test('merges the definition onto the base: objects merged, arrays replaced, null removing', () => {
    const base = {
      ...validBase(),
      nodePool: 'general',
      labels: { team: 'platform', tier: 'app' },
      access: { bindings: [{ group: 'ops', role: 'admin' }, { group: 'devs', role: 'developer' }] },
      quota: { ...validBase().quota, storage: '50Gi', pods: 50 },
    };
    const definition = withEnvironment('qa', {
      nodePool: null,
      labels: { tier: 'test', owner: 'qa' },
      access: { bindings: [{ group: 'qa', role: 'viewer' }] },
      quota: { requests: { cpu: '1' }, storage: null },
    }, validPlatform({ base, environments: validEnvironments().slice(0, 2) }));
    const qa = environmentOf(definition, 'qa');

    expect(qa.settings).toStrictEqual({
      ...validBase(),
      name: 'qa',
      cluster: 'nonprod',
      labels: { team: 'platform', tier: 'test', owner: 'qa' },
      access: { bindings: [{ group: 'qa', role: 'viewer' }] },
      quota: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' }, pods: 50 },
    });
    expect(qa.nodePool).toBeUndefined();
    expect(qa.labels).toStrictEqual({ team: 'platform', tier: 'test', owner: 'qa' });
    expect(qa.quota).toStrictEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' }, pods: 50 });
    expect(qa.access.bindings).toStrictEqual([{ group: 'qa', role: VIEWER_ROLE }]);
    expect(qa.definition).toBe(definition.environments[1]);
    expect(environmentOf(definition, 'dev').nodePool).toStrictEqual({
      name: 'general', labels: { 'platform.example.com/pool': 'general' }, taints: [], ...resolvedPoolTopology([], ['dev']),
    });
  });

  test('accepts sizes that are equal across units', () => {
    const definition = withEnvironment('dev', {
      quota: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } },
      limitRange: { defaultRequest: { cpu: '1', memory: '1Gi' }, default: { cpu: '1000m', memory: '1024Mi' }, max: { cpu: '1', memory: '1Gi' } },
    });

    expect(environmentOf(definition, 'dev').quota.limits).toStrictEqual({ cpu: '1000m', memory: '1024Mi' });
  });

  test('leaves the definition unchanged', () => {
    const definition = withEnvironment('dev', { network: { allowTo: [{ cidr: '10.0.0.0/8' }] } });
    const before = JSON.parse(JSON.stringify(definition)); // same realm as the test, unlike structuredClone under jest 29

    resolvePlatform(definition);

    expect(definition).toStrictEqual(before);
  });
});

describe('resolvePlatform: the top level of the definition', () => {
  test('fails when the definition is not an object', () => {
    expect(() => resolve(null)).toThrow(exactly('platform: (the definition) is null; expected an object'));
  });

  test('fails when clusters are missing', () => {
    expect(() => resolve({ base: validBase(), environments: validEnvironments() })).toThrow(exactly('platform: clusters is missing; expected a list of clusters'));
  });

  test('fails when clusters are not a list', () => {
    expect(() => resolve(validPlatform({ clusters: 'nonprod' as never }))).toThrow(exactly('platform: clusters is "nonprod"; expected a list of clusters'));
  });

  test('fails with a value longer than 80 characters cut short', () => {
    expect(() => resolve(validPlatform({ clusters: validClusters()[0] as never }))).toThrow(
      exactly('platform: clusters is {"name":"nonprod","kubeconfig":{"context":"nonprod-admin"},"nodePools":[{"nam...; expected a list of clusters'),
    );
  });

  test('fails when clusters are empty', () => {
    expect(() => resolve(validPlatform({ clusters: [] }))).toThrow(exactly('platform: clusters is []; expected at least one cluster'));
  });

  test('fails when the base is not an object', () => {
    expect(() => resolve(validPlatform({ base: [] as never }))).toThrow(exactly('platform: base is []; expected the base environment settings (an object)'));
  });

  test('fails when environments are missing', () => {
    expect(() => resolve({ clusters: validClusters(), base: validBase() })).toThrow(exactly('platform: environments is missing; expected a list of environments'));
  });

  test('fails when environments are empty', () => {
    expect(() => resolve(validPlatform({ environments: [] }))).toThrow(exactly('platform: environments is []; expected at least one environment'));
  });

  test('fails when roles are not a list', () => {
    expect(() => resolve(validPlatform({ roles: { name: 'auditor' } as never }))).toThrow(
      exactly('platform: roles is {"name":"auditor"}; expected a list of roles'),
    );
  });

  test('fails when the definition has an unknown field, listing the allowed ones', () => {
    expect(() => resolve({ ...validPlatform(), role: [] })).toThrow(
      exactly('platform: role is []; unknown field; allowed fields here: clusters, base, environments, roles, apps, labelDomain, previews'),
    );
  });

  test('fails with every top-level error at once, and before looking at the parts', () => {
    const definition = { clusters: [], base: 'base', environments: [{ name: 'Bad_Name', cluster: 'nowhere' }] };

    expect(() => resolve(definition)).toThrow(exactly(
      'platform: clusters is []; expected at least one cluster',
      'platform: base is "base"; expected the base environment settings (an object)',
    ));
  });
});

describe('resolvePlatform: clusters', () => {
  test.each([
    ['Prod_1', 'Prod_1'],
    ['-prod', '-prod'],
    ['c'.repeat(64), 'c'.repeat(64)],
  ])('fails when a cluster name is not a DNS label (%s)', (name, rendered) => {
    expect(() => resolve(withCluster('prod', { name }))).toThrow(exactly(`cluster "${rendered}": name is "${rendered}"; ${DNS_LABEL}`));
  });

  test('fails when a cluster is not an object, naming it by position', () => {
    expect(() => resolve(validPlatform({ clusters: [validClusters()[0], 'prod' as never] }))).toThrow(
      exactly('clusters[1]: (the definition) is "prod"; expected an object'),
    );
  });

  test('fails when a cluster has no name, naming it by position', () => {
    expect(() => resolve(validPlatform({ clusters: [validClusters()[0], { kubeconfig: { context: 'prod-admin' } } as never] }))).toThrow(
      exactly(`clusters[1]: name is missing; ${DNS_LABEL}`),
    );
  });

  test('fails when the kubeconfig is missing', () => {
    expect(() => resolve(withCluster('prod', { kubeconfig: undefined }))).toThrow(exactly('cluster "prod": kubeconfig is missing; expected an object'));
  });

  test('fails when the kubeconfig context is missing', () => {
    expect(() => resolve(withCluster('prod', { kubeconfig: { path: '/k' } }))).toThrow(
      exactly('cluster "prod": kubeconfig.context is missing; expected a kubeconfig context name'),
    );
  });

  test('fails when the kubeconfig context is empty', () => {
    expect(() => resolve(withCluster('prod', { kubeconfig: { context: '' } }))).toThrow(
      exactly('cluster "prod": kubeconfig.context is ""; expected a non-empty kubeconfig context name'),
    );
  });

  test('fails when the kubeconfig path is not a string', () => {
    expect(() => resolve(withCluster('prod', { kubeconfig: { context: 'prod-admin', path: ['/k'] } }))).toThrow(
      exactly('cluster "prod": kubeconfig.path is ["/k"]; expected the path of a kubeconfig file'),
    );
  });

  test('fails when the kubeconfig path is empty', () => {
    expect(() => resolve(withCluster('prod', { kubeconfig: { context: 'prod-admin', path: '' } }))).toThrow(
      exactly('cluster "prod": kubeconfig.path is ""; expected a non-empty kubeconfig file path'),
    );
  });

  test('fails when a cluster has unknown fields, listing the allowed ones at each level', () => {
    expect(() => resolve(withCluster('prod', { pools: [], kubeconfig: { context: 'prod-admin', file: '/k' } }))).toThrow(exactly(
      'cluster "prod": kubeconfig.file is "/k"; unknown field; allowed fields here: context, path',
      'cluster "prod": pools is []; unknown field; allowed fields here: name, kubeconfig, ingress, dns, nodePools, guardrails, monitoring, priorityClasses, '
        + 'kubernetesVersion, controlPlane, audit, encryption, etcdBackup, storage, clusterApi',
    ));
  });

  test('fails when the ingress class or namespace is not a DNS label', () => {
    expect(() => resolve(withCluster('prod', { ingress: { className: 'NGINX', namespace: 'ingress_nginx' } }))).toThrow(exactly(
      `cluster "prod": ingress.className is "NGINX"; ${DNS_LABEL}`,
      `cluster "prod": ingress.namespace is "ingress_nginx"; ${DNS_LABEL}`,
    ));
  });

  test('fails when a DNS pod label key or value is invalid', () => {
    expect(() => resolve(withCluster('prod', { dns: { namespace: 'kube-system', podLabels: { 'k8s app': 'kube-dns', 'k8s-app': 'kube dns' } } }))).toThrow(exactly(
      `cluster "prod": dns.podLabels.k8s app is "k8s app"; ${LABEL_KEY}`,
      `cluster "prod": dns.podLabels.k8s-app is "kube dns"; ${LABEL_VALUE}`,
    ));
  });

  test('fails when a node pool name is not a DNS label', () => {
    expect(() => resolve(withCluster('nonprod', { nodePools: [{ name: 'GPU' }] }))).toThrow(exactly(`cluster "nonprod": nodePools[0].name is "GPU"; ${DNS_LABEL}`));
  });

  test('fails when a node pool label is invalid', () => {
    expect(() => resolve(withCluster('nonprod', { nodePools: [{ name: 'general', labels: { tier: 'a b', 'Example.com/tier': 'a' } }] }))).toThrow(exactly(
      `cluster "nonprod": nodePools[0].labels.tier is "a b"; ${LABEL_VALUE}`,
      `cluster "nonprod": nodePools[0].labels.Example.com/tier is "Example.com/tier"; ${LABEL_KEY}`,
    ));
  });

  test('fails when a taint key, value or effect is invalid', () => {
    const taints = [{ key: '-gpu', value: 'a b', effect: 'NoEntry' }];

    expect(() => resolve(withCluster('nonprod', { nodePools: [{ name: 'general', taints }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].taints[0].key is "-gpu"; expected a taint key such as "dedicated" or "example.com/tier"',
      'cluster "nonprod": nodePools[0].taints[0].value is "a b"; expected a taint value: at most 63 letters, digits, "-", "_" or "."',
      'cluster "nonprod": nodePools[0].taints[0].effect is "NoEntry"; expected one of "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ));
  });

  test('fails when two node pools of a cluster have the same name', () => {
    expect(() => resolve(withCluster('nonprod', { nodePools: [{ name: 'general' }, { name: 'general' }] }))).toThrow(
      exactly('cluster "nonprod": nodePools[].name is "general"; duplicate name; node pool names must be unique in a cluster'),
    );
  });

  test('fails when a PriorityClass value is above 1000000000', () => {
    expect(() => resolve(withCluster('prod', { priorityClasses: [{ name: 'top', value: 1_000_000_001, description: 'Top.' }] }))).toThrow(
      exactly('cluster "prod": priorityClasses[0].value is 1000000001; expected at most 1000000000 (larger values are reserved for system classes)'),
    );
  });

  test('fails when a PriorityClass value is below the 32-bit range', () => {
    expect(() => resolve(withCluster('prod', { priorityClasses: [{ name: 'bottom', value: -2_147_483_649, description: 'Bottom.' }] }))).toThrow(
      exactly('cluster "prod": priorityClasses[0].value is -2147483649; expected at least -2147483648'),
    );
  });

  test('fails when a PriorityClass value is not a whole number', () => {
    const priorityClasses = [{ name: 'half', value: 1.5, description: 'Half.' }, { name: 'text', value: 'high', description: 'Text.' }];

    expect(() => resolve(withCluster('prod', { priorityClasses }))).toThrow(exactly(
      'cluster "prod": priorityClasses[0].value is 1.5; expected a whole number',
      'cluster "prod": priorityClasses[1].value is "high"; expected a number',
    ));
  });

  test('fails when a PriorityClass takes the system- prefix', () => {
    expect(() => resolve(withCluster('prod', { priorityClasses: [{ name: 'system-app', value: 1, description: 'App.' }] }))).toThrow(
      exactly('cluster "prod": priorityClasses[0].name is "system-app"; the "system-" prefix is reserved for Kubernetes system classes; choose another name'),
    );
  });

  test('fails when a PriorityClass has no description or a non-boolean flag', () => {
    expect(() => resolve(withCluster('prod', { priorityClasses: [{ name: 'app', value: 1, globalDefault: 'yes' }] }))).toThrow(exactly(
      'cluster "prod": priorityClasses[0].description is missing; expected a string',
      'cluster "prod": priorityClasses[0].globalDefault is "yes"; expected a boolean',
    ));
  });

  test('fails when two PriorityClasses have the same name', () => {
    const priorityClasses = [{ name: 'app', value: 2, description: 'A.' }, { name: 'app', value: 1, description: 'B.' }];

    expect(() => resolve(withCluster('prod', { priorityClasses }))).toThrow(
      exactly('cluster "prod": priorityClasses[].name is "app"; duplicate name; PriorityClass names must be unique'),
    );
  });

  test('fails when more than one PriorityClass is the global default', () => {
    const priorityClasses = [
      { name: 'a', value: 3, description: 'A.', globalDefault: true },
      { name: 'b', value: 2, description: 'B.', globalDefault: false },
      { name: 'c', value: 1, description: 'C.', globalDefault: true },
    ];

    expect(() => resolve(withCluster('prod', { priorityClasses }))).toThrow(
      exactly('cluster "prod": priorityClasses[].globalDefault is ["a","c"]; at most one PriorityClass may be the global default'),
    );
  });

  test('fails when two clusters have the same name', () => {
    const clusters = [...validClusters(), { name: 'prod', kubeconfig: { context: 'other' }, ...protectedTopology() }];

    expect(() => resolve(validPlatform({ clusters }))).toThrow(exactly('platform: clusters[].name is "prod"; duplicate name; cluster names must be unique'));
  });
});

describe('resolvePlatform: roles', () => {
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

describe('resolvePlatform: environment fields', () => {
  test('fails when an environment name is not a DNS label', () => {
    expect(() => resolve(withEnvironment('dev', { name: 'Dev_1' }))).toThrow(exactly(`environment "Dev_1": name is "Dev_1"; ${DNS_LABEL}`));
  });

  test('fails when an environment name is longer than 63 characters', () => {
    const name = 'e'.repeat(64);

    expect(() => resolve(withEnvironment('dev', { name }))).toThrow(exactly(`environment "${name}": name is "${name}"; ${DNS_LABEL}`));
  });

  test('fails when an environment has no name, naming it by position', () => {
    expect(() => resolve(validPlatform({ environments: [{ cluster: 'nonprod' } as never, ...validEnvironments().slice(1)] }))).toThrow(
      exactly(`environments[0]: name is missing; ${DNS_LABEL}`),
    );
  });

  test('fails when an environment is not an object, naming it by position', () => {
    expect(() => resolve(validPlatform({ environments: [validEnvironments()[0], 'qa' as never] }))).toThrow(
      exactly('environments[1]: (the definition) is "qa"; expected an object'),
    );
  });

  test('fails when the cluster, namespace or node pool is not a DNS label', () => {
    expect(() => resolve(withEnvironment('dev', { cluster: 'Non_Prod', namespace: 'dev team', nodePool: 5 }))).toThrow(exactly(
      `environment "dev": cluster is "Non_Prod"; ${DNS_LABEL}`,
      `environment "dev": namespace is "dev team"; ${DNS_LABEL}`,
      `environment "dev": nodePool is 5; ${DNS_LABEL}`,
    ));
  });

  test('fails when an environment has an unknown field, listing the allowed ones', () => {
    expect(() => resolve(withEnvironment('dev', { nodepool: 'general' }))).toThrow(
      exactly(`environment "dev": nodepool is "general"; unknown field; allowed fields here: ${ENVIRONMENT_FIELDS}`),
    );
  });

  test('fails when a nested object has an unknown field, listing the allowed ones there', () => {
    expect(() => resolve(withEnvironment('dev', { quota: { request: { cpu: '1' } }, podSecurity: { enforce: 'baseline', mode: 'x' } }))).toThrow(exactly(
      'environment "dev": podSecurity.mode is "x"; unknown field; allowed fields here: enforce, audit, warn, version',
      'environment "dev": quota.request is {"cpu":"1"}; unknown field; allowed fields here: requests, limits, storage, pods, services, persistentVolumeClaims',
    ));
  });

  test('fails when protected is not a boolean', () => {
    expect(() => resolve(withEnvironment('dev', { protected: 'yes' }))).toThrow(exactly('environment "dev": protected is "yes"; expected true or false'));
  });

  test('fails when a Pod Security level is unknown', () => {
    expect(() => resolve(withEnvironment('dev', { podSecurity: { enforce: 'strict', warn: 'Restricted' } }))).toThrow(exactly(
      'environment "dev": podSecurity.enforce is "strict"; expected one of "privileged", "baseline", "restricted"',
      'environment "dev": podSecurity.warn is "Restricted"; expected one of "privileged", "baseline", "restricted"',
    ));
  });

  test('fails when the Pod Security version is not a Kubernetes minor', () => {
    expect(() => resolve(withEnvironment('dev', { podSecurity: { enforce: 'baseline', version: '1.27' } }))).toThrow(
      exactly('environment "dev": podSecurity.version is "1.27"; expected "latest" or a Kubernetes minor version such as "v1.27"'),
    );
  });

  test.each(['2 cores', 'Mi', '1.2.3', '', '-1'])('fails when a CPU quantity is %p', (cpu) => {
    expect(() => resolve(withEnvironment('dev', { quota: { requests: { cpu } } }))).toThrow(
      exactly(`environment "dev": quota.requests.cpu is ${JSON.stringify(cpu)}; expected a non-negative Kubernetes quantity such as 500m or 2`),
    );
  });

  test('fails when a memory quantity is negative or not a string', () => {
    expect(() => resolve(withEnvironment('dev', { quota: { requests: { memory: 4 }, limits: { memory: '-8Gi' } } }))).toThrow(exactly(
      'environment "dev": quota.requests.memory is 4; expected a Kubernetes quantity such as 512Mi or 4Gi',
      'environment "dev": quota.limits.memory is "-8Gi"; expected a non-negative Kubernetes quantity such as 512Mi or 4Gi',
    ));
  });

  test('fails when a LimitRange quantity is invalid', () => {
    expect(() => resolve(withEnvironment('dev', { limitRange: { max: { cpu: 'two' } } }))).toThrow(
      exactly('environment "dev": limitRange.max.cpu is "two"; expected a non-negative Kubernetes quantity such as 500m or 2'),
    );
  });

  test('fails when the storage quota is not a quantity', () => {
    expect(() => resolve(withEnvironment('dev', { quota: { storage: 'lots' } }))).toThrow(
      exactly('environment "dev": quota.storage is "lots"; expected a non-negative Kubernetes quantity such as 100Gi'),
    );
  });

  test('fails when an object count is negative, fractional or not a number', () => {
    expect(() => resolve(withEnvironment('dev', { quota: { pods: -1, services: 1.5, persistentVolumeClaims: '3' } }))).toThrow(exactly(
      'environment "dev": quota.pods is -1; expected zero or more pods',
      'environment "dev": quota.services is 1.5; expected a whole number of Services',
      'environment "dev": quota.persistentVolumeClaims is "3"; expected a whole number of PersistentVolumeClaims',
    ));
  });

  test('fails when the definition removes a required part of the base', () => {
    expect(() => resolve(withEnvironment('dev', { limitRange: { max: null }, quota: null }))).toThrow(exactly(
      'environment "dev": quota is missing; expected an object',
      'environment "dev": limitRange.max is missing; expected an object',
    ));
  });

  test('fails when a binding has an empty or missing group, or a role that is not a string', () => {
    const bindings = [{ group: '', role: 'viewer' }, { role: 'viewer' }, { group: 'devs', role: 3 }];

    expect(() => resolve(withEnvironment('dev', { access: { bindings } }))).toThrow(exactly(
      'environment "dev": access.bindings[0].group is ""; expected a non-empty group name',
      'environment "dev": access.bindings[1].group is missing; expected a group name',
      'environment "dev": access.bindings[2].role is 3; expected a role name',
    ));
  });

  test('fails when the deployer ServiceAccount is not a DNS label', () => {
    expect(() => resolve(withEnvironment('dev', { access: { deployerServiceAccount: 'CI' } }))).toThrow(
      exactly(`environment "dev": access.deployerServiceAccount is "CI"; ${DNS_LABEL}`),
    );
  });

  test('fails when allowIngressController is not a boolean', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowIngressController: 'no' } }))).toThrow(
      exactly('environment "dev": network.allowIngressController is "no"; expected true or false'),
    );
  });

  test('fails when a namespace peer has an unknown field or a name that is not a DNS label', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowFrom: [{ environment: 'qa', port: 80 }, { namespace: 'Monitoring' }] } }))).toThrow(exactly(
      'environment "dev": network.allowFrom[0].port is 80; unknown field; allowed fields here: environment, namespace, ports',
      `environment "dev": network.allowFrom[1].namespace is "Monitoring"; ${DNS_LABEL}`,
    ));
  });

  test('fails when an allowTo entry has an unknown field, listing the fields of the kind of peer it is', () => {
    const allowTo = [{ cidr: '10.0.0.0/8', expect: ['10.1.0.0/16'] }, { environment: 'qa', port: 80 }];

    expect(() => resolve(withEnvironment('dev', { network: { allowTo } }))).toThrow(exactly(
      'environment "dev": network.allowTo[0].expect is ["10.1.0.0/16"]; unknown field; allowed fields here: cidr, except, ports',
      'environment "dev": network.allowTo[1].port is 80; unknown field; allowed fields here: environment, namespace, ports',
    ));
  });

  test('fails when an allowTo entry mixes a CIDR with a namespace peer', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowTo: [{ cidr: '10.0.0.0/8', namespace: 'monitoring' }] } }))).toThrow(
      exactly('environment "dev": network.allowTo[0].namespace is "monitoring"; unknown field; allowed fields here: cidr, except, ports'),
    );
  });

  test('fails when an allowTo entry is not an object, or its CIDR not a string', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowTo: ['10.0.0.0/8', { cidr: 10 }] } }))).toThrow(exactly(
      `environment "dev": network.allowTo[0] is "10.0.0.0/8"; ${PEER_SHAPE}`,
      'environment "dev": network.allowTo[1].cidr is 10; expected a CIDR such as 10.0.0.0/8',
    ));
  });

  test.each([0, 65536, 1.5, 'http'])('fails when a port is %p', (port) => {
    expect(() => resolve(withEnvironment('dev', { network: { allowFrom: [{ namespace: 'monitoring', ports: [{ port }] }] } }))).toThrow(
      exactly(`environment "dev": network.allowFrom[0].ports[0].port is ${JSON.stringify(port)}; ${PORT}`),
    );
  });

  test('fails when an end port is out of range or a protocol unknown', () => {
    const ports = [{ port: 80, endPort: 70000 }, { port: 53, protocol: 'DNS' }];

    expect(() => resolve(withEnvironment('dev', { network: { allowTo: [{ cidr: '10.0.0.0/8', ports }] } }))).toThrow(exactly(
      `environment "dev": network.allowTo[0].ports[0].endPort is 70000; ${PORT}`,
      'environment "dev": network.allowTo[0].ports[1].protocol is "DNS"; expected one of "TCP", "UDP", "SCTP"',
    ));
  });

  test('fails when the state kind is unknown', () => {
    expect(() => resolve(withEnvironment('dev', { state: { kind: 'gcs', bucket: 'tf' } }))).toThrow(exactly(`environment "dev": state.kind is "gcs"; ${STATE_KINDS}`));
  });

  test('fails when the state kind is missing', () => {
    expect(() => resolve(withEnvironment('dev', { state: { bucket: 'tf-state' } }))).toThrow(exactly(`environment "dev": state.kind is missing; ${STATE_KINDS}`));
  });

  test('fails when a state backend has a field of another kind, listing the fields of its own kind', () => {
    expect(() => resolve(withEnvironment('dev', { state: { kind: 'local', bucket: 'tf-state' } }))).toThrow(
      exactly('environment "dev": state.bucket is "tf-state"; unknown field; allowed fields here: kind'),
    );
    expect(() => resolve(withEnvironment('dev', { state: { kind: 's3', bucket: 'tf-state', region: 'eu-west-1', context: 'x' } }))).toThrow(
      exactly('environment "dev": state.context is "x"; unknown field; allowed fields here: kind, bucket, region, keyPrefix'),
    );
  });

  test('fails when the S3 bucket is missing or too short or too long', () => {
    const long = 'b'.repeat(64);

    expect(() => resolve(withEnvironment('qa', { state: { kind: 's3', bucket: long, region: 'eu-west-1' } },
      withEnvironment('dev', { state: { kind: 's3', bucket: 'tf', region: 'eu-west-1' } },
        withEnvironment('production', { state: { kind: 's3', region: 'eu-west-1' } }))))).toThrow(exactly(
      'environment "dev": state.bucket is "tf"; expected an S3 bucket name (3 to 63 characters)',
      `environment "qa": state.bucket is "${long}"; expected an S3 bucket name (3 to 63 characters)`,
      'environment "production": state.bucket is missing; expected the S3 bucket name',
    ));
  });

  test.each(['europe', 'EU-WEST-1', 'eu-west', 'euwest1'])('fails when the S3 region is %p', (region) => {
    expect(() => resolve(withEnvironment('dev', { state: { kind: 's3', bucket: 'tf-state', region } }))).toThrow(
      exactly(`environment "dev": state.region is "${region}"; expected an AWS region such as eu-west-1`),
    );
  });

  test('fails when the S3 key prefix has a space', () => {
    expect(() => resolve(withEnvironment('dev', { state: { kind: 's3', bucket: 'tf-state', region: 'eu-west-1', keyPrefix: 'my prefix' } }))).toThrow(
      exactly('environment "dev": state.keyPrefix is "my prefix"; expected an S3 key prefix without spaces'),
    );
  });

  test('fails when the Kubernetes state namespace is not a DNS label or its context is empty', () => {
    expect(() => resolve(withEnvironment('dev', { state: { kind: 'kubernetes', namespace: 'TF', context: '' } }))).toThrow(exactly(
      `environment "dev": state.namespace is "TF"; ${DNS_LABEL}`,
      'environment "dev": state.context is ""; expected a non-empty kubeconfig context name',
    ));
  });

  test('fails when a label key is invalid', () => {
    const labels = { 'Team Name': 'x', 'Example.com/team': 'x', [`example.com/${'k'.repeat(64)}`]: 'x' };

    expect(() => resolve(withEnvironment('dev', { labels }))).toThrow(exactly(
      `environment "dev": labels.Team Name is "Team Name"; ${LABEL_KEY}`,
      `environment "dev": labels.Example.com/team is "Example.com/team"; ${LABEL_KEY}`,
      `environment "dev": labels.example.com/${'k'.repeat(64)} is "example.com/${'k'.repeat(64)}"; ${LABEL_KEY}`,
    ));
  });

  test('fails when a label value is invalid or not a string', () => {
    const labels = { team: 'a b', tier: '-app', owner: 'o'.repeat(64), cost: 3 };

    expect(() => resolve(withEnvironment('dev', { labels }))).toThrow(exactly(
      `environment "dev": labels.team is "a b"; ${LABEL_VALUE}`,
      `environment "dev": labels.tier is "-app"; ${LABEL_VALUE}`,
      `environment "dev": labels.owner is "${'o'.repeat(64)}"; ${LABEL_VALUE}`,
      'environment "dev": labels.cost is 3; expected a string label value',
    ));
  });
});

describe('resolvePlatform: relations between definitions', () => {
  test('fails when two environments have the same name', () => {
    const environments = [...validEnvironments(), { name: 'dev', cluster: 'prod' }];

    expect(() => resolve(validPlatform({ environments }))).toThrow(
      exactly('platform: environments[].name is "dev"; duplicate name; environment names must be unique'),
    );
  });

  test('fails when an environment runs on an unknown cluster', () => {
    expect(() => resolve(withEnvironment('dev', { cluster: 'staging' }))).toThrow(
      exactly('environment "dev": cluster is "staging"; expected one of the declared clusters: "nonprod", "prod"'),
    );
  });

  test('fails when two environments take the same namespace of a cluster', () => {
    expect(() => resolve(withEnvironment('qa', { namespace: 'dev' }))).toThrow(exactly(
      'environment "qa": namespace is "dev"; namespace "dev" of cluster "nonprod" is already taken by environment "dev"; each environment needs its own namespace',
    ));
  });

  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'ingress-nginx'])('fails when an environment takes the reserved namespace %s', (namespace) => {
    expect(() => resolve(withEnvironment('dev', { namespace }))).toThrow(exactly(`environment "dev": namespace is "${namespace}"; reserved for the cluster `
      + '(system, ingress and DNS namespaces); choose a namespace other than "default", "kube-system", "kube-public", "kube-node-lease", "ingress-nginx"'));
  });

  test('fails when an environment takes its cluster\'s own ingress or DNS namespace, naming them', () => {
    const definition = withEnvironment('qa', { namespace: 'coredns' },
      withEnvironment('dev', { namespace: 'traefik' }, withCluster('nonprod', { ingress: { namespace: 'traefik' }, dns: { namespace: 'coredns' } })));
    const reserved = '"default", "kube-system", "kube-public", "kube-node-lease", "traefik", "coredns"';

    expect(() => resolve(definition)).toThrow(exactly(
      `environment "dev": namespace is "traefik"; reserved for the cluster (system, ingress and DNS namespaces); choose a namespace other than ${reserved}`,
      `environment "qa": namespace is "coredns"; reserved for the cluster (system, ingress and DNS namespaces); choose a namespace other than ${reserved}`,
    ));
  });

  test('fails when an environment named like a reserved namespace takes it by default', () => {
    const environments = [{ name: 'default', cluster: 'nonprod' }];

    expect(() => resolve(validPlatform({ environments }))).toThrow(line(
      'environment "default": namespace is "default"; reserved for the cluster (system, ingress and DNS namespaces); choose a namespace other than '
      + '"default", "kube-system", "kube-public", "kube-node-lease", "ingress-nginx"',
    ));
  });

  test('fails when a protected environment does not enforce restricted', () => {
    expect(() => resolve(withEnvironment('production', { podSecurity: { enforce: PodSecurityLevel.BASELINE } }))).toThrow(
      exactly('environment "production": podSecurity.enforce is "baseline"; protected environments enforce "restricted"'),
    );
  });

  test('fails when a protected environment enforces privileged, once', () => {
    expect(() => resolve(withEnvironment('production', { podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } }))).toThrow(
      exactly('environment "production": podSecurity.enforce is "privileged"; protected environments enforce "restricted"'),
    );
  });

  test('fails when an environment enforces privileged', () => {
    expect(() => resolve(withEnvironment('dev', { podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } }))).toThrow(
      exactly('environment "dev": podSecurity.enforce is "privileged"; expected "baseline" or "restricted"; environments never run privileged pods'),
    );
  });

  test('fails when audit or warn is weaker than enforce', () => {
    const podSecurity = { enforce: PodSecurityLevel.RESTRICTED, audit: PodSecurityLevel.BASELINE, warn: PodSecurityLevel.PRIVILEGED };

    expect(() => resolve(withEnvironment('dev', { podSecurity }))).toThrow(exactly(
      'environment "dev": podSecurity.audit is "baseline"; expected a level at least as strict as enforce ("restricted")',
      'environment "dev": podSecurity.warn is "privileged"; expected a level at least as strict as enforce ("restricted")',
    ));
  });

  test('fails when the node pool is not one of the cluster\'s pools', () => {
    expect(() => resolve(withEnvironment('dev', { nodePool: 'gpu' }))).toThrow(exactly('environment "dev": nodePool is "gpu"; expected a node pool of cluster "nonprod": "general"'));
  });

  test('fails when the environment names a node pool and its cluster has none', () => {
    expect(() => resolve(withEnvironment('production', { nodePool: 'general' }))).toThrow(
      exactly('environment "production": nodePool is "general"; cluster "prod" declares no node pools; remove nodePool or add the pool to the cluster'),
    );
  });

  test('fails when a LimitRange default request is above the default limit', () => {
    expect(() => resolve(withEnvironment('dev', { limitRange: limitRangeWith('defaultRequest', { cpu: '600m' }) }))).toThrow(
      exactly('environment "dev": limitRange.defaultRequest.cpu is "600m"; expected at most limitRange.default.cpu (500m)'),
    );
  });

  test('fails when a LimitRange default limit is above the max, comparing across units', () => {
    expect(() => resolve(withEnvironment('dev', { limitRange: limitRangeWith('default', { memory: '1025Mi' }) }))).toThrow(
      exactly('environment "dev": limitRange.default.memory is "1025Mi"; expected at most limitRange.max.memory (1Gi)'),
    );
  });

  test('fails when a LimitRange max is above the quota limits', () => {
    expect(() => resolve(withEnvironment('dev', { limitRange: limitRangeWith('max', { cpu: '8' }) }))).toThrow(
      exactly('environment "dev": limitRange.max.cpu is "8"; expected at most quota.limits.cpu (4)'),
    );
  });

  test('fails when quota requests are above quota limits', () => {
    expect(() => resolve(withEnvironment('dev', { quota: { requests: { memory: '16Gi' } } }))).toThrow(
      exactly('environment "dev": quota.requests.memory is "16Gi"; expected at most quota.limits.memory (8Gi)'),
    );
  });

  test('fails when the LimitRange default request is above the quota requests', () => {
    expect(() => resolve(withEnvironment('dev', { quota: { requests: { cpu: '50m' } } }))).toThrow(
      exactly('environment "dev": limitRange.defaultRequest.cpu is "100m" (inherited from the base); expected at most quota.requests.cpu (50m), '
        + 'or no pod with defaults fits the quota'),
    );
  });

  test('fails when a binding names an unknown role, listing the known ones', () => {
    const auditor = { name: 'auditor', rules: [{ apiGroups: [''], resources: ['events'], verbs: ['list'] }] };

    expect(() => resolve(withEnvironment('dev', { access: { bindings: [{ group: 'ops', role: 'operator' }] } }, validPlatform({ roles: [auditor] })))).toThrow(
      exactly('environment "dev": access.bindings[0].role is "operator"; expected a known role: "viewer", "developer", "admin", "auditor"'),
    );
  });

  test('fails when a granted role has the name of the deployer\'s Role', () => {
    const platform = { ...withEnvironment('dev', { access: { bindings: [{ group: 'ci', role: 'deployer' }] } }),
      roles: [{ name: 'deployer', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }] };
    expect(() => resolve(platform)).toThrow(exactly(
      'environment "dev": access.bindings[0].role is "deployer"; the deployer\'s own Role is named "deployer"; '
      + 'rename the role or set access.deployerServiceAccount to another name',
    ));
  });

  test.each(['developer', 'admin'])('fails when a protected environment grants the role %s', (role) => {
    expect(() => resolve(withEnvironment('production', { access: { bindings: [{ group: 'sre', role: 'viewer' }, { group: 'devs', role }] } }))).toThrow(exactly(
      `environment "production": access.bindings[1].role is "${role}"; protected environments grant people read-only roles only (e.g. "viewer"); `
      + 'changes go through the deployer',
    ));
  });

  test('fails when a protected environment grants a declared role that writes, or that gets pods/exec', () => {
    const roles = [
      { name: 'restarter', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] }] },
      { name: 'shell', rules: [{ apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['get'] }] },
    ];
    const bindings = [{ group: 'sre', role: 'restarter' }, { group: 'sre', role: 'shell' }];
    const refused = 'protected environments grant people read-only roles only (e.g. "viewer"); changes go through the deployer';

    expect(() => resolve(withEnvironment('production', { access: { bindings } }, validPlatform({ roles })))).toThrow(exactly(
      `environment "production": access.bindings[0].role is "restarter"; ${refused}`,
      `environment "production": access.bindings[1].role is "shell"; ${refused}`,
    ));
  });

  test('fails when a group gets the same role twice', () => {
    const bindings = [{ group: 'devs', role: 'viewer' }, { group: 'devs', role: 'developer' }, { group: 'devs', role: 'viewer' }];

    expect(() => resolve(withEnvironment('dev', { access: { bindings } }))).toThrow(
      exactly('environment "dev": access.bindings[2] is {"group":"devs","role":"viewer"}; group "devs" already has role "viewer"; remove the repeated grant'),
    );
  });

  test('fails when a peer names both an environment and a namespace', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowFrom: [{ environment: 'qa', namespace: 'qa' }] } }))).toThrow(
      exactly(`environment "dev": network.allowFrom[0] is {"environment":"qa","namespace":"qa"}; ${ONE_PEER_KIND}`),
    );
  });

  test('fails when a peer names neither an environment nor a namespace', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowTo: [{ ports: [{ port: 80 }] }] } }))).toThrow(
      exactly(`environment "dev": network.allowTo[0] is {"ports":[{"port":80}]}; ${ONE_PEER_KIND}`),
    );
  });

  test('fails when a peer names an unknown environment, listing the declared ones', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowFrom: [{ environment: 'staging' }] } }))).toThrow(
      exactly('environment "dev": network.allowFrom[0].environment is "staging"; expected a declared environment: "dev", "qa", "production"'),
    );
  });

  test('fails when a peer names the environment itself', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowFrom: [{ environment: 'dev' }] } }))).toThrow(
      exactly('environment "dev": network.allowFrom[0].environment is "dev"; an environment always reaches itself; remove this entry'),
    );
  });

  test('fails when a peer names an environment on another cluster', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowTo: [{ environment: 'production', ports: [{ port: 443 }] }] } }))).toThrow(exactly(
      'environment "dev": network.allowTo[0].environment is "production"; environment "production" runs on cluster "prod", not "nonprod"; '
      + 'reach another cluster with a CIDR peer',
    ));
  });

  test('fails when a namespace peer is another environment\'s namespace', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowFrom: [{ namespace: 'quality' }] } }, withEnvironment('qa', { namespace: 'quality' })))).toThrow(
      exactly('environment "dev": network.allowFrom[0].namespace is "quality"; namespace "quality" belongs to environment "qa"; '
        + 'open traffic to another environment only with { environment: "qa" }'),
    );
  });

  test('fails when a namespace peer is the environment\'s own namespace', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowTo: [{ namespace: 'dev' }] } }))).toThrow(
      exactly('environment "dev": network.allowTo[0].namespace is "dev"; an environment always reaches its own namespace; remove this entry'),
    );
  });

  test.each(['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8', '10.0.0/8', 'fd00::/129', 'example.com/8', '10.0.0.0/8/8', ''])(
    'fails when a CIDR is %p', (cidr) => {
      expect(() => resolve(withEnvironment('dev', { network: { allowTo: [{ cidr }] } }))).toThrow(
        exactly(`environment "dev": network.allowTo[0].cidr is ${JSON.stringify(cidr)}; ${CIDR}`),
      );
    },
  );

  test.each([
    ['outside the range', '192.168.0.0/16'],
    ['equal to the range', '10.0.0.0/8'],
    ['wider than the range', '10.0.0.0/7'],
    ['of another family', 'fd00::/16'],
    ['not a CIDR', '10.1.0.0'],
  ])('fails when an except CIDR is %s', (_, except) => {
    expect(() => resolve(withEnvironment('dev', { network: { allowTo: [{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16', except] }] } }))).toThrow(
      exactly(`environment "dev": network.allowTo[0].except[1] is "${except}"; expected a CIDR strictly inside 10.0.0.0/8 (a prefix longer than /8)`),
    );
  });

  test('fails when an end port is below its port', () => {
    expect(() => resolve(withEnvironment('dev', { network: { allowFrom: [{ namespace: 'monitoring', ports: [{ port: 80 }, { port: 8080, endPort: 8000 }] }] } })))
      .toThrow(exactly('environment "dev": network.allowFrom[0].ports[1].endPort is 8000; expected at least port (8080)'));
  });
});

describe('resolvePlatform: values inherited from the base', () => {
  test('fails in every environment that inherits a bad value, marking it inherited', () => {
    const definition = withBase({ quota: { ...validBase().quota, requests: { cpu: '2 cores', memory: '4Gi' } } });
    const cpu = 'quota.requests.cpu is "2 cores" (inherited from the base); expected a non-negative Kubernetes quantity such as 500m or 2';

    expect(() => resolve(definition)).toThrow(exactly(`environment "dev": ${cpu}`, `environment "qa": ${cpu}`, `environment "production": ${cpu}`));
    expect(validationError(() => resolve(definition)).issues.map((issue) => [issue.subject, issue.inherited])).toEqual([
      ['environment "dev"', true], ['environment "qa"', true], ['environment "production"', true],
    ]);
  });

  test('fails without the inherited mark where the environment sets the bad value itself', () => {
    const definition = withEnvironment('qa', { quota: { requests: { cpu: 'two' } } });

    expect(() => resolve(definition)).toThrow(
      exactly('environment "qa": quota.requests.cpu is "two"; expected a non-negative Kubernetes quantity such as 500m or 2'),
    );
    expect(validationError(() => resolve(definition)).issues).toEqual([{
      subject: 'environment "qa"',
      path: 'quota.requests.cpu',
      value: 'two',
      allowed: 'expected a non-negative Kubernetes quantity such as 500m or 2',
      inherited: false,
    }]);
  });

  test('marks a value inherited when the environment sets only its siblings, or sets it to undefined', () => {
    const definition = withEnvironment('qa', { quota: { requests: { cpu: undefined } } },
      withEnvironment('dev', { quota: { requests: { memory: '2Gi' } } },
        withBase({ quota: { ...validBase().quota, requests: { cpu: '-1', memory: '4Gi' } } })));
    const cpu = 'quota.requests.cpu is "-1" (inherited from the base); expected a non-negative Kubernetes quantity such as 500m or 2';

    expect(() => resolve(definition)).toThrow(exactly(`environment "dev": ${cpu}`, `environment "qa": ${cpu}`, `environment "production": ${cpu}`));
  });

  test('marks a relation error inherited when the environment sets the field to undefined', () => {
    const environments = [{ name: 'dev', cluster: 'nonprod', nodePool: undefined }];

    expect(() => resolve(withBase({ nodePool: 'gpu' }, validPlatform({ environments })))).toThrow(
      exactly('environment "dev": nodePool is "gpu" (inherited from the base); expected a node pool of cluster "nonprod": "general"'),
    );
  });

  test('does not mark a missing value inherited', () => {
    const definition = withEnvironment('dev', { state: { bucket: 'tf-state' } });

    expect(validationError(() => resolve(definition)).issues).toEqual([
      { subject: 'environment "dev"', path: 'state.kind', value: undefined, allowed: STATE_KINDS, inherited: false },
    ]);
  });

  test('marks relation errors inherited from the base: Pod Security, node pool, sizes, bindings and peers', () => {
    const base = {
      ...validBase(),
      nodePool: 'gpu',
      limitRange: { ...validBase().limitRange, max: { cpu: '8', memory: '1Gi' } },
      access: { bindings: [{ group: 'devs', role: 'developer' }] },
      network: { allowTo: [{ cidr: '10.0.0.0/8', except: ['11.0.0.0/16'], ports: [{ port: 90, endPort: 80 }] }] },
    };
    const environments = [{ name: 'production', cluster: 'prod', protected: true }];

    expect(() => resolve(validPlatform({ base, environments }))).toThrow(exactly(
      'environment "production": podSecurity.enforce is "baseline" (inherited from the base); protected environments enforce "restricted"',
      'environment "production": nodePool is "gpu" (inherited from the base); cluster "prod" declares no node pools; remove nodePool or add the pool to the cluster',
      'environment "production": limitRange.max.cpu is "8" (inherited from the base); expected at most quota.limits.cpu (4)',
      'environment "production": access.bindings[0].role is "developer" (inherited from the base); protected environments grant people read-only roles only '
      + '(e.g. "viewer"); changes go through the deployer',
      'environment "production": network.allowTo[0].ports[0].endPort is 80 (inherited from the base); expected at least port (90)',
      'environment "production": network.allowTo[0].except[0] is "11.0.0.0/16" (inherited from the base); expected a CIDR strictly inside 10.0.0.0/8 '
      + '(a prefix longer than /8)',
    ));
  });

  test('marks relation errors not inherited when the environment sets the value', () => {
    const definition = withEnvironment('production', { podSecurity: { enforce: PodSecurityLevel.BASELINE }, nodePool: 'gpu' });

    expect(validationError(() => resolve(definition)).issues).toEqual([
      { subject: 'environment "production"', path: 'podSecurity.enforce', value: 'baseline', allowed: 'protected environments enforce "restricted"', inherited: false },
      {
        subject: 'environment "production"',
        path: 'nodePool',
        value: 'gpu',
        allowed: 'cluster "prod" declares no node pools; remove nodePool or add the pool to the cluster',
        inherited: false,
      },
    ]);
  });
});

describe('resolvePlatform: reporting', () => {
  test('fails with every shape error of clusters, roles and environments in one throw, in definition order', () => {
    const definition = withEnvironment('qa', { labels: { team: 'a b' } }, withEnvironment('dev', { protected: 'no', quota: { pods: -1 } }, validPlatform({
      clusters: [{ name: 'nonprod', kubeconfig: { context: '' } }, { name: 'Prod', kubeconfig: { context: 'prod-admin' } }],
      roles: [{ name: 'auditor', rules: [] }],
    })));

    expect(() => resolve(definition)).toThrow(exactly(
      'cluster "nonprod": kubeconfig.context is ""; expected a non-empty kubeconfig context name',
      `cluster "Prod": name is "Prod"; ${DNS_LABEL}`,
      'role "auditor": rules is []; expected at least one rule',
      'environment "dev": protected is "no"; expected true or false',
      'environment "dev": quota.pods is -1; expected zero or more pods',
      `environment "qa": labels.team is "a b"; ${LABEL_VALUE}`,
    ));
    expect(validationError(() => resolve(definition))).toBeInstanceOf(PlatformValidationError);
    expect(validationError(() => resolve(definition)).name).toBe('PlatformValidationError');
  });

  test('fails with every relation error in one throw', () => {
    const definition = withEnvironment('qa', { network: { allowFrom: [{ environment: 'staging' }] }, nodePool: 'gpu' },
      withEnvironment('dev', { cluster: 'staging', access: { bindings: [{ group: 'ops', role: 'operator' }] }, quota: { requests: { cpu: '8' } } }));

    expect(() => resolve(definition)).toThrow(exactly(
      'environment "dev": cluster is "staging"; expected one of the declared clusters: "nonprod", "prod"',
      'environment "dev": quota.requests.cpu is "8"; expected at most quota.limits.cpu (4)',
      'environment "dev": access.bindings[0].role is "operator"; expected a known role: "viewer", "developer", "admin"',
      'environment "qa": nodePool is "gpu"; expected a node pool of cluster "nonprod": "general"',
      'environment "qa": network.allowFrom[0].environment is "staging"; expected a declared environment: "dev", "qa", "production"',
    ));
  });

  test('fails with the shape errors and the relation errors of what did parse, in one throw', () => {
    const definition = withEnvironment('qa', { nodePool: 'gpu', network: { allowFrom: [{ environment: 'staging' }] } },
      withEnvironment('dev', { protected: 'no' }));

    expect(() => resolve(definition)).toThrow(exactly(
      'environment "dev": protected is "no"; expected true or false',
      'environment "qa": nodePool is "gpu"; expected a node pool of cluster "nonprod": "general"',
    ));
  });

  test('does not report a reference that may name a cluster, role or environment whose shape is being fixed', () => {
    // The cluster "prod" is misspelt; production, on it, waits. dev binds a role whose definition is invalid and
    // names qa, which is invalid, as a peer. Only the shape errors and dev's own relation error remain.
    const definition = withEnvironment('dev', {
      network: { allowTo: [{ environment: 'qa' }] }, nodePool: 'gpu', access: { bindings: [{ group: 'ops', role: 'auditor' }] },
    }, withEnvironment('qa', { protected: 'no' }, validPlatform({
        clusters: [{ name: 'nonprod', kubeconfig: { context: 'nonprod-admin' }, nodePools: [{ name: 'general' }] }, { name: 'Prod', kubeconfig: { context: 'p' } }],
        roles: [{ name: 'auditor', rules: [] }],
      })));

    expect(() => resolve(definition)).toThrow(exactly(
      `cluster "Prod": name is "Prod"; ${DNS_LABEL}`,
      'role "auditor": rules is []; expected at least one rule',
      'environment "qa": protected is "no"; expected true or false',
      'environment "dev": nodePool is "gpu"; expected a node pool of cluster "nonprod": "general"',
    ));
  });

  test('does not report a node pool serving an environment whose own definition is invalid', () => {
    const definition = withEnvironment('dev', { protected: 'no' }, withCluster('nonprod', {
      nodePools: [{ name: 'general', environments: ['dev'] }],
    }, withEnvironment('dev', { nodePool: 'general' })));

    expect(() => resolve(definition)).toThrow(exactly('environment "dev": protected is "no"; expected true or false'));
  });

  test('keeps each issue\'s subject, path, value and allowed text apart', () => {
    expect(validationError(() => resolve(withEnvironment('dev', { nodePool: 'gpu' }))).issues).toEqual([{
      subject: 'environment "dev"',
      path: 'nodePool',
      value: 'gpu',
      allowed: 'expected a node pool of cluster "nonprod": "general"',
      inherited: false,
    }]);
  });
});
