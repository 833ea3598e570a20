/**
 * The reference clusters as the tools that build them read them: `prod` highly available over three zones with audit,
 * encryption without key material, etcd snapshots and retained storage; `nonprod` a single control-plane node.
 */
import { Testing } from 'cdktf';
import { CLUSTER_API_CHART } from '../../lib/cluster/artefacts/cluster-api';
import { encryptionConfiguration } from '../../lib/cluster/artefacts/encryption-config';
import { kindConfiguration } from '../../lib/cluster/artefacts/kind-config';
import { clusterConfiguration } from '../../lib/cluster/artefacts/kubeadm-config';
import { PlatformCharts } from '../../lib';
import { findKubernetesRelease, kubernetesRelease } from '../../lib/cluster/kubernetes-versions';
import { objectsOfStack, referenceOutputs } from '../util';

const { charts, stacks } = referenceOutputs();
const prod = charts.cluster('prod');
const nonprod = charts.cluster('nonprod');
const capi = (output: typeof prod) => output.artefacts.chart(CLUSTER_API_CHART).toJson();
const file = (output: typeof prod, path: string) => output.artefacts.files.find((f) => f.path === path)!.documents;

describe('cluster prod', () => {
  test('runs an odd number of control-plane replicas, at least three, in the KubeadmControlPlane and the kind configuration', () => {
    const kcp = capi(prod).find((o) => o.kind === 'KubeadmControlPlane');
    const kindControlPlanes = kindConfiguration(prod.cluster).nodes.filter((n: any) => n.role === 'control-plane');

    expect(kcp.spec.replicas).toBe(3);
    expect(kindControlPlanes.map((n: any) => n.labels['topology.kubernetes.io/zone'])).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(kcp.spec.replicas % 2).toBe(1);
  });

  test('puts the API servers behind api.prod.example.com, with audit and encryption flags, in kubeadm and Cluster API alike', () => {
    const [init, config] = file(prod, 'kubeadm/init.yaml');

    expect(init.kind).toBe('InitConfiguration');
    expect(config).toEqual(clusterConfiguration(prod.cluster));
    expect(config.controlPlaneEndpoint).toBe('api.prod.example.com:6443');
    expect(config.etcd).toEqual({ local: { dataDir: '/var/lib/etcd' } });
    expect(Object.fromEntries(config.apiServer.extraArgs.map((a: any) => [a.name, a.value]))).toMatchObject({
      'audit-policy-file': '/etc/kubernetes/audit/policy.yaml',
      'audit-log-path': '/var/log/kubernetes/audit/audit.log',
      'encryption-provider-config': '/etc/kubernetes/encryption/config.yaml',
      'authorization-mode': 'Node,RBAC',
      'enable-admission-plugins': 'NodeRestriction',
      profiling: 'false',
    });
    expect(capi(prod).find((o) => o.kind === 'Cluster').spec.controlPlaneEndpoint).toEqual({ host: 'api.prod.example.com', port: 6443 });
    expect(file(prod, 'kubeadm/join-control-plane.yaml')[0].discovery.bootstrapToken.apiServerEndpoint).toBe('api.prod.example.com:6443');
  });

  test('audits every write with its request and response', () => {
    const [policy] = file(prod, 'audit-policy.yaml');

    expect(policy.apiVersion).toBe('audit.k8s.io/v1');
    expect(policy.rules.at(-1)).toEqual({ level: 'RequestResponse' });
  });

  test('encrypts Secrets through KMS v2, with no key material anywhere in its artefacts', () => {
    const [config] = file(prod, 'encryption-config.yaml');

    expect(config).toEqual(encryptionConfiguration(prod.cluster.encryption));
    expect(config.resources[0].providers[0].kms.apiVersion).toBe('v2');
    const everything = JSON.stringify([prod.artefacts.files, capi(prod), PlatformCharts.manifestsOf(prod.app)]);
    expect(everything).not.toMatch(/"secret":/);
    expect(everything).not.toMatch(/ENCRYPTION_KEY/);
  });

  test('snapshots etcd hourly to S3 from a control-plane node', () => {
    const cronJob = PlatformCharts.manifestsOf(prod.app).find((o) => o.kind === 'CronJob' && o.metadata.name === 'etcd-snapshot');
    const pod = cronJob.spec.jobTemplate.spec.template.spec;

    expect(cronJob.metadata.namespace).toBe('kube-system');
    expect(cronJob.spec.schedule).toBe('0 * * * *');
    expect(pod.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(pod.initContainers[0].command[2]).toContain('snapshot save');
    expect(pod.containers[0].env).toContainEqual({ name: 'BUCKET', value: 'example-platform-etcd-snapshots' });
    expect(pod.containers[0].env).toContainEqual({ name: 'RETENTION', value: '48' });
  });

  test('retains the volumes of its StorageClasses', () => {
    const classes = PlatformCharts.manifestsOf(prod.app).filter((o) => o.kind === 'StorageClass');

    expect(classes.map((c) => [c.metadata.name, c.reclaimPolicy])).toEqual([['gp3-retained', 'Retain']]);
    expect(prod.cluster.storage.defaultClass).toBe('gp3-retained');
  });

  test('spreads the production pool over the three zones, one MachineDeployment each', () => {
    const deployments = capi(prod).filter((o) => o.kind === 'MachineDeployment');

    expect(deployments.filter((d) => d.metadata.name.startsWith('prod-production-')).map((d) => [d.metadata.name, d.spec.template.spec.failureDomain]))
      .toEqual([
        ['prod-production-eu-west-1a', 'eu-west-1a'], ['prod-production-eu-west-1b', 'eu-west-1b'], ['prod-production-eu-west-1c', 'eu-west-1c'],
      ]);
  });
});

describe('cluster nonprod', () => {
  test('has a single control-plane node, by choice, a pool per environment and one for add-ons', () => {
    expect(capi(nonprod).find((o) => o.kind === 'KubeadmControlPlane').spec.replicas).toBe(1);
    const pools = nonprod.cluster.nodePools;
    expect(kindConfiguration(nonprod.cluster).nodes.map((n: any) => [n.role, n.labels?.['platform.example.com/pool']]))
      .toEqual([['control-plane', undefined], ...pools.map((p) => ['worker', p.name])]);
    // A pool of its own for each environment on the cluster, and the add-ons' untainted pool.
    const environments = nonprod.cluster.environments;
    expect(pools.map((p) => [p.name, p.environments]).sort()).toEqual([...environments.map((e) => [e, [e]]), ['system', []]].sort());
    expect(environments).toEqual(expect.arrayContaining(['dev', 'qa', 'staging']));
  });

  test('snapshots etcd to S3, apart from its control plane\'s zone, and encrypts with a local key filled in at provisioning', () => {
    const manifests = PlatformCharts.manifestsOf(nonprod.app);
    const cronJob = manifests.find((o) => o.kind === 'CronJob' && o.metadata.name === 'etcd-snapshot');
    const [config] = file(nonprod, 'encryption-config.yaml');

    expect(manifests.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'BUCKET', value: 'example-platform-etcd-snapshots' }, { name: 'PREFIX', value: 'nonprod/etcd' },
    ]));
    expect(config.resources[0].providers[0]).toEqual({ secretbox: { keys: [{ name: 'secrets-1', secret: '${ENCRYPTION_KEY_SECRETS_1}' }] } });
  });
});

