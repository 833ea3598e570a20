/** The cluster topology: defaults, what is kept, and every refusal with its whole message. */
import {
  AuditLevel, AuditPreset, BackupTargetKind, EncryptionKind, EtcdKind, KmsPluginProvider, LocalEncryptionAlgorithm, ReclaimPolicy, VolumeAccessMode,
  VolumeBindingMode,
} from '../../lib/cluster/cluster-types';
import { PlatformDefinition } from '../../lib/platform/platform-definition';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import { exactly, protectedTopology, validPlatform, withCluster, withEnvironment, validClusters } from '../platform/fixtures';

const DNS_LABEL = 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
const LABEL_KEY = 'expected a label key such as "team" or "example.com/team" (name at most 63 characters)';
const LABEL_VALUE = 'expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric';

/** Resolves a definition that is deliberately invalid, which its type may not admit. */

/** Resolves a definition that is deliberately invalid, which its type may not admit. */
function resolve(definition: unknown) {
  return resolvePlatform(definition as PlatformDefinition);
}

/** Cluster `nonprod` (hosting dev and qa, nothing protected) with `patch` spread over it. */
function nonprod(patch: Record<string, unknown>, platform?: PlatformDefinition) {
  return withCluster('nonprod', patch, platform);
}

/** The resolved cluster `name` of a definition. */
function clusterOf(definition: PlatformDefinition, name = 'nonprod') {
  return resolvePlatform(definition).clusters.find((c) => c.name === name)!;
}

/** A control plane of three replicas over three zones behind an endpoint. */
const HA = { replicas: 3, zones: ['zone-a', 'zone-b', 'zone-c'], endpoint: { host: 'api.nonprod.example.com' } };

const REPLICAS = 'expected 1, 3, 5 or 7 replicas: an odd number, so that etcd keeps a majority through (n-1)/2 failures, and at most 7, '
  + 'beyond which every write waits on more members';
const VERSION_RANGE = 'expected v1.33.0 to v1.36.x: the minors the library supports (kubeadm, Cluster API, kind and Pod Security settings '
  + 'per minor are in docs/clusters.md, "Supported versions")';
const HOSTS_PRODUCTION = 'the cluster hosts protected environment "production", which needs';
const KUBELET_SKEW = 'a kubelet must not be newer than kube-apiserver, and may be up to three minor versions older (two for kubelets older than 1.25)';

