import { STATE_BACKENDS } from '../../lib/environment/state-backends/registry';
import { TaintEffect } from '../../lib/cluster/cluster-types';
import { PlatformValidationError } from '../../lib/core/errors';
import { DEFAULT_LABEL_KEYS } from '../../lib/core/labels';
import { Protocol } from '../../lib/core/network';
import { PodSecurityLevel, StateBackendKind } from '../../lib/environment/environment-types';
import { ADMIN_ROLE, DEVELOPER_ROLE, VIEWER_ROLE } from '../../lib/environment/roles';
import { PlatformDefinition } from '../../lib/platform/platform-definition';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import {
  exactly, limitRangeWith, line, resolvedDefaultTopology, resolvedPoolTopology, resolvedProtectedTopology, validationError, validBase, validClusters,
  validEnvironments, validPlatform, withBase, withCluster, withEnvironment,
} from './fixtures';
import { appPlatform, webApp } from '../app/fixtures';

const DNS_LABEL = 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
const LABEL_VALUE = 'expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric';
const CIDR = 'expected an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8';
const ONE_PEER_KIND = 'name exactly one of "environment" (another environment) or "namespace" (a namespace that is not an environment)';
/** Every registered state backend's kind, as messages list them (a new backend adds its own). */
const STATE_KINDS = `expected one of ${STATE_BACKENDS.map((backend) => `"${backend.kind}"`).join(', ')}`;