describe('cluster Terraform stacks', () => {
  test.each([['prod'], ['nonprod']])('cluster-%s manages the in-cluster objects and nothing that builds the cluster', (name) => {
    const stack = stacks.clusters.find((s) => s.node.id === `cluster-${name}`)!;
    const kinds = new Set(objectsOfStack(JSON.parse(Testing.synth(stack))).map((o) => o.kind));

    expect(kinds.has('StorageClass')).toBe(true);
    expect(kinds.has('CronJob')).toBe(true);
    for (const kind of ['Cluster', 'KubeadmControlPlane', 'MachineDeployment', 'MachineHealthCheck', 'KubeadmConfigTemplate', 'ClusterConfiguration']) {
      expect(kinds.has(kind)).toBe(false);
    }
  });
});

describe('versions and placement of the reference clusters', () => {
  const clusters = [nonprod, prod];
  const minor = (output: typeof prod) => Number(output.cluster.kubernetesVersion.split('.')[1]);

  test('run supported minors, nonprod one minor ahead of prod', () => {
    expect(clusters.every((c) => findKubernetesRelease(minor(c)) !== undefined)).toBe(true);
    expect(minor(nonprod)).toBe(minor(prod) + 1);
  });

  test.each([['nonprod'], ['prod']])('%s: every artefact names the cluster\'s own minor', (name) => {
    const output = name === 'prod' ? prod : nonprod;
    const release = kubernetesRelease(minor(output));

    expect(file(output, 'kubeadm/init.yaml').map((d: any) => d.apiVersion)).toEqual([release.kubeadmApiVersion, release.kubeadmApiVersion]);
    expect(release.kubeadmApiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(new Set(kindConfiguration(output.cluster).nodes.map((n: any) => n.image))).toEqual(new Set([release.kindNodeImage]));
    expect(new Set(capi(output).map((o) => o.apiVersion.split('/')[1]))).toEqual(new Set([release.clusterApiContract]));
    expect(capi(output).find((o) => o.kind === 'KubeadmControlPlane').spec.version).toBe(output.cluster.kubernetesVersion);
  });

  test.each([['nonprod'], ['prod']])('%s: cloud machines run their kubelets with an external cloud provider', (name) => {
    const objects = capi(name === 'prod' ? prod : nonprod);
    const kcp = objects.find((o) => o.kind === 'KubeadmControlPlane');

    expect(kcp.spec.kubeadmConfigSpec.initConfiguration.nodeRegistration.kubeletExtraArgs).toEqual([{ name: 'cloud-provider', value: 'external' }]);
    expect(kcp.spec.kubeadmConfigSpec.joinConfiguration.nodeRegistration.kubeletExtraArgs).toEqual([{ name: 'cloud-provider', value: 'external' }]);
    for (const template of objects.filter((o) => o.kind === 'KubeadmConfigTemplate')) {
      expect(template.spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs[0]).toEqual({ name: 'cloud-provider', value: 'external' });
    }
  });

  test.each([['nonprod'], ['prod']])('%s: has an untainted pool, so add-ons and the preview janitor have somewhere to run', (name) => {
    const output = name === 'prod' ? prod : nonprod;

    expect(output.cluster.nodePools.filter((p) => p.taints.length === 0).map((p) => p.name)).toEqual(['system']);
  });
});