describe('resolvePlatform: cluster topology', () => {
  test('resolves a highly available control plane with external etcd, keeping what is given and filling in the rest', () => {
    const cluster = clusterOf(nonprod({
      kubernetesVersion: '1.36.0',
      controlPlane: {
        ...HA,
        replicas: 5,
        zones: ['zone-a', 'zone-b', 'zone-c', 'zone-d', 'zone-e'],
        endpoint: { host: 'api.nonprod.example.com', port: 443 },
        certSANs: ['10.0.0.10', 'api.nonprod.example.com', '*.nonprod.example.com'],
        etcd: { kind: EtcdKind.EXTERNAL, endpoints: ['https://10.0.1.1:2379', 'https://10.0.1.2:2379', 'https://10.0.1.3:2379'], caFile: '/pki/ca.crt' },
      },
    }));

    expect(cluster.kubernetesVersion).toBe('v1.36.0');
    expect(cluster.controlPlane).toStrictEqual({
      replicas: 5,
      highlyAvailable: true,
      zones: ['zone-a', 'zone-b', 'zone-c', 'zone-d', 'zone-e'],
      endpoint: { host: 'api.nonprod.example.com', port: 443 },
      certSANs: ['api.nonprod.example.com', '10.0.0.10', '*.nonprod.example.com'],
      etcd: {
        kind: 'external',
        endpoints: ['https://10.0.1.1:2379', 'https://10.0.1.2:2379', 'https://10.0.1.3:2379'],
        caFile: '/pki/ca.crt',
        certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
        keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
      },
    });
  });

  test('keeps audit rules in order, with the core group filled in', () => {
    const cluster = clusterOf(nonprod({
      audit: {
        preset: AuditPreset.METADATA,
        rules: [
          { level: AuditLevel.REQUEST_RESPONSE, verbs: ['create'], resources: [{ resources: ['pods/exec'] }], namespaces: ['dev'] },
          { level: AuditLevel.NONE, users: ['system:apiserver'], nonResourceURLs: ['/openapi*'] },
        ],
        maxAgeDays: 90,
        maxBackups: 20,
        maxSizeMiB: 200,
      },
    }));

    expect(cluster.audit).toStrictEqual({
      preset: 'metadata',
      rules: [
        { level: 'RequestResponse', verbs: ['create'], resources: [{ group: '', resources: ['pods/exec'] }], namespaces: ['dev'] },
        { level: 'None', users: ['system:apiserver'], nonResourceURLs: ['/openapi*'] },
      ],
      maxAgeDays: 90,
      maxBackups: 20,
      maxSizeMiB: 200,
    });
  });

  test('resolves KMS v2 encryption with the default timeout, and local keys in rotation order', () => {
    const kms = { kind: EncryptionKind.KMS, plugin: { providedBy: KmsPluginProvider.MACHINE_IMAGE }, name: 'vault', endpoint: 'unix:///run/kms/vault.sock' };
    expect(clusterOf(nonprod({ encryption: kms })).encryption).toStrictEqual({
      kind: 'kms', plugin: { providedBy: 'machine-image', args: [] }, name: 'vault', endpoint: 'unix:///run/kms/vault.sock', timeoutSeconds: 3,
      resources: ['secrets'],
    });
    expect(clusterOf(nonprod({
      encryption: { kind: EncryptionKind.LOCAL, algorithm: LocalEncryptionAlgorithm.AESGCM, keys: ['key-2', 'key-1'], resources: ['secrets', 'configmaps'] },
    })).encryption).toStrictEqual({ kind: 'local', algorithm: 'aesgcm', keys: ['key-2', 'key-1'], resources: ['secrets', 'configmaps'] });
  });

  test('retains volumes by default on clusters with protected environments, deletes them elsewhere, and marks the first class default', () => {
    const classes = [{ name: 'fast', provisioner: 'ebs.csi.aws.com', parameters: { type: 'io2' } }, { name: 'slow', provisioner: 'ebs.csi.aws.com' }];
    const definition = withCluster('prod', { storage: { classes } }, nonprod({ storage: { classes } }));

    expect(clusterOf(definition, 'nonprod').storage).toStrictEqual({
      defaultClass: 'fast',
      classes: [
        { name: 'fast', provisioner: 'ebs.csi.aws.com', parameters: { type: 'io2' }, reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true },
        { name: 'slow', provisioner: 'ebs.csi.aws.com', parameters: {}, reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true },
      ],
    });
    expect(clusterOf(definition, 'prod').storage.classes.map((c) => c.reclaimPolicy)).toEqual(['Retain', 'Retain']);
  });

  test('keeps a declared default class, binding mode and expansion', () => {
    const storage = clusterOf(nonprod({
      storage: {
        classes: [
          { name: 'a', provisioner: 'csi.example.com' },
          { name: 'b', provisioner: 'csi.example.com', volumeBindingMode: VolumeBindingMode.IMMEDIATE, allowVolumeExpansion: false },
        ],
        defaultClass: 'b',
      },
    })).storage;

    expect(storage.defaultClass).toBe('b');
    expect(storage.classes[1]).toStrictEqual({
      name: 'b', provisioner: 'csi.example.com', parameters: {}, reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', allowVolumeExpansion: false,
    });
  });

  test('names a default class the cluster already has when it declares none', () => {
    expect(clusterOf(nonprod({ storage: { defaultClass: 'local-path' } })).storage).toStrictEqual({ defaultClass: 'local-path', classes: [] });
  });

  test('resolves etcd snapshots to a retained volume, with the claim, size and access mode defaulted', () => {
    const cluster = clusterOf(nonprod({
      storage: { classes: [{ name: 'retained', provisioner: 'csi.example.com', reclaimPolicy: ReclaimPolicy.RETAIN }] },
      etcdBackup: { schedule: '@hourly', retention: 24, target: { kind: BackupTargetKind.VOLUME } },
    }));

    expect(cluster.etcdBackup).toStrictEqual({
      schedule: '@hourly',
      retention: 24,
      image: 'registry.k8s.io/etcd:3.6.9-0',
      target: { kind: 'volume', claimName: 'etcd-snapshots', storageClass: 'retained', size: '20Gi', accessMode: 'ReadWriteMany' },
    });
  });

  test('resolves etcd snapshots to S3 under the prefix and endpoint given', () => {
    const cluster = clusterOf(nonprod({
      etcdBackup: {
        image: 'registry.example.com/etcd:3.5.12-0',
        target: {
          kind: BackupTargetKind.S3, bucket: 'snapshots', region: 'eu-central-1', prefix: 'k8s/nonprod', endpoint: 'https://minio.example.com',
          credentialsSecret: 'minio',
        },
      },
    }));

    expect(cluster.etcdBackup).toStrictEqual({
      schedule: '0 0,6,12,18 * * *',
      retention: 28,
      image: 'registry.example.com/etcd:3.5.12-0',
      target: { kind: 's3', bucket: 'snapshots', region: 'eu-central-1', prefix: 'k8s/nonprod', endpoint: 'https://minio.example.com', credentialsSecret: 'minio' },
    });
  });

  test('renders the infrastructure provider\'s names from their templates', () => {
    const cluster = clusterOf(nonprod({
      nodePools: [{ name: 'general' }, { name: 'batch' }],
      clusterApi: {
        namespace: 'capi-nonprod',
        infrastructure: {
          apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2', clusterKind: 'AWSCluster', machineTemplateKind: 'AWSMachineTemplate',
          clusterName: 'aws-{cluster}', controlPlaneMachineTemplate: '{cluster}-cp-m6i', nodePoolMachineTemplate: '{cluster}-{pool}-m6i',
        },
      },
    }));

    expect(cluster.clusterApi).toStrictEqual({
      namespace: 'capi-nonprod',
      infrastructure: {
        apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2',
        clusterKind: 'AWSCluster',
        clusterName: 'aws-nonprod',
        machineTemplateKind: 'AWSMachineTemplate',
        controlPlaneMachineTemplate: 'nonprod-cp-m6i',
        nodePoolMachineTemplates: { general: 'nonprod-general-m6i', batch: 'nonprod-batch-m6i' },
        externalCloudProvider: true,
      },
    });
  });

  test('puts node pools in the control plane\'s zones unless they name their own, and lists the environments pinned to them', () => {
    const definition = withEnvironment('dev', { nodePool: 'general' }, nonprod({
      controlPlane: HA,
      nodePools: [
        { name: 'general', minSize: 2, maxSize: 5, kubernetesVersion: 'v1.33.9' },
        { name: 'edge', zones: ['zone-x'], minSize: 0, maxSize: 2, environments: [] },
      ],
    }));
    const [general, edge] = clusterOf(definition).nodePools;

    expect(general).toStrictEqual({
      name: 'general', labels: { 'platform.example.com/pool': 'general' }, taints: [],
      zones: ['zone-a', 'zone-b', 'zone-c'], minSize: 2, maxSize: 5, kubernetesVersion: 'v1.33.9', environments: ['dev'],
    });
    expect(edge).toMatchObject({ zones: ['zone-x'], minSize: 0, maxSize: 2, kubernetesVersion: 'v1.36.1', environments: [] });
  });

  test('accepts a pool that declares exactly the environments pinned to it', () => {
    const definition = withEnvironment('qa', { nodePool: 'general' }, withEnvironment('dev', { nodePool: 'general' }, nonprod({
      nodePools: [{ name: 'general', environments: ['qa', 'dev'] }],
    })));

    expect(clusterOf(definition).nodePools[0].environments).toEqual(['dev', 'qa']);
  });

  test('accepts kubelets up to three minors behind the control plane', () => {
    const cluster = clusterOf(nonprod({ kubernetesVersion: 'v1.36.1', nodePools: [{ name: 'general', kubernetesVersion: 'v1.33.7' }] }));

    expect(cluster.nodePools[0].kubernetesVersion).toBe('v1.33.7');
  });

  test('accepts as many zones as replicas, and more', () => {
    expect(clusterOf(nonprod({ controlPlane: { ...HA, zones: ['zone-a', 'zone-b', 'zone-c', 'zone-d'] } })).controlPlane.highlyAvailable).toBe(true);
    expect(clusterOf(nonprod({ controlPlane: { ...HA, replicas: 7, zones: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } })).controlPlane.replicas).toBe(7);
  });
});

