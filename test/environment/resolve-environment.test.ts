/** An environment's fields and relations (resolveEnvironment), through resolvePlatform, which merges each onto the base. */
import { STATE_BACKENDS } from '../../lib/environment/state-backends/registry';
import { PlatformDefinition } from '../../lib/platform/platform-definition';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import { exactly, validEnvironments, validPlatform, withCluster, withEnvironment } from '../platform/fixtures';

const DNS_LABEL = 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
const LABEL_KEY = 'expected a label key such as "team" or "example.com/team" (name at most 63 characters)';
const LABEL_VALUE = 'expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric';
const ENVIRONMENT_FIELDS = 'name, cluster, namespace, protected, podSecurity, nodePool, quota, limitRange, access, network, state, labels, guardrails, apps';
const PORT = 'expected a port number from 1 to 65535';
const PEER_SHAPE = 'expected a namespace peer ({ environment } or { namespace }, with optional ports) or a CIDR peer ({ cidr, except?, ports? })';
/** Every registered state backend's kind, as messages list them (a new backend adds its own). */
const STATE_KINDS = `expected one of ${STATE_BACKENDS.map((backend) => `"${backend.kind}"`).join(', ')}`;

/** Resolves a definition that is deliberately invalid, which its type may not admit. */
function resolve(definition: unknown) {
  return resolvePlatform(definition as PlatformDefinition);
}