/** The four default PriorityClasses, resolved. */
const DEFAULT_PRIORITY_CLASSES = [
  { name: 'platform', value: 1_000_000, description: 'Platform services (ingress, DNS add-ons, monitoring agents) and pods that name no class.', globalDefault: true, preempting: true },
  { name: 'app-critical', value: 100_000, description: 'Customer-facing application workloads.', globalDefault: false, preempting: true },
  { name: 'app-standard', value: 10_000, description: 'Application workloads without a stated priority.', globalDefault: false, preempting: true },
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
        guardrails: { exceptions: [], severity: {} },
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
        guardrails: { exceptions: [], severity: {} },
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
        guardrails: { exceptions: [], severity: {} },
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
      podSecurity: { enforce: 'baseline', audit: 'restricted', warn: 'restricted', version: 'v1.36' },
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
      state: { kind: 'kubernetes', namespace: 'terraform-state', context: 'nonprod-admin', configPath: '~/.kube/config' },
      apps: [],
      guardrails: { exceptions: [], severity: {} },
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
        // The declared exceptions, then the cluster's pod and Service ranges inside the peer (the defaults here).
        {
          cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32', '10.244.0.0/16', '10.96.0.0/12'],
          ports: [{ port: 5432, endPort: undefined, protocol: 'SCTP' }],
        },
        { cidr: 'fd00::/8', except: [], ports: [] },
      ],
    });
  });

  test('copies peer lists rather than sharing them with the definition', () => {
    const except = ['10.1.0.0/16'];
    const peer = environmentOf(withEnvironment('dev', { network: { allowTo: [{ cidr: '10.0.0.0/8', except }] } }), 'dev').network.allowTo[0];

    expect(peer).toStrictEqual({ cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.244.0.0/16', '10.96.0.0/12'], ports: [] });
    expect((peer as { except: string[] }).except).not.toBe(except);
  });

  test('admits the ingress controller of the environment\'s own cluster', () => {
    const definition = withCluster('prod', { ingress: { namespace: 'traefik' } });

    expect(environmentOf(definition, 'production').network.ingressControllerNamespace).toBe('traefik');
    expect(environmentOf(definition, 'dev').network.ingressControllerNamespace).toBe('ingress-nginx');
  });

  test('defaults the state to a Secret on the environment\'s own cluster (shared and locked)', () => {
    expect(environmentOf(validPlatform(), 'dev').state).toStrictEqual({
      kind: 'kubernetes', namespace: 'terraform-state', context: 'nonprod-admin', configPath: '~/.kube/config',
    });
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
      + '(system, ingress, gateway and DNS namespaces); choose a namespace other than "default", "kube-system", "kube-public", "kube-node-lease", "ingress-nginx"'));
  });

  test('fails when an environment takes its cluster\'s own ingress or DNS namespace, naming them', () => {
    const definition = withEnvironment('qa', { namespace: 'coredns' },
      withEnvironment('dev', { namespace: 'traefik' }, withCluster('nonprod', { ingress: { namespace: 'traefik' }, dns: { namespace: 'coredns' } })));
    const reserved = '"default", "kube-system", "kube-public", "kube-node-lease", "traefik", "coredns"';

    expect(() => resolve(definition)).toThrow(exactly(
      `environment "dev": namespace is "traefik"; reserved for the cluster (system, ingress, gateway and DNS namespaces); choose a namespace other than ${reserved}`,
      `environment "qa": namespace is "coredns"; reserved for the cluster (system, ingress, gateway and DNS namespaces); choose a namespace other than ${reserved}`,
    ));
  });

  test('fails when an environment named like a reserved namespace takes it by default', () => {
    const environments = [{ name: 'default', cluster: 'nonprod' }];

    expect(() => resolve(validPlatform({ environments }))).toThrow(line(
      'environment "default": namespace is "default"; reserved for the cluster (system, ingress, gateway and DNS namespaces); choose a namespace other than '
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

describe('resolvePlatform: routing through a gateway', () => {
  const GATEWAY = { className: 'eg' };
  /** dev and qa on nonprod, which routes through a Gateway (`gateway` spread over `{ className: 'eg' }`), running `web` with the given hosts. */
  const routed = (hosts: { dev: string; qa: string }, gateway: object = {}, web: object = {}) => withCluster('nonprod', { gateway: { ...GATEWAY, ...gateway } },
    appPlatform([webApp({ ingress: { port: 'http', host: hosts.dev }, ...web })], { dev: {}, qa: { apps: { web: { ingress: { host: hosts.qa } } } } }));
  const HOSTS = { dev: 'shop.dev.example.com', qa: 'shop.qa.example.com' };

  test('fills in the gateway\'s defaults: Gateway `platform` in namespace `gateway`, proxies there too, ClusterIssuer `letsencrypt`', () => {
    const cluster = resolve(routed(HOSTS)).clusters.find((c) => c.name === 'nonprod')!;

    expect(cluster.gateway).toEqual({ name: 'platform', namespace: 'gateway', className: 'eg', dataPlaneNamespace: 'gateway', clusterIssuer: 'letsencrypt' });
    expect(resolve(validPlatform()).clusters[0].gateway).toBeUndefined();
  });

  test('admits the Gateway\'s data-plane namespace where an environment admits the ingress controller', () => {
    const env = environmentOf(routed(HOSTS, { dataPlaneNamespace: 'envoy-gateway-system' }), 'dev');

    expect(env.network.ingressControllerNamespace).toBe('envoy-gateway-system');
  });

  test('fails when a cluster declares both an ingress controller and a gateway', () => {
    expect(() => resolve(withCluster('nonprod', { ingress: { className: 'nginx' }, gateway: GATEWAY }))).toThrow(exactly(
      'cluster "nonprod": ingress is {"className":"nginx"}; a cluster with a gateway routes through the Gateway API only; remove `ingress`, '
      + 'or `gateway` to keep Ingresses',
    ));
  });

  test('fails when the gateway\'s namespaces are Kubernetes\' own', () => {
    expect(() => resolve(withCluster('nonprod', { gateway: { ...GATEWAY, namespace: 'kube-system', dataPlaneNamespace: 'default' } }))).toThrow(exactly(
      'cluster "nonprod": gateway.namespace is "kube-system"; expected a namespace of the gateway\'s own, not one of Kubernetes\' '
      + '("default", "kube-system", "kube-public", "kube-node-lease")',
      'cluster "nonprod": gateway.dataPlaneNamespace is "default"; expected a namespace of the gateway\'s own, not one of Kubernetes\' '
      + '("default", "kube-system", "kube-public", "kube-node-lease")',
    ));
  });

  test('fails when an environment takes the gateway\'s namespace or its data-plane namespace', () => {
    const definition = withEnvironment('qa', { namespace: 'envoy' }, withEnvironment('dev', { namespace: 'gateway' },
      withCluster('nonprod', { gateway: { ...GATEWAY, dataPlaneNamespace: 'envoy' } })));

    expect(() => resolve(definition)).toThrow(exactly(
      'environment "dev": namespace is "gateway"; reserved for the cluster (system, ingress, gateway and DNS namespaces); choose a namespace other than '
      + '"default", "kube-system", "kube-public", "kube-node-lease", "ingress-nginx", "gateway", "envoy"',
      'environment "qa": namespace is "envoy"; reserved for the cluster (system, ingress, gateway and DNS namespaces); choose a namespace other than '
      + '"default", "kube-system", "kube-public", "kube-node-lease", "ingress-nginx", "gateway", "envoy"',
    ));
  });

  test('fails when two environments on one cluster publish the same host', () => {
    expect(() => resolve(routed({ dev: 'shop.example.com', qa: 'shop.example.com' }))).toThrow(exactly(
      'environment "qa": apps.web.ingress.host is "shop.example.com"; host "shop.example.com" of cluster "nonprod" is already published by environment '
      + '"dev" (app "web"); each host belongs to one environment, choose another host',
    ));
  });

  test('fails when a preview host is the host of another app of the environment', () => {
    const web = webApp({
      ingress: { port: 'http', host: 'shop.dev.example.com', previewHost: 'api.dev.example.com' },
      strategy: { kind: 'blue-green', active: 'blue', blue: { version: '1.0.0' }, green: { version: '1.0.1' } },
    });
    const api = webApp({ name: 'api', ingress: { port: 'http', host: 'api.dev.example.com' } });

    expect(() => resolve(withCluster('nonprod', { gateway: GATEWAY }, appPlatform([web, api])))).toThrow(exactly(
      'environment "dev": apps.api.ingress.host is "api.dev.example.com"; host "api.dev.example.com" is already published by app "web"; '
      + 'a preview host needs a host of its own (set ingress.previewHost)',
    ));
  });

  test('fails when a Gateway would need more listeners than the Gateway API allows (64: 63 hosts and the HTTP redirect)', () => {
    const hosts = (n: number) => Array.from({ length: n }, (_, i) => webApp({ name: `web${i}`, ingress: { port: 'http', host: `web${i}.dev.example.com` } }));

    expect(() => resolve(withCluster('nonprod', { gateway: GATEWAY }, appPlatform(hosts(63))))).not.toThrow();
    expect(() => resolve(withCluster('nonprod', { gateway: GATEWAY }, appPlatform(hosts(64))))).toThrow(exactly(
      'cluster "nonprod": gateway is "64 hosts"; a Gateway has at most 64 listeners (Gateway API, spec.listeners), one per host and one for the '
      + 'HTTP redirect, so at most 63 hosts; spread the environments over more clusters or publish fewer hosts',
    ));
  });
});