describe('resolvePlatform: cluster topology field errors', () => {
  test.each([[4], [9], [0], [2.5]])('fails when the control plane has %s replicas', (replicas) => {
    expect(() => resolve(nonprod({ controlPlane: { replicas } }))).toThrow(exactly(`cluster "nonprod": controlPlane.replicas is ${replicas}; ${REPLICAS}`));
  });

  test('fails when replicas is not a number', () => {
    expect(() => resolve(nonprod({ controlPlane: { replicas: '3' } })))
      .toThrow(exactly('cluster "nonprod": controlPlane.replicas is "3"; expected a whole number of replicas: 1, 3, 5 or 7'));
  });

  test.each([['1.27'], ['latest'], ['v1.27.0-rc.1']])('fails when the Kubernetes version is "%s"', (version) => {
    expect(() => resolve(nonprod({ kubernetesVersion: version })))
      .toThrow(exactly(`cluster "nonprod": kubernetesVersion is "${version}"; expected a Kubernetes release version such as "v1.36.1"`));
  });

  test('fails when the endpoint, zones or SANs are malformed', () => {
    expect(() => resolve(nonprod({
      controlPlane: { zones: ['Zone A'], endpoint: { host: 'api_prod', port: 70000 }, certSANs: ['bad name'] },
    }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.zones[0] is "Zone A"; expected a DNS label: lowercase letters, digits and "-", starting and ending with a '
        + 'letter or digit, at most 63 characters',
      'cluster "nonprod": controlPlane.endpoint.host is "api_prod"; expected a DNS name such as api.prod.example.com, or an IP address',
      'cluster "nonprod": controlPlane.endpoint.port is 70000; expected a port number from 1 to 65535',
      'cluster "nonprod": controlPlane.certSANs[0] is "bad name"; expected a DNS name (optionally *.wildcard) or an IP address',
    ));
  });

  test('resolves the API servers\' own addresses, on port 6443 unless stated', () => {
    const addresses = ['192.0.2.0/28', '2001:db8::/64'];

    expect(clusterOf(nonprod({ controlPlane: { apiServer: { addresses } } })).controlPlane.apiServer).toEqual({ addresses, port: 6443 });
    expect(clusterOf(nonprod({ controlPlane: { apiServer: { addresses, port: 443 } } })).controlPlane.apiServer).toEqual({ addresses, port: 443 });
    expect(clusterOf(nonprod({})).controlPlane.apiServer).toBeUndefined();
  });

  test('fails when an API server address is no CIDR, sets host bits, or overlaps the pod or Service ranges', () => {
    expect(() => resolve(nonprod({
      networking: { podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] },
      controlPlane: { apiServer: { addresses: ['api.example.com', '192.0.2.5/24', '10.0.0.0/8', '10.96.0.1/32'], port: 0 } },
    }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.apiServer.port is 0; expected a port number from 1 to 65535',
    ));
    expect(() => resolve(nonprod({
      networking: { podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] },
      controlPlane: { apiServer: { addresses: ['api.example.com', '192.0.2.5/24', '10.0.0.0/8', '10.96.0.1/32'] } },
    }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.apiServer.addresses[0] is "api.example.com"; expected an IPv4 or IPv6 CIDR such as 10.0.0.0/24 or 192.0.2.10/32',
      'cluster "nonprod": controlPlane.apiServer.addresses[1] is "192.0.2.5/24"; expected a network address (no host bits set), such as 192.0.2.0/24',
      'cluster "nonprod": controlPlane.apiServer.addresses[2] is "10.0.0.0/8"; expected the API servers\' own addresses, apart from the cluster\'s '
        + 'networking.podSubnets (10.244.0.0/16): an egress policy to a range that holds pod or Service addresses would open those pods too',
      'cluster "nonprod": controlPlane.apiServer.addresses[3] is "10.96.0.1/32"; expected the API servers\' own addresses, apart from the cluster\'s '
        + 'networking.serviceSubnets (10.96.0.0/12): an egress policy to a range that holds pod or Service addresses would open those pods too',
    ));
    expect(() => resolve(nonprod({ controlPlane: { apiServer: { addresses: [] } } }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.apiServer.addresses is []; expected at least one CIDR holding the API servers\' addresses',
    ));
  });

  test('fails when etcd is of an unknown kind', () => {
    expect(() => resolve(nonprod({ controlPlane: { etcd: { kind: 'remote' } } })))
      .toThrow(exactly('cluster "nonprod": controlPlane.etcd.kind is "remote"; expected one of "stacked", "external"'));
  });

  test('fails when external etcd has an even number of members, a URL that is not https, or a relative path', () => {
    expect(() => resolve(nonprod({
      controlPlane: { etcd: { kind: EtcdKind.EXTERNAL, endpoints: ['https://10.0.1.1:2379', 'http://10.0.1.2:2379'], keyFile: 'etcd.key' } },
    }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.etcd.endpoints[1] is "http://10.0.1.2:2379"; expected an etcd client URL such as https://10.0.1.10:2379',
      'cluster "nonprod": controlPlane.etcd.endpoints is ["https://10.0.1.1:2379","http://10.0.1.2:2379"]; expected an odd number of etcd members: '
        + '1, 3, 5 or 7 endpoints',
      'cluster "nonprod": controlPlane.etcd.keyFile is "etcd.key"; expected an absolute path such as /etc/kubernetes/pki/etcd/ca.crt',
    ));
  });

  test('fails when external etcd has eight members', () => {
    const endpoints = Array.from({ length: 8 }, (_, i) => `https://10.0.1.${i}:2379`);

    expect(() => resolve(nonprod({ controlPlane: { etcd: { kind: EtcdKind.EXTERNAL, endpoints } } }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.etcd.endpoints is ["https://10.0.1.0:2379","https://10.0.1.1:2379","https://10.0.1.2:2379","htt...; '
        + 'expected an odd number of etcd members: 1, 3, 5 or 7 endpoints',
    ));
  });

  test('fails when the control plane or stacked etcd has unknown fields, listing the allowed ones', () => {
    expect(() => resolve(nonprod({ controlPlane: { replica: 3, etcd: { kind: EtcdKind.STACKED, members: 3 } } }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.etcd.members is 3; unknown field; allowed fields here: kind, dataDir',
      'cluster "nonprod": controlPlane.replica is 3; unknown field; allowed fields here: replicas, zones, endpoint, certSANs, apiServer, etcd',
    ));
  });

  test('fails when the audit preset, a rule\'s level or the log sizes are wrong', () => {
    expect(() => resolve(nonprod({ audit: { preset: 'all', rules: [{ level: 'Everything' }], maxAgeDays: 0, maxSizeMiB: 1.5 } }))).toThrow(exactly(
      'cluster "nonprod": audit.preset is "all"; expected one of "metadata", "request", "request-response"',
      'cluster "nonprod": audit.rules[0].level is "Everything"; expected one of "None", "Metadata", "Request", "RequestResponse"',
      'cluster "nonprod": audit.maxAgeDays is 0; expected at least 1 days',
      'cluster "nonprod": audit.maxSizeMiB is 1.5; expected a whole number of MiB',
    ));
  });

  test('fails when an audit rule names a URL that is not a path', () => {
    expect(() => resolve(nonprod({ audit: { rules: [{ level: AuditLevel.NONE, nonResourceURLs: ['healthz'] }] } })))
      .toThrow(exactly('cluster "nonprod": audit.rules[0].nonResourceURLs[0] is "healthz"; expected a URL path such as /healthz*'));
  });

  test('fails when encryption is of an unknown kind', () => {
    expect(() => resolve(nonprod({ encryption: { kind: 'vault' } })))
      .toThrow(exactly('cluster "nonprod": encryption.kind is "vault"; expected one of "kms", "local"'));
  });

  test('fails when a KMS configuration does not say who provides the plugin, or names an unpinned plugin image', () => {
    const kms = { kind: EncryptionKind.KMS, name: 'vault', endpoint: 'unix:///run/kms.sock' };
    const hint = 'expected who provides the KMS plugin on the control-plane machines: { providedBy: "machine-image" } or { providedBy: '
      + '"static-pod", image, args? }; the API server cannot start without the plugin\'s socket';

    expect(() => resolve(nonprod({ encryption: kms }))).toThrow(exactly(`cluster "nonprod": encryption.plugin is missing; ${hint}`));
    expect(() => resolve(nonprod({ encryption: { ...kms, plugin: { providedBy: 'someone' } } })))
      .toThrow(exactly('cluster "nonprod": encryption.plugin.providedBy is "someone"; expected one of "machine-image", "static-pod"'));
    expect(() => resolve(nonprod({ encryption: { ...kms, plugin: { providedBy: 'static-pod', image: 'kms-plugin' } } }))).toThrow(exactly(
      'cluster "nonprod": encryption.plugin.image is "kms-plugin"; expected a container image reference with a tag or digest, such as '
        + 'registry.k8s.io/etcd:3.6.9-0',
    ));
  });

  test('fails when the KMS plugin is not a UNIX socket, or has no name', () => {
    expect(() => resolve(nonprod({
      encryption: { kind: EncryptionKind.KMS, plugin: { providedBy: KmsPluginProvider.MACHINE_IMAGE }, endpoint: 'https://kms.example.com' },
    }))).toThrow(exactly(
      'cluster "nonprod": encryption.name is missing; expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter '
        + 'or digit, at most 63 characters',
      'cluster "nonprod": encryption.endpoint is "https://kms.example.com"; expected the UNIX socket of the KMS plugin, such as '
        + 'unix:///var/run/kmsplugin/socket.sock',
    ));
  });

  test('fails when a local key set is empty, has an unknown cipher, or would encrypt no resource', () => {
    expect(() => resolve(nonprod({ encryption: { kind: EncryptionKind.LOCAL, algorithm: 'rot13', keys: [], resources: [] } }))).toThrow(exactly(
      'cluster "nonprod": encryption.algorithm is "rot13"; expected one of "secretbox", "aesgcm", "aescbc"',
      'cluster "nonprod": encryption.keys is []; expected at least one key name',
      'cluster "nonprod": encryption.resources is []; expected at least one resource',
    ));
  });

  test('fails when the snapshot schedule, retention, image or target is malformed', () => {
    expect(() => resolve(nonprod({
      etcdBackup: { schedule: 'every hour', retention: 0, image: 'etcd', target: { kind: 'tape' } },
    }))).toThrow(exactly(
      'cluster "nonprod": etcdBackup.schedule is "every hour"; expected a cron schedule of five fields such as "0 */6 * * *", or a macro such as "@daily"',
      'cluster "nonprod": etcdBackup.retention is 0; expected at least 1 snapshots',
      'cluster "nonprod": etcdBackup.target.kind is "tape"; expected one of "volume", "s3"',
      'cluster "nonprod": etcdBackup.image is "etcd"; expected a container image reference with a tag or digest, such as registry.k8s.io/etcd:3.6.9-0',
    ));
  });

  test('fails when the S3 target has a bad bucket, region, prefix or endpoint, and no credentials', () => {
    expect(() => resolve(nonprod({
      etcdBackup: { target: { kind: BackupTargetKind.S3, bucket: 'My_Bucket', region: 'europe', prefix: '/etcd/', endpoint: 'http://minio:9000' } },
    }))).toThrow(exactly(
      'cluster "nonprod": etcdBackup.target.bucket is "My_Bucket"; expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." or "-"',
      'cluster "nonprod": etcdBackup.target.region is "europe"; expected an AWS region such as eu-west-1',
      'cluster "nonprod": etcdBackup.target.prefix is "/etcd/"; expected an S3 key prefix such as prod/etcd (no spaces, no leading or trailing "/")',
      'cluster "nonprod": etcdBackup.target.endpoint is "http://minio:9000"; expected an https:// URL such as https://minio.example.com',
      'cluster "nonprod": etcdBackup.target.credentialsSecret is missing; expected a DNS label: lowercase letters, digits and "-", starting and '
        + 'ending with a letter or digit, at most 63 characters',
    ));
  });

  test('fails when the volume target has a bad size or access mode', () => {
    expect(() => resolve(nonprod({
      etcdBackup: { target: { kind: BackupTargetKind.VOLUME, size: 'twenty gigs', accessMode: 'ReadOnlyMany' } },
    }))).toThrow(exactly(
      'cluster "nonprod": etcdBackup.target.size is "twenty gigs"; expected a non-negative Kubernetes quantity such as 20Gi',
      'cluster "nonprod": etcdBackup.target.accessMode is "ReadOnlyMany"; expected one of "ReadWriteOnce", "ReadWriteMany"',
    ));
  });

  test('fails when a StorageClass has a bad provisioner, reclaim policy or parameter', () => {
    expect(() => resolve(nonprod({
      storage: { classes: [{ name: 'fast', provisioner: 'EBS CSI', reclaimPolicy: 'Recycle', parameters: { iops: 3000 } }] },
    }))).toThrow(exactly(
      'cluster "nonprod": storage.classes[0].provisioner is "EBS CSI"; expected a provisioner (CSI driver) name such as ebs.csi.aws.com',
      'cluster "nonprod": storage.classes[0].parameters.iops is 3000; expected a string parameter value (quote numbers and booleans)',
      'cluster "nonprod": storage.classes[0].reclaimPolicy is "Recycle"; expected one of "Retain", "Delete"',
    ));
  });

  test('fails when the infrastructure provider\'s API version, kinds or name templates are malformed', () => {
    expect(() => resolve(nonprod({
      clusterApi: {
        infrastructure: {
          apiVersion: 'v1beta2', clusterKind: 'awsCluster', controlPlaneMachineTemplate: '{cluster}-{pool}', nodePoolMachineTemplate: '{zone}-{pool}',
        },
      },
    }))).toThrow(exactly(
      'cluster "nonprod": clusterApi.infrastructure.apiVersion is "v1beta2"; expected an API version such as infrastructure.cluster.x-k8s.io/v1beta2',
      'cluster "nonprod": clusterApi.infrastructure.clusterKind is "awsCluster"; expected a kind such as AWSMachineTemplate',
      'cluster "nonprod": clusterApi.infrastructure.controlPlaneMachineTemplate is "{cluster}-{pool}"; expected a name (lowercase letters, digits, '
        + '"-" and ".") that may use {cluster}',
      'cluster "nonprod": clusterApi.infrastructure.nodePoolMachineTemplate is "{zone}-{pool}"; expected a name (lowercase letters, digits, '
        + '"-" and ".") that may use {cluster} and {pool}',
    ));
  });

  test('fails when a node pool has negative sizes, bad zones or a malformed version', () => {
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', zones: ['A'], minSize: -1, maxSize: 1.5, kubernetesVersion: '1.27' }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].zones[0] is "A"; expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter '
        + 'or digit, at most 63 characters',
      'cluster "nonprod": nodePools[0].minSize is -1; expected zero or more nodes per zone',
      'cluster "nonprod": nodePools[0].maxSize is 1.5; expected a whole number of nodes per zone',
      'cluster "nonprod": nodePools[0].kubernetesVersion is "1.27"; expected a Kubernetes release version such as "v1.36.1"',
    ));
  });

  test('fails when a node pool has unknown fields, listing the allowed ones', () => {
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', size: 3 }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].size is 3; unknown field; allowed fields here: name, labels, taints, zones, minSize, maxSize, kubernetesVersion, '
        + 'environments, allocatable',
    ));
  });

  test('keeps what each node of a pool offers, and leaves it out where the pool declares none', () => {
    const definition = withEnvironment('dev', { nodePool: 'general' }, nonprod({
      nodePools: [{ name: 'general', minSize: 2, maxSize: 4, allocatable: { cpu: '3500m', memory: '13Gi', pods: 110 } }, { name: 'spare' }],
    }));
    const [general, spare] = clusterOf(definition).nodePools;
    expect(general.allocatable).toStrictEqual({ cpu: '3500m', memory: '13Gi', pods: 110 });
    expect('allocatable' in spare).toBe(false);
  });

  test('fails when a pool\'s allocatable is not a quantity, offers nothing, is in milli-units of memory or has no pods', () => {
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', allocatable: { cpu: 'four', memory: '13Gi', pods: 0 } }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].allocatable.cpu is "four"; expected a non-negative Kubernetes quantity such as 7910m or 8',
      'cluster "nonprod": nodePools[0].allocatable.pods is 0; expected at least 1 pod per node',
    ));
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', allocatable: { cpu: '0', memory: '512Ki', pods: 110 } }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].allocatable.cpu is "0"; expected more than 0 CPU per node, such as "7910m" or "8"',
      'cluster "nonprod": nodePools[0].allocatable.memory is "512Ki"; expected at least 1Mi of memory per node, such as "28Gi"',
    ));
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', allocatable: { cpu: '4', memory: '13m', pods: 110 } }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].allocatable.memory is "13m"; expected a whole number of bytes: 13m is 0.013 bytes (m is milli, a thousandth); '
        + 'did you mean 13Mi?',
    ));
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', allocatable: { cpu: '4', memory: '512Ki', pods: 2.5, gpu: 1 } }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].allocatable.pods is 2.5; expected a whole number of pods per node',
      'cluster "nonprod": nodePools[0].allocatable.gpu is 1; unknown field; allowed fields here: cpu, memory, pods',
    ));
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', allocatable: { cpu: '4', memory: '512Ki', pods: 110 } }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].allocatable.memory is "512Ki"; expected at least 1Mi of memory per node, such as "28Gi"',
    ));
  });
});