describe('resolveEnvironment: fields', () => {
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
      exactly('environment "dev": podSecurity.version is "1.27"; expected "latest" or a Kubernetes minor version such as "v1.36"'),
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

  test('fails when memory or storage is in milli-units, naming the unit likely meant', () => {
    expect(() => resolve(withEnvironment('dev', { quota: { requests: { memory: '4096m' }, storage: '50m' }, limitRange: { max: { memory: '1.5' } } }))).toThrow(exactly(
      'environment "dev": quota.requests.memory is "4096m"; expected a whole number of bytes: 4096m is 4.096 bytes (m is milli, a thousandth); did you mean 4096Mi?',
      'environment "dev": quota.storage is "50m"; expected a whole number of bytes: 50m is 0.05 bytes (m is milli, a thousandth); did you mean 50Mi?',
      'environment "dev": limitRange.max.memory is "1.5"; expected a whole number of bytes: 1.5 is 1.5 bytes; write bytes with a binary suffix, such as 512Mi '
        + 'or 2Gi',
    ));
  });

  test('accepts CPU governed by requests only: no quota on limits.cpu and no CPU in the LimitRange\'s default and max', () => {
    const env = resolvePlatform(withEnvironment('dev', {
      quota: { limits: { cpu: null } }, limitRange: { default: { cpu: null }, max: { cpu: null } },
    })).environments.find((e) => e.name === 'dev')!;

    expect([env.quota.limits, env.limitRange.default, env.limitRange.max]).toEqual([{ memory: '8Gi' }, { memory: '512Mi' }, { memory: '1Gi' }]);
  });

  test('fails when the quota counts CPU limits but the LimitRange gives containers none', () => {
    expect(() => resolve(withEnvironment('dev', { limitRange: { default: { cpu: null }, max: { cpu: null } } }))).toThrow(exactly(
      'environment "dev": quota.limits.cpu is "4" (inherited from the base); a quota on limits.cpu makes the API server refuse every container without a '
        + 'CPU limit, and the LimitRange gives none (limitRange.default.cpu is not set); remove quota.limits.cpu (CPU is then governed by '
        + 'quota.requests.cpu), or set limitRange.default.cpu',
    ));
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

  test('adds the cluster\'s pod and Service ranges inside a CIDR peer to its exceptions, unless a declared one holds them', () => {
    const networking = { podSubnets: ['192.168.0.0/16', 'fd00:10:244::/56'], serviceSubnets: ['172.20.0.0/16', 'fd00:10:96::/112'] };
    const allowTo = [{ cidr: '0.0.0.0/0', except: ['172.16.0.0/12'] }, { cidr: '::/0' }, { cidr: '203.0.113.0/24' }];
    const platform = resolvePlatform(withEnvironment('dev', { network: { allowTo } }, withCluster('nonprod', { networking })));

    expect(platform.environments.find((e) => e.name === 'dev')!.network.allowTo).toStrictEqual([
      { cidr: '0.0.0.0/0', except: ['172.16.0.0/12', '192.168.0.0/16'], ports: [] },
      { cidr: '::/0', except: ['fd00:10:244::/56', 'fd00:10:96::/112'], ports: [] },
      { cidr: '203.0.113.0/24', except: [], ports: [] },
    ]);
  });

  test('fails when a CIDR peer lies inside the cluster\'s pod or Service range, naming the range and the cluster', () => {
    const allowTo = [{ cidr: '10.244.3.0/24' }, { cidr: '10.96.0.0/12', ports: [{ port: 443 }] }];

    expect(() => resolve(withEnvironment('dev', { network: { allowTo } }))).toThrow(exactly(
      'environment "dev": network.allowTo[0].cidr is "10.244.3.0/24"; expected an address range outside the cluster: it lies inside the pod range '
        + '10.244.0.0/16 of cluster "nonprod" (networking.podSubnets) and could only reach the cluster\'s own pods; open paths inside the cluster '
        + 'with an environment or namespace peer, or an app dependency',
      'environment "dev": network.allowTo[1].cidr is "10.96.0.0/12"; expected an address range outside the cluster: it lies inside the Service range '
        + '10.96.0.0/12 of cluster "nonprod" (networking.serviceSubnets) and could only reach the cluster\'s own Services; open paths inside the '
        + 'cluster with an environment or namespace peer, or an app dependency',
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
    expect(() => resolve(withEnvironment('dev', { state: { kind: 'no-such-backend', bucket: 'tf' } }))).toThrow(
      exactly(`environment "dev": state.kind is "no-such-backend"; ${STATE_KINDS}`),
    );
  });

  test('fails when the state kind is missing', () => {
    expect(() => resolve(withEnvironment('dev', { state: { bucket: 'tf-state' } }))).toThrow(exactly(`environment "dev": state.kind is missing; ${STATE_KINDS}`));
  });

  test('fails when a state backend has a field of another kind, listing the fields of its own kind', () => {
    expect(() => resolve(withEnvironment('dev', { state: { kind: 'local', laptopOnly: true, bucket: 'tf-state' } } as any))).toThrow(
      exactly('environment "dev": state.bucket is "tf-state"; unknown field; allowed fields here: kind, laptopOnly'),
    );
    expect(() => resolve(withEnvironment('dev', { state: { kind: 's3', bucket: 'tf-state', region: 'eu-west-1', context: 'x' } }))).toThrow(
      exactly('environment "dev": state.context is "x"; unknown field; allowed fields here: kind, bucket, region, keyPrefix'),
    );
  });

  test('fails when local state is not asked for as laptop-only', () => {
    expect(() => resolve(withEnvironment('dev', { state: { kind: 'local' } } as any))).toThrow(
      exactly('environment "dev": state.laptopOnly is missing; local state lives on one machine and is lost with a CI runner; set '
        + 'laptopOnly: true to keep it for work on a laptop, or use state.kind "s3" or "kubernetes" for a stack a pipeline deploys'),
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

describe('resolvePlatform: Pod Security version', () => {
  test('pins an environment that states no version to its own cluster\'s minor', () => {
    const definition = withCluster('nonprod', { kubernetesVersion: 'v1.35.2' }, withCluster('prod', { kubernetesVersion: 'v1.34.5' }));
    const byName = new Map(resolvePlatform(definition).environments.map((e) => [e.name, e.podSecurity.version]));

    expect([byName.get('dev'), byName.get('production')]).toEqual(['v1.35', 'v1.34']);
  });

  test('keeps a version the environment states', () => {
    const definition = withEnvironment('dev', { podSecurity: { enforce: 'baseline', version: 'latest' } });

    expect(resolvePlatform(definition).environments.find((e) => e.name === 'dev')!.podSecurity.version).toBe('latest');
  });
});