describe('resolvePlatform: control-plane topology', () => {
  test('fails when a highly available control plane has no endpoint and no zones', () => {
    expect(() => resolve(nonprod({ controlPlane: { replicas: 3 } }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.endpoint is missing; a highly available control plane (3 replicas) needs the load balancer in front of its '
        + 'API servers: set controlPlane.endpoint.host (and port, default 6443)',
      'cluster "nonprod": controlPlane.zones is missing; expected at least 3 zones for 3 replicas: a highly available control plane puts one node '
        + 'in each zone, over at least three zones, so that losing a zone costs etcd at most one member',
    ));
  });

  test('fails when three replicas run in two zones', () => {
    expect(() => resolve(nonprod({ controlPlane: { ...HA, zones: ['zone-a', 'zone-b'] } }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.zones is ["zone-a","zone-b"]; expected at least 3 zones for 3 replicas: a highly available control plane '
        + 'puts one node in each zone, over at least three zones, so that losing a zone costs etcd at most one member',
    ));
  });

  test('fails when five replicas run in three zones: fewer zones than replicas', () => {
    expect(() => resolve(nonprod({ controlPlane: { ...HA, replicas: 5 } }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.zones is ["zone-a","zone-b","zone-c"]; expected at least 5 zones for 5 replicas: a highly available control '
        + 'plane puts one node in each zone, over at least three zones, so that losing a zone costs etcd at most one member',
    ));
  });

  test('fails when a zone is listed twice, and counts it once', () => {
    expect(() => resolve(nonprod({ controlPlane: { ...HA, zones: ['zone-a', 'zone-b', 'zone-a'] } }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.zones is "zone-a"; duplicate; each zone once',
      'cluster "nonprod": controlPlane.zones is ["zone-a","zone-b","zone-a"]; expected at least 3 zones for 3 replicas: a highly available control '
        + 'plane puts one node in each zone, over at least three zones, so that losing a zone costs etcd at most one member',
    ));
  });

  test('fails when a highly available control plane uses a single external etcd member', () => {
    expect(() => resolve(nonprod({ controlPlane: { ...HA, etcd: { kind: EtcdKind.EXTERNAL, endpoints: ['https://10.0.1.1:2379'] } } }))).toThrow(exactly(
      'cluster "nonprod": controlPlane.etcd.endpoints is ["https://10.0.1.1:2379"]; a highly available control plane needs a highly available etcd: '
        + '3, 5 or 7 members',
    ));
  });

  test('fails when a cluster with a protected environment has a single control-plane node', () => {
    expect(() => resolve(withCluster('prod', { controlPlane: { replicas: 1, zones: ['zone-a'] } }))).toThrow(exactly(
      `cluster "prod": controlPlane.replicas is 1; ${HOSTS_PRODUCTION} a highly available control plane: 3, 5 or 7 replicas over at least as many `
        + 'zones, behind an endpoint',
    ));
  });

  test('fails when a cluster with a protected environment declares no control plane, storage or snapshots, naming every such environment', () => {
    const definition = withEnvironment('qa', { cluster: 'prod', protected: true, podSecurity: { enforce: 'restricted' } }, withCluster('prod', {
      controlPlane: undefined, storage: undefined, etcdBackup: undefined,
    }));
    const hosts = 'the cluster hosts protected environments "qa", "production", which need';

    expect(() => resolve(definition)).toThrow(exactly(
      `cluster "prod": controlPlane.replicas is 1; ${hosts} a highly available control plane: 3, 5 or 7 replicas over at least as many zones, `
        + 'behind an endpoint',
      `cluster "prod": storage.classes is missing; ${hosts} StorageClasses that retain their volumes: declare the classes, with reclaimPolicy `
        + 'Retain, so that deleting a claim never deletes the data',
      `cluster "prod": etcdBackup is missing; ${hosts} etcd snapshots: declare etcdBackup, to storage that outlives the control-plane nodes`,
    ));
  });

  test('fails when a cluster name leaves no room for the control plane\'s name in a label', () => {
    const name = 'c'.repeat(50);
    const definition = validPlatform({
      clusters: [{ name, kubeconfig: { context: 'long' } }, { name: 'prod', kubeconfig: { context: 'prod' }, ...protectedTopology() }],
      environments: [{ name: 'production', cluster: 'prod', protected: true, podSecurity: { enforce: 'restricted' } } as never],
    });

    expect(() => resolve(definition)).toThrow(exactly(
      `cluster "${name}": name is "${name}"; the KubeadmControlPlane "${name}-control-plane" would be 64 characters; Cluster API puts it in a label `
        + 'value (at most 63): shorten the cluster name',
    ));
  });
});

describe('resolvePlatform: versions', () => {
  test.each([['v1.32.9'], ['v1.37.0'], ['v2.36.0']])('fails when the control plane runs %s', (version) => {
    expect(() => resolve(nonprod({ kubernetesVersion: version }))).toThrow(exactly(`cluster "nonprod": kubernetesVersion is "${version}"; ${VERSION_RANGE}`));
  });

  test.each([[33], [34], [35], [36]])('accepts every minor of the version table: 1.%s', (minor) => {
    expect(clusterOf(withCluster('prod', { kubernetesVersion: `v1.${minor}.0` }, nonprod({ kubernetesVersion: `v1.${minor}.2` })), 'prod')
      .kubernetesVersion).toBe(`v1.${minor}.0`);
  });

  test('fails when a pool\'s kubelets are newer than the control plane', () => {
    expect(() => resolve(withCluster('prod', { kubernetesVersion: 'v1.35.1' }, nonprod({ kubernetesVersion: 'v1.35.1', nodePools: [{ name: 'general', kubernetesVersion: 'v1.36.0' }] })))).toThrow(exactly(
      `cluster "nonprod": nodePools[0].kubernetesVersion is "v1.36.0"; expected v1.32 to v1.35 (control plane v1.35.1): ${KUBELET_SKEW}`,
    ));
  });

  test('fails when a pool\'s kubelets lag the control plane by four minors', () => {
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', kubernetesVersion: 'v1.32.9' }] }))).toThrow(exactly(
      `cluster "nonprod": nodePools[0].kubernetesVersion is "v1.32.9"; expected v1.33 to v1.36 (control plane v1.36.1): ${KUBELET_SKEW}`,
    ));
  });
});

describe('resolvePlatform: upgrade order', () => {
  test('accepts a protected cluster one minor behind the unprotected one', () => {
    const definition = withCluster('prod', { kubernetesVersion: 'v1.35.1' }, nonprod({ kubernetesVersion: 'v1.36.1' }));

    expect(resolvePlatform(definition).clusters.map((c) => `${c.name} ${c.kubernetesVersion}`)).toEqual(['nonprod v1.36.1', 'prod v1.35.1']);
  });

  test('accepts a protected cluster on the same minor as an unprotected one, at another patch', () => {
    expect(clusterOf(withCluster('prod', { kubernetesVersion: 'v1.35.3' }, nonprod({ kubernetesVersion: 'v1.35.1' })), 'prod').kubernetesVersion)
      .toBe('v1.35.3');
  });

  test('fails when a protected cluster runs a minor that no unprotected cluster runs yet', () => {
    expect(() => resolve(withCluster('prod', { kubernetesVersion: 'v1.36.1' }, nonprod({ kubernetesVersion: 'v1.35.1' })))).toThrow(exactly(
      'cluster "prod": kubernetesVersion is "v1.36.1"; a protected cluster may run only a minor that an unprotected cluster already runs (the '
        + 'newest is cluster "nonprod" with v1.35.x, v1.35.1): upgrade an unprotected cluster to v1.36 first, or keep this cluster at v1.35',
    ));
  });
});

describe('resolvePlatform: audit and encryption relations', () => {
  test('fails when an audit rule matches both resources and URLs', () => {
    const rule = { level: AuditLevel.NONE, namespaces: ['dev'], nonResourceURLs: ['/healthz'] };

    expect(() => resolve(nonprod({ audit: { rules: [rule] } }))).toThrow(exactly(
      'cluster "nonprod": audit.rules[0] is {"level":"None","namespaces":["dev"],"nonResourceURLs":["/healthz"]}; a rule matches either resources '
        + '(resources, namespaces) or nonResourceURLs, not both; split it in two',
    ));
  });

  test('fails when a local key is named twice', () => {
    expect(() => resolve(nonprod({ encryption: { kind: EncryptionKind.LOCAL, keys: ['k1', 'k2', 'k1'] } })))
      .toThrow(exactly('cluster "nonprod": encryption.keys is "k1"; duplicate; each key once'));
  });
});

describe('resolvePlatform: storage and snapshots', () => {
  test('fails when two StorageClasses share a name, or the default is not declared', () => {
    expect(() => resolve(nonprod({
      storage: { classes: [{ name: 'a', provisioner: 'csi.example.com' }, { name: 'a', provisioner: 'csi.example.com' }], defaultClass: 'b' },
    }))).toThrow(exactly(
      'cluster "nonprod": storage.classes[].name is "a"; duplicate; StorageClass names are unique in a cluster',
      'cluster "nonprod": storage.defaultClass is "b"; expected one of the declared classes: "a"',
    ));
  });

  test('fails when a cluster with a protected environment declares a class that deletes its volumes', () => {
    expect(() => resolve(withCluster('prod', {
      storage: { classes: [{ name: 'retained', provisioner: 'csi.example.com' }, { name: 'scratch', provisioner: 'csi.example.com', reclaimPolicy: 'Delete' }] },
    }))).toThrow(exactly(`cluster "prod": storage.classes[1].reclaimPolicy is "Delete"; ${HOSTS_PRODUCTION} "Retain", so that deleting a claim `
      + 'never deletes the data'));
  });

  test('fails when snapshots go to a volume of a class that deletes its volumes', () => {
    expect(() => resolve(nonprod({
      storage: { classes: [{ name: 'gp3', provisioner: 'ebs.csi.aws.com' }, { name: 'kept', provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain' }] },
      etcdBackup: { target: { kind: BackupTargetKind.VOLUME, storageClass: 'gp3' } },
    }))).toThrow(exactly(
      'cluster "nonprod": etcdBackup.target.storageClass is "gp3"; expected one of the cluster\'s storage.classes with reclaimPolicy Retain: "kept", '
        + 'so that the snapshots outlive their claim and the node',
    ));
  });

  test('fails when snapshots go to a ReadWriteOnce volume, which stays in the control plane\'s zone', () => {
    expect(() => resolve(nonprod({
      storage: { classes: [{ name: 'kept', provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain' }] },
      etcdBackup: { target: { kind: BackupTargetKind.VOLUME, storageClass: 'kept', accessMode: VolumeAccessMode.READ_WRITE_ONCE } },
    }))).toThrow(exactly(
      'cluster "nonprod": etcdBackup.target.accessMode is "ReadWriteOnce"; a ReadWriteOnce volume attaches only in its own zone, and the snapshot job '
        + 'runs on the control-plane nodes, so the snapshots would stay in the control plane\'s own failure domain; keep them in a separate location: an '
        + 'S3 target (etcdBackup.target.kind "s3"), or a ReadWriteMany class served from outside the control plane (EFS, NFS)',
    ));
  });

  test('fails when snapshots go to the default class, which the platform does not create', () => {
    expect(() => resolve(nonprod({ etcdBackup: { target: { kind: BackupTargetKind.VOLUME, accessMode: VolumeAccessMode.READ_WRITE_MANY } } })))
      .toThrow(exactly(
        'cluster "nonprod": etcdBackup.target.storageClass is "standard"; expected a class declared in storage.classes with reclaimPolicy Retain '
          + '(the default class), so that the snapshots outlive their claim and the node',
      ));
  });
});

describe('resolvePlatform: node pools', () => {
  test('fails when a pool\'s maximum is below its minimum, or zero', () => {
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', minSize: 3, maxSize: 2 }, { name: 'idle', minSize: 0, maxSize: 0 }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].maxSize is 2; expected at least minSize (3)',
      'cluster "nonprod": nodePools[1].maxSize is 0; expected at least 1 node per zone: a pool that never has a node serves no environment',
    ));
  });

  test('fails when a pool lists a zone twice', () => {
    expect(() => resolve(nonprod({ nodePools: [{ name: 'general', zones: ['zone-a', 'zone-a'] }] })))
      .toThrow(exactly('cluster "nonprod": nodePools[0].zones is "zone-a"; duplicate; each zone once'));
  });

  test('fails when a pool sets the zone label, or a label NodeRestriction keeps kubelets from setting', () => {
    expect(() => resolve(nonprod({
      nodePools: [{
        name: 'general',
        labels: { 'topology.kubernetes.io/zone': 'zone-a', 'node-role.kubernetes.io/worker': 'true', 'node.kubernetes.io/instance-type': 'm6i', tier: 'web' },
      }],
    }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].labels.topology.kubernetes.io/zone is "zone-a"; the platform sets topology.kubernetes.io/zone from the '
        + 'pool\'s zones; set zones instead',
      'cluster "nonprod": nodePools[0].labels.node-role.kubernetes.io/worker is "true"; kubelets cannot set labels under kubernetes.io/ or k8s.io/ '
        + 'on their Node (NodeRestriction admission); use a prefix of your own, such as platform.example.com/',
    ));
  });

  test('fails when a pool\'s MachineDeployment name would not fit in a label', () => {
    const pool = 'p'.repeat(41);

    expect(() => resolve(nonprod({ nodePools: [{ name: pool, zones: ['europe-west1-b'] }] }))).toThrow(exactly(
      `cluster "nonprod": nodePools[0].name is "${pool}"; the MachineDeployment "nonprod-${pool}-europe-west1-b" of zone "europe-west1-b" would be `
        + '64 characters; Cluster API puts it in a label value (at most 63): shorten the cluster, pool or zone name',
    ));
  });

  test('fails when a pool declares environments that are not on the cluster, or not pinned to it', () => {
    const definition = withEnvironment('dev', { nodePool: 'other' }, nonprod({
      nodePools: [{ name: 'general', environments: ['production', 'dev', 'qa'] }, { name: 'other' }],
    }));

    expect(() => resolve(definition)).toThrow(exactly(
      'cluster "nonprod": nodePools[0].environments[0] is "production"; expected an environment of cluster "nonprod": "dev", "qa"',
      'cluster "nonprod": nodePools[0].environments[1] is "dev"; environment "dev" is pinned to node pool "other"; set its nodePool to "general" '
        + 'or remove it here',
      'cluster "nonprod": nodePools[0].environments[2] is "qa"; environment "qa" is not pinned to a node pool; set its nodePool to "general" or '
        + 'remove it here',
    ));
  });

  test('fails when an environment asks for a pool that does not declare it among the environments it serves', () => {
    const definition = withEnvironment('qa', { nodePool: 'general' }, nonprod({ nodePools: [{ name: 'general', environments: [] }] }));

    expect(() => resolve(definition)).toThrow(exactly(
      'cluster "nonprod": nodePools[0].environments is []; environment "qa" asks for node pool "general" (nodePool), which must serve it; add "qa" here',
    ));
  });
});

describe('resolvePlatform: pod and Service ranges', () => {
  const ONE_PER_FAMILY = 'one IPv4 CIDR, one IPv6 CIDR, or one of each (dual-stack)';
  const NOT_A_CIDR = 'expected an IPv4 or IPv6 CIDR such as 10.244.0.0/16 or fd00:10:244::/56';

  test('defaults to kind\'s pod subnet and kubeadm\'s service subnet', () => {
    expect(clusterOf(validPlatform()).networking).toStrictEqual({ podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] });
  });

  test('keeps declared ranges, dual-stack included, and defaults the one not given', () => {
    const networking = { podSubnets: ['192.168.0.0/16', 'fd00:10:244::/56'], serviceSubnets: ['172.20.0.0/16', 'fd00:10:96::/112'] };
    expect(clusterOf(nonprod({ networking })).networking).toStrictEqual(networking);
    expect(clusterOf(nonprod({ networking: { podSubnets: ['192.168.0.0/16'] } })).networking)
      .toStrictEqual({ podSubnets: ['192.168.0.0/16'], serviceSubnets: ['10.96.0.0/12'] });
  });

  test('fails when a range is not a CIDR, or names an address inside the range rather than the network', () => {
    expect(() => resolve(nonprod({ networking: { podSubnets: ['10.244.0.0'], serviceSubnets: ['10.96.0.1/12', 'fd00:10:96::/129'] } }))).toThrow(exactly(
      `cluster "nonprod": networking.podSubnets[0] is "10.244.0.0"; ${NOT_A_CIDR}`,
      'cluster "nonprod": networking.serviceSubnets[0] is "10.96.0.1/12"; expected the network address of the range, with no host bits set: 10.96.0.0/12',
      `cluster "nonprod": networking.serviceSubnets[1] is "fd00:10:96::/129"; ${NOT_A_CIDR}`,
    ));
  });

  test('fails when a list is empty or has two ranges of one family', () => {
    expect(() => resolve(nonprod({ networking: { podSubnets: [], serviceSubnets: ['10.96.0.0/16', '10.97.0.0/16'] } }))).toThrow(exactly(
      `cluster "nonprod": networking.podSubnets is []; expected ${ONE_PER_FAMILY}`,
      `cluster "nonprod": networking.serviceSubnets[1] is "10.97.0.0/16"; expected ${ONE_PER_FAMILY}; networking.serviceSubnets[0] is IPv4 already`,
    ));
  });

  test('fails when a Service range is larger than kube-apiserver accepts', () => {
    expect(() => resolve(nonprod({ networking: { podSubnets: ['10.244.0.0/16', 'fd00:10:244::/56'], serviceSubnets: ['172.0.0.0/11', 'fd00:10:96::/100'] } })))
      .toThrow(exactly(
        'cluster "nonprod": networking.serviceSubnets[0] is "172.0.0.0/11"; expected at most 20 host bits (a /12 or longer prefix for IPv4): '
          + 'kube-apiserver and kubeadm refuse larger Service ranges',
        'cluster "nonprod": networking.serviceSubnets[1] is "fd00:10:96::/100"; expected at most 20 host bits (a /108 or longer prefix for IPv6): '
          + 'kube-apiserver and kubeadm refuse larger Service ranges',
      ));
  });

  test('fails when a Service range is of a family the pods lack', () => {
    expect(() => resolve(nonprod({ networking: { podSubnets: ['fd00:10:244::/56'] } }))).toThrow(exactly(
      'cluster "nonprod": networking.serviceSubnets[0] is "10.96.0.0/12"; expected a range of a family the pods have (networking.podSubnets: IPv6): '
        + 'a Service forwards to pod IPs of its own family; for a dual-stack cluster declare a pod range of each family',
    ));
  });

  test('fails when the Service range overlaps a pod range', () => {
    expect(() => resolve(nonprod({ networking: { podSubnets: ['10.0.0.0/8'] } }))).toThrow(exactly(
      'cluster "nonprod": networking.serviceSubnets[0] is "10.96.0.0/12"; expected a range apart from networking.podSubnets[0] (10.0.0.0/8): '
        + 'kube-proxy rewrites traffic to a Service IP, so a pod holding an address of both ranges could not be reached, and policies could not '
        + 'tell the two apart',
    ));
  });

  test('fails when the ranges are not lists of strings, or networking has unknown fields', () => {
    expect(() => resolve(nonprod({ networking: { podSubnets: '10.244.0.0/16', serviceSubnets: [12], clusterCIDR: '10.0.0.0/8' } }))).toThrow(exactly(
      'cluster "nonprod": networking.podSubnets is "10.244.0.0/16"; expected a list of CIDRs, one per IP family',
      'cluster "nonprod": networking.serviceSubnets[0] is 12; expected a CIDR such as 10.244.0.0/16',
      'cluster "nonprod": networking.clusterCIDR is "10.0.0.0/8"; unknown field; allowed fields here: podSubnets, serviceSubnets',
    ));
  });
});

describe('resolvePlatform: Cluster API names', () => {
  test('fails when a pool would share its objects\' names with the control plane', () => {
    expect(() => resolve(nonprod({ nodePools: [{ name: 'control-plane' }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[0].name is "control-plane"; its MachineDeployment would be named "nonprod-control-plane", like that of the '
        + 'control plane; rename the pool',
    ));
  });

  test('fails when a pool in a zone and another pool would share a MachineDeployment name', () => {
    expect(() => resolve(nonprod({ nodePools: [{ name: 'web', zones: ['a'] }, { name: 'web-a', zones: [] }] }))).toThrow(exactly(
      'cluster "nonprod": nodePools[1].name is "web-a"; its MachineDeployment would be named "nonprod-web-a", like that of node pool "web" in zone '
        + '"a"; rename the pool',
    ));
  });
});

test('fails when a pool declares environments on a cluster that hosts none', () => {
  const definition = validPlatform({
    clusters: [{ name: 'spare', kubeconfig: { context: 'spare' }, nodePools: [{ name: 'general', environments: ['dev'] }] }, ...validPlatform().clusters],
  });

  expect(() => resolve(definition)).toThrow(exactly('cluster "spare": nodePools[0].environments[0] is "dev"; cluster "spare" hosts no environments'));
});

test.each([
  ['registry.example.com:5000/etcd:3.5.12-0'],
  ['registry.k8s.io/etcd@sha256:' + 'a'.repeat(64)],
  ['etcd:3.5.12-0'],
])('accepts the snapshot image %s', (image) => {
  const definition = nonprod({ etcdBackup: { image, target: { kind: BackupTargetKind.S3, bucket: 'snapshots', region: 'eu-west-1', credentialsSecret: 's3' } } });

  expect(clusterOf(definition).etcdBackup!.image).toBe(image);
});

test.each([['registry.example.com:5000/etcd'], ['etcd:latest tag'], ['Etcd:3.5']])('fails when the snapshot image is %s', (image) => {
  const definition = nonprod({ etcdBackup: { image, target: { kind: BackupTargetKind.S3, bucket: 'snapshots', region: 'eu-west-1', credentialsSecret: 's3' } } });

  expect(() => resolve(definition)).toThrow(exactly(
    `cluster "nonprod": etcdBackup.image is "${image}"; expected a container image reference with a tag or digest, such as registry.k8s.io/etcd:3.6.9-0`,
  ));
});

describe('resolveCluster', () => {
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
      'cluster "prod": pools is []; unknown field; allowed fields here: name, kubeconfig, ingress, gateway, dns, nodePools, guardrails, monitoring, '
        + 'priorityClasses, kubernetesVersion, controlPlane, audit, encryption, etcdBackup, storage, clusterApi, networking',
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

  test('fails when a preempting class ranks above the class of pods that name none, which it could then evict', () => {
    const classes = (defaultClass: string | undefined) => [
      { name: 'platform', value: 1000, description: 'P.', globalDefault: defaultClass === 'platform' },
      { name: 'apps', value: 100, description: 'A.', globalDefault: defaultClass === 'apps' },
      { name: 'batch', value: 10, description: 'B.', preempting: false },
    ];

    expect(() => resolve(withCluster('prod', { priorityClasses: classes('platform') }))).not.toThrow();
    expect(() => resolve(withCluster('prod', { priorityClasses: classes('apps') }))).toThrow(exactly(
      'cluster "prod": priorityClasses[0].preempting is true; "platform" (1000) preempts lower priorities, and pods that name no class get the global '
        + 'default "apps" (100): its pods would evict add-ons that set no class; set preempting: false, or make a class at least as high the global default',
    ));
    expect(() => resolve(withCluster('prod', { priorityClasses: classes(undefined) }))).toThrow(exactly(
      'cluster "prod": priorityClasses[0].preempting is true; "platform" (1000) preempts lower priorities, and pods that name no class get priority 0 '
        + '(no class is the global default): its pods would evict add-ons that set no class; set preempting: false, or make a class at least as high the '
        + 'global default',
      'cluster "prod": priorityClasses[1].preempting is true; "apps" (100) preempts lower priorities, and pods that name no class get priority 0 (no '
        + 'class is the global default): its pods would evict add-ons that set no class; set preempting: false, or make a class at least as high the '
        + 'global default',
    ));
  });

  test('fails when two PriorityClasses have the same name', () => {
    const priorityClasses = [{ name: 'app', value: 2, description: 'A.', globalDefault: true }, { name: 'app', value: 1, description: 'B.' }];

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
