/**
 * From a parsed cluster definition to its resolved topology: defaults filled in, names rendered, and every relation
 * checked — HA needs an endpoint and zones, clusters hosting protected environments need HA, retained storage and etcd
 * snapshots, versions stay within Kubernetes' skew policy, and node pools serve exactly the environments pinned to them.
 *
 * Problems are reported through `report` (the platform's resolver collects them with every other problem).
 */
import {
  DEFAULT_API_SERVER_PORT, DEFAULT_AUDIT_MAX_AGE_DAYS, DEFAULT_AUDIT_MAX_BACKUPS, DEFAULT_AUDIT_MAX_SIZE_MIB, DEFAULT_AUDIT_PRESET,
  DEFAULT_CLUSTER_API_NAMESPACE, DEFAULT_CONTROL_PLANE_MACHINE_TEMPLATE, DEFAULT_ENCRYPTED_RESOURCES, DEFAULT_ENCRYPTION_ALGORITHM,
  DEFAULT_ENCRYPTION_KEY, DEFAULT_ETCD_BACKUP_RETENTION, DEFAULT_ETCD_BACKUP_SCHEDULE, DEFAULT_ETCD_BACKUP_SIZE,
  DEFAULT_ETCD_DATA_DIR, DEFAULT_EXTERNAL_ETCD_CA_FILE, DEFAULT_EXTERNAL_ETCD_CERT_FILE, DEFAULT_EXTERNAL_ETCD_KEY_FILE,
  DEFAULT_INFRASTRUCTURE_API_VERSION, DEFAULT_INFRASTRUCTURE_CLUSTER_KIND, DEFAULT_INFRASTRUCTURE_CLUSTER_NAME,
  DEFAULT_INFRASTRUCTURE_MACHINE_TEMPLATE_KIND, DEFAULT_KMS_TIMEOUT_SECONDS, DEFAULT_KUBERNETES_VERSION, DEFAULT_NODE_POOL_MACHINE_TEMPLATE,
  DEFAULT_NODE_POOL_MIN_SIZE, DEFAULT_STORAGE_CLASS, DEFAULT_KUBECONFIG_PATH, DEFAULT_INGRESS_CLASS, DEFAULT_INGRESS_NAMESPACE,
  DEFAULT_GATEWAY_NAMESPACE, DEFAULT_GATEWAY_NAME, DEFAULT_CLUSTER_ISSUER,
  DEFAULT_DNS_NAMESPACE, DEFAULT_DNS_POD_LABELS, DEFAULT_MONITORING_NAMESPACE, DEFAULT_POD_SUBNETS, DEFAULT_PRIORITY_CLASSES,
  DEFAULT_SERVICE_SUBNETS, ETCD_BACKUP_CLAIM, MAX_USER_PRIORITY, KUBELET_SKEW_3_FROM_MINOR, MAX_KUBELET_SKEW, MAX_KUBELET_SKEW_BEFORE_1_25,
  MAX_SERVICE_SUBNET_HOST_BITS, MIN_HA_ZONES, RESERVED_NAMESPACES, ZONE_LABEL,
} from './cluster-defaults';
import {
  Cluster, Audit, ClusterGateway, ClusterNetworking, ClusterStorage, ClusterTopology, ControlPlane, EtcdBackup, KmsEncryption, LocalKeyEncryption,
  NodePoolTopology,
  StorageClass,
} from './cluster-model';
import { controlPlaneName, machineDeploymentName } from './cluster-names';
import { KUBERNETES_RELEASES, KubernetesRelease, MAX_SUPPORTED_MINOR, MIN_SUPPORTED_MINOR, findKubernetesRelease } from './kubernetes-versions';
import {
  BackupTargetKind, EncryptionKind, EtcdKind, KmsPluginProvider, ReclaimPolicy, VolumeAccessMode, VolumeBindingMode, ClusterDefinition, Taint,
  NodeAllocatableDefinition,
} from './cluster-types';
import { AddressRange, cidrsOverlap, formatCidr, parseCidr } from '../core/cidr';
import { formatKubernetesVersion, parseKubernetesVersion } from '../core/kubernetes-version';
import { IssueReporter } from '../core/errors';
import { LabelKeys } from '../core/labels';
import { parseQuantity } from '../core/quantity';

/** An environment placed on the cluster, as far as the cluster's rules need to know it. */
export interface HostedEnvironment {
  readonly name: string;
  readonly protected?: boolean;
  readonly nodePool?: string;
}

/** A node pool with the defaults of {@link resolveCluster} applied (name, labels, taints). */
export interface ResolvedPoolBase {
  readonly name: string;
  readonly labels: { readonly [key: string]: string };
  readonly taints: Taint[];
}

/** Reports one problem of the cluster: the field path, the value received and what is allowed. */
export type ReportIssue = (path: string, value: unknown, allowed: string) => void;

/** The resolved topology of a cluster, and of each of its node pools (in definition order). */
export interface ResolvedClusterTopology {
  readonly cluster: ClusterTopology;
  readonly nodePools: NodePoolTopology[];
}

/**
 * Labels a kubelet may set on its own Node under the kubernetes.io and k8s.io domains; NodeRestriction admission
 * refuses every other label there.
 * @see https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (--node-labels)
 */
const KUBELET_LABELS = [
  'kubernetes.io/hostname', 'kubernetes.io/instance-type', 'kubernetes.io/os', 'kubernetes.io/arch',
  'beta.kubernetes.io/instance-type', 'beta.kubernetes.io/os', 'beta.kubernetes.io/arch',
  'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region',
  'failure-domain.kubernetes.io/zone', 'failure-domain.kubernetes.io/region',
  'topology.kubernetes.io/region', 'node.kubernetes.io/instance-type',
];
const KUBELET_LABEL_PREFIXES = ['kubelet.kubernetes.io/', 'node.kubernetes.io/'];

/** Longest label value, which Cluster API names end up in (`cluster.x-k8s.io/deployment-name`). */
const MAX_LABEL_VALUE = 63;

/** What resolving a cluster needs from the rest of the platform. */
export interface ClusterResolutionContext {
  /** Keys of the platform's labels: a node pool's nodes carry `<domain>/pool` unless the pool names its own labels. */
  readonly labelKeys: LabelKeys;
  /**
   * Whether an environment's own definition is invalid: a pool's environment that no hosted one answers may be it,
   * and is then not reported.
   */
  readonly environmentsPending: boolean;
  /** Where problems go. */
  readonly report: IssueReporter;
}

/**
 * Resolves one cluster whose fields the schema has already checked: defaults filled in (kubeconfig, ingress, DNS,
 * monitoring, PriorityClasses, node-pool labels) and its topology resolved and checked. The environments it hosts and
 * whether one of them is protected are filled in by the platform's resolver once every environment is resolved.
 *
 * @param def the parsed definition
 * @param hosted the environments placed on the cluster (none for the placeholder of an unknown cluster)
 */
export function resolveCluster(def: ClusterDefinition, hosted: HostedEnvironment[], context: ClusterResolutionContext): Cluster {
  const subject = `cluster "${def.name}"`;
  const report: ReportIssue = (path, value, allowed) => context.report(subject, path, value, allowed);
  const pools = (def.nodePools ?? []).map((pool) => ({
    name: pool.name,
    labels: pool.labels ?? { [context.labelKeys.pool]: pool.name },
    taints: pool.taints ?? [],
  }));
  checkUniqueNames('nodePools[].name', pools.map((p) => p.name), 'node pool names must be unique in a cluster', report);
  const priorityClasses = (def.priorityClasses ?? DEFAULT_PRIORITY_CLASSES).map((pc) => ({
    name: pc.name,
    value: pc.value,
    description: pc.description,
    globalDefault: pc.globalDefault ?? false,
    preempting: pc.preempting ?? true,
  }));
  checkUniqueNames('priorityClasses[].name', priorityClasses.map((p) => p.name), 'PriorityClass names must be unique', report);
  const defaults = priorityClasses.filter((p) => p.globalDefault);
  if (defaults.length > 1) {
    report('priorityClasses[].globalDefault', defaults.map((p) => p.name), 'at most one PriorityClass may be the global default');
  }
  // Pods that name no class (add-ons installed beside the platform) get the global default's value, or 0: a preempting
  // class above it would let the apps that use it evict them.
  const fallback = defaults.length === 1 ? defaults[0] : undefined;
  priorityClasses.forEach((pc, i) => {
    if (defaults.length <= 1 && pc.preempting && pc.value > (fallback?.value ?? 0) && pc.value <= MAX_USER_PRIORITY && !pc.globalDefault) {
      report(`priorityClasses[${i}].preempting`, true, `"${pc.name}" (${pc.value}) preempts lower priorities, and pods that name no class get `
        + `${fallback ? `the global default "${fallback.name}" (${fallback.value})` : 'priority 0 (no class is the global default)'}: its pods would evict `
        + 'add-ons that set no class; set preempting: false, or make a class at least as high the global default');
    }
  });
  const topology = resolveClusterTopology(def, pools, hosted, report, context.environmentsPending);
  const gateway = resolveGateway(def, report);
  return {
    name: def.name,
    kubeconfig: { context: def.kubeconfig.context, path: def.kubeconfig.path ?? DEFAULT_KUBECONFIG_PATH },
    ingress: {
      className: def.ingress?.className ?? DEFAULT_INGRESS_CLASS,
      namespace: def.ingress?.namespace ?? DEFAULT_INGRESS_NAMESPACE,
    },
    ...(gateway ? { gateway } : {}),
    dns: { namespace: def.dns?.namespace ?? DEFAULT_DNS_NAMESPACE, podLabels: def.dns?.podLabels ?? DEFAULT_DNS_POD_LABELS },
    nodePools: pools.map((pool, i) => ({ ...pool, ...topology.nodePools[i] })),
    priorityClasses,
    monitoring: {
      namespace: def.monitoring?.namespace ?? DEFAULT_MONITORING_NAMESPACE,
      prometheusOperator: def.monitoring?.prometheusOperator ?? false,
    },
    guardrails: { exceptions: [...(def.guardrails?.exceptions ?? [])], severity: { ...def.guardrails?.severity } },
    environments: [],
    hostsProtected: false,
    labelKeys: context.labelKeys,
    ...topology.cluster,
  };
}

/** A cluster as the upgrade-order rule sees it. */
export interface VersionedCluster {
  readonly name: string;
  /** The control-plane version, `v1.<minor>.<patch>`. */
  readonly kubernetesVersion: string;
  /** Whether the cluster hosts a protected environment. */
  readonly protected: boolean;
}

/**
 * Upgrade order: a new Kubernetes minor is tried outside production first, so a protected cluster may run no minor
 * newer than the newest minor an unprotected cluster runs. A platform without unprotected clusters has nowhere to try a
 * version first, and is not checked.
 */
export function checkUpgradeOrder(clusters: VersionedCluster[], report: IssueReporter): void {
  const minor = (c: VersionedCluster) => parseKubernetesVersion(c.kubernetesVersion)!.minor;
  const unprotected = clusters.filter((c) => !c.protected);
  // An unsupported version is reported by the cluster itself; comparing it would only repeat that.
  if (unprotected.length === 0 || clusters.some((c) => !findKubernetesRelease(minor(c)))) {
    return;
  }
  const newest = unprotected.reduce((a, b) => (minor(b) > minor(a) ? b : a));
  for (const cluster of clusters.filter((c) => c.protected && minor(c) > minor(newest))) {
    report(`cluster "${cluster.name}"`, 'kubernetesVersion', cluster.kubernetesVersion, 'a protected cluster may run only a minor that an '
      + `unprotected cluster already runs (the newest is cluster "${newest.name}" with v1.${minor(newest)}.x, ${newest.kubernetesVersion}): `
      + `upgrade an unprotected cluster to v1.${minor(cluster)} first, or keep this cluster at v1.${minor(newest)}`);
  }
}

/**
 * Resolves and checks the topology of one cluster whose fields the schema has already checked.
 *
 * @param def the parsed definition
 * @param pools the cluster's node pools with their foundation defaults, in definition order
 * @param hosted the environments placed on the cluster
 * @param report where problems go
 * @param environmentsPending whether an environment's own definition is invalid: a pool's environment that no hosted
 *   one answers may be it, and is then not reported
 */
export function resolveClusterTopology(
  def: ClusterDefinition, pools: ResolvedPoolBase[], hosted: HostedEnvironment[], report: ReportIssue, environmentsPending = false,
): ResolvedClusterTopology {
  const protectedEnvs = hosted.filter((e) => e.protected).map((e) => e.name);
  // The start of every message of a rule that protected environments impose, naming them.
  let whyProtected: string | undefined;
  if (protectedEnvs.length > 0) {
    whyProtected = protectedEnvs.length === 1
      ? `the cluster hosts protected environment ${q(protectedEnvs[0])}, which needs`
      : `the cluster hosts protected environments ${protectedEnvs.map(q).join(', ')}, which need`;
  }

  const kubernetesVersion = resolveVersion(def, report);
  // An unsupported version is reported; the rest resolves against the newest row so that every other problem is found too.
  const release = findKubernetesRelease(parseKubernetesVersion(kubernetesVersion)!.minor) ?? KUBERNETES_RELEASES[KUBERNETES_RELEASES.length - 1];
  const controlPlane = resolveControlPlane(def, whyProtected, report);
  const storage = resolveStorage(def, whyProtected, report);
  const nodePools = pools.map((pool, i) => resolvePool(def, i, pool, controlPlane, kubernetesVersion, hosted, report, environmentsPending));
  checkMachineNames(def, pools, nodePools, report);

  const etcdBackup = resolveBackup(def, storage, release, report);
  if (whyProtected && etcdBackup === undefined) {
    report('etcdBackup', undefined, `${whyProtected} etcd snapshots: declare etcdBackup, to storage that outlives the control-plane nodes`);
  }

  if (controlPlaneName(def.name).length > MAX_LABEL_VALUE) {
    report('name', def.name, `the KubeadmControlPlane "${controlPlaneName(def.name)}" would be ${controlPlaneName(def.name).length} characters; `
      + `Cluster API puts it in a label value (at most ${MAX_LABEL_VALUE}): shorten the cluster name`);
  }

  const infrastructure = def.clusterApi?.infrastructure;
  const render = (template: string, pool?: string) => template.split('{cluster}').join(def.name).split('{pool}').join(pool ?? '');
  const cluster: ClusterTopology = {
    kubernetesVersion,
    controlPlane,
    audit: resolveAudit(def, report),
    encryption: resolveEncryption(def, report),
    ...(etcdBackup ? { etcdBackup } : {}),
    storage,
    clusterApi: {
      namespace: def.clusterApi?.namespace ?? DEFAULT_CLUSTER_API_NAMESPACE,
      infrastructure: {
        apiVersion: infrastructure?.apiVersion ?? DEFAULT_INFRASTRUCTURE_API_VERSION,
        clusterKind: infrastructure?.clusterKind ?? DEFAULT_INFRASTRUCTURE_CLUSTER_KIND,
        clusterName: render(infrastructure?.clusterName ?? DEFAULT_INFRASTRUCTURE_CLUSTER_NAME),
        machineTemplateKind: infrastructure?.machineTemplateKind ?? DEFAULT_INFRASTRUCTURE_MACHINE_TEMPLATE_KIND,
        controlPlaneMachineTemplate: render(infrastructure?.controlPlaneMachineTemplate ?? DEFAULT_CONTROL_PLANE_MACHINE_TEMPLATE),
        nodePoolMachineTemplates: Object.fromEntries(pools.map((pool) => [
          pool.name, render(infrastructure?.nodePoolMachineTemplate ?? DEFAULT_NODE_POOL_MACHINE_TEMPLATE, pool.name),
        ])),
        // Docker machines are containers on the management host: no cloud, no cloud-controller-manager.
        externalCloudProvider: infrastructure?.externalCloudProvider
          ?? (infrastructure?.clusterKind ?? DEFAULT_INFRASTRUCTURE_CLUSTER_KIND) !== DEFAULT_INFRASTRUCTURE_CLUSTER_KIND,
      },
    },
    networking: resolveNetworking(def, report),
  };
  return { cluster, nodePools };
}

/** The control-plane version: a minor of the version table (lib/cluster/kubernetes-versions.ts). */
function resolveVersion(def: ClusterDefinition, report: ReportIssue): string {
  const parsed = parseKubernetesVersion(def.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION)!;
  if (parsed.major !== 1 || !findKubernetesRelease(parsed.minor)) {
    report('kubernetesVersion', def.kubernetesVersion, `expected v1.${MIN_SUPPORTED_MINOR}.0 to v1.${MAX_SUPPORTED_MINOR}.x: the minors the library `
      + 'supports (kubeadm, Cluster API, kind and Pod Security settings per minor are in docs/clusters.md, "Supported versions")');
  }
  return formatKubernetesVersion(parsed);
}

/**
 * Pod and Service ranges: valid CIDRs given by their network address, one per IP family, Service ranges of a family
 * the pods have, no larger than kube-apiserver accepts, and apart from the pod ranges.
 */
function resolveNetworking(def: ClusterDefinition, report: ReportIssue): ClusterNetworking {
  const podSubnets = [...(def.networking?.podSubnets ?? DEFAULT_POD_SUBNETS)];
  const serviceSubnets = [...(def.networking?.serviceSubnets ?? DEFAULT_SERVICE_SUBNETS)];
  const pods = checkSubnets('networking.podSubnets', podSubnets, report);
  const services = checkSubnets('networking.serviceSubnets', serviceSubnets, report);
  const family = (range: AddressRange) => `IPv${range.family}`;
  for (const service of services) {
    const path = `networking.serviceSubnets[${service.index}]`;
    const hostBits = (service.range.family === 4 ? 32 : 128) - service.range.prefix;
    if (hostBits > MAX_SERVICE_SUBNET_HOST_BITS) {
      report(path, service.text, `expected at most ${MAX_SERVICE_SUBNET_HOST_BITS} host bits (a /${(service.range.family === 4 ? 32 : 128)
        - MAX_SERVICE_SUBNET_HOST_BITS} or longer prefix for ${family(service.range)}): kube-apiserver and kubeadm refuse larger Service ranges`);
    }
    if (pods.length > 0 && !pods.some((pod) => pod.range.family === service.range.family)) {
      report(path, service.text, `expected a range of a family the pods have (networking.podSubnets: ${pods.map((p) => family(p.range)).join(', ')}): `
        + 'a Service forwards to pod IPs of its own family; for a dual-stack cluster declare a pod range of each family');
    }
    const pod = pods.find((p) => cidrsOverlap(p.range, service.range));
    if (pod) {
      report(path, service.text, `expected a range apart from networking.podSubnets[${pod.index}] (${pod.text}): kube-proxy rewrites traffic `
        + 'to a Service IP, so a pod holding an address of both ranges could not be reached, and policies could not tell the two apart');
    }
  }
  return { podSubnets, serviceSubnets };
}

/** The valid entries of a list of pod or Service ranges, with their index; reports the others, and a second range of one family. */
function checkSubnets(path: string, texts: readonly string[], report: ReportIssue): Array<{ range: AddressRange; index: number; text: string }> {
  const ONE_PER_FAMILY = 'one IPv4 CIDR, one IPv6 CIDR, or one of each (dual-stack)';
  if (texts.length === 0) {
    report(path, texts, `expected ${ONE_PER_FAMILY}`);
  }
  const out: Array<{ range: AddressRange; index: number; text: string }> = [];
  texts.forEach((text, index) => {
    const range = parseCidr(text);
    if (!range) {
      report(`${path}[${index}]`, text, 'expected an IPv4 or IPv6 CIDR such as 10.244.0.0/16 or fd00:10:244::/56');
      return;
    }
    if (range.hostBitsSet) {
      // Its text becomes the except of rendered ipBlocks, where the API server checks CIDRs strictly.
      report(`${path}[${index}]`, text, `expected the network address of the range, with no host bits set: ${formatCidr(range)}`);
    }
    const same = out.find((other) => other.range.family === range.family);
    if (same) {
      report(`${path}[${index}]`, text, `expected ${ONE_PER_FAMILY}; ${path}[${same.index}] is IPv${range.family} already`);
      return;
    }
    out.push({ range, index, text });
  });
  return out;
}

/**
 * The API servers' addresses are CIDRs apart from the pod and Service ranges: an egress policy to them is an ipBlock,
 * which on most network plugins also selects the pods whose addresses it holds.
 */
function checkApiServerAddresses(def: ClusterDefinition, addresses: readonly string[], report: ReportIssue): string[] {
  const ranges = [
    ...(def.networking?.podSubnets ?? DEFAULT_POD_SUBNETS).map((text) => ['networking.podSubnets', text] as const),
    ...(def.networking?.serviceSubnets ?? DEFAULT_SERVICE_SUBNETS).map((text) => ['networking.serviceSubnets', text] as const),
  ];
  addresses.forEach((text, i) => {
    const range = parseCidr(text);
    if (!range || range.hostBitsSet) {
      report(`controlPlane.apiServer.addresses[${i}]`, text, range
        ? `expected a network address (no host bits set), such as ${formatCidr(range)}`
        : 'expected an IPv4 or IPv6 CIDR such as 10.0.0.0/24 or 192.0.2.10/32');
      return;
    }
    const overlap = ranges.find(([, other]) => {
      const parsed = parseCidr(other);
      return parsed !== undefined && cidrsOverlap(parsed, range);
    });
    if (overlap) {
      report(`controlPlane.apiServer.addresses[${i}]`, text, `expected the API servers' own addresses, apart from the cluster's ${overlap[0]} `
        + `(${overlap[1]}): an egress policy to a range that holds pod or Service addresses would open those pods too`);
    }
  });
  return [...addresses];
}

function resolveControlPlane(def: ClusterDefinition, whyProtected: string | undefined, report: ReportIssue): ControlPlane {
  const cp = def.controlPlane ?? {};
  const replicas = cp.replicas ?? 1;
  const zones = cp.zones ?? [];
  const highlyAvailable = replicas > 1;
  checkUnique('controlPlane.zones', zones, 'each zone once', report);

  if (whyProtected && !highlyAvailable) {
    report('controlPlane.replicas', replicas, `${whyProtected} a highly available control plane: 3, 5 or 7 replicas over at least as many `
      + 'zones, behind an endpoint');
  }
  if (highlyAvailable && cp.endpoint === undefined) {
    report('controlPlane.endpoint', undefined, `a highly available control plane (${replicas} replicas) needs the load balancer in front of its `
      + 'API servers: set controlPlane.endpoint.host (and port, default 6443)');
  }
  // Fewer zones than replicas is refused, so that each zone holds at most one member and a zone outage costs at most one;
  // and at least three zones, because of two zones one holds a majority of the members.
  const neededZones = Math.max(MIN_HA_ZONES, replicas);
  if (highlyAvailable && new Set(zones).size < neededZones) {
    report('controlPlane.zones', cp.zones, `expected at least ${neededZones} zones for ${replicas} replicas: a highly available control plane `
      + 'puts one node in each zone, over at least three zones, so that losing a zone costs etcd at most one member');
  }

  const etcd = cp.etcd ?? { kind: EtcdKind.STACKED };
  if (etcd.kind === EtcdKind.EXTERNAL && highlyAvailable && etcd.endpoints.length < MIN_HA_ZONES) {
    report('controlPlane.etcd.endpoints', etcd.endpoints, 'a highly available control plane needs a highly available etcd: 3, 5 or 7 members');
  }
  return {
    replicas,
    highlyAvailable,
    zones: [...new Set(zones)],
    ...(cp.endpoint ? { endpoint: { host: cp.endpoint.host, port: cp.endpoint.port ?? DEFAULT_API_SERVER_PORT } } : {}),
    certSANs: [...new Set([...(cp.endpoint ? [cp.endpoint.host] : []), ...(cp.certSANs ?? [])])],
    ...(cp.apiServer ? {
      apiServer: { addresses: checkApiServerAddresses(def, cp.apiServer.addresses, report), port: cp.apiServer.port ?? DEFAULT_API_SERVER_PORT },
    } : {}),
    etcd: etcd.kind === EtcdKind.STACKED
      ? { kind: EtcdKind.STACKED, dataDir: etcd.dataDir ?? DEFAULT_ETCD_DATA_DIR }
      : {
        kind: EtcdKind.EXTERNAL,
        endpoints: [...etcd.endpoints],
        caFile: etcd.caFile ?? DEFAULT_EXTERNAL_ETCD_CA_FILE,
        certFile: etcd.certFile ?? DEFAULT_EXTERNAL_ETCD_CERT_FILE,
        keyFile: etcd.keyFile ?? DEFAULT_EXTERNAL_ETCD_KEY_FILE,
      },
  };
}

function resolveAudit(def: ClusterDefinition, report: ReportIssue): Audit {
  const rules = (def.audit?.rules ?? []).map((rule, i) => {
    // The API server refuses such a policy: a rule matches API resources or non-resource URLs, never both.
    if (rule.nonResourceURLs !== undefined && (rule.resources !== undefined || rule.namespaces !== undefined)) {
      report(`audit.rules[${i}]`, rule, 'a rule matches either resources (resources, namespaces) or nonResourceURLs, not both; split it in two');
    }
    return {
      level: rule.level,
      ...(rule.users ? { users: [...rule.users] } : {}),
      ...(rule.userGroups ? { userGroups: [...rule.userGroups] } : {}),
      ...(rule.verbs ? { verbs: [...rule.verbs] } : {}),
      ...(rule.resources ? {
        resources: rule.resources.map((r) => ({
          group: r.group ?? '',
          ...(r.resources ? { resources: [...r.resources] } : {}),
          ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
        })),
      } : {}),
      ...(rule.namespaces ? { namespaces: [...rule.namespaces] } : {}),
      ...(rule.nonResourceURLs ? { nonResourceURLs: [...rule.nonResourceURLs] } : {}),
    };
  });
  return {
    preset: def.audit?.preset ?? DEFAULT_AUDIT_PRESET,
    rules,
    maxAgeDays: def.audit?.maxAgeDays ?? DEFAULT_AUDIT_MAX_AGE_DAYS,
    maxBackups: def.audit?.maxBackups ?? DEFAULT_AUDIT_MAX_BACKUPS,
    maxSizeMiB: def.audit?.maxSizeMiB ?? DEFAULT_AUDIT_MAX_SIZE_MIB,
  };
}

function resolveEncryption(def: ClusterDefinition, report: ReportIssue): KmsEncryption | LocalKeyEncryption {
  const encryption = def.encryption;
  if (encryption?.kind === EncryptionKind.KMS) {
    const plugin = encryption.plugin;
    return {
      kind: EncryptionKind.KMS,
      plugin: plugin.providedBy === KmsPluginProvider.STATIC_POD
        ? { providedBy: plugin.providedBy, image: plugin.image, args: [...(plugin.args ?? [])] }
        : { providedBy: plugin.providedBy, args: [] },
      name: encryption.name,
      endpoint: encryption.endpoint,
      timeoutSeconds: encryption.timeoutSeconds ?? DEFAULT_KMS_TIMEOUT_SECONDS,
      resources: [...(encryption.resources ?? DEFAULT_ENCRYPTED_RESOURCES)],
    };
  }
  const keys = encryption?.keys ?? [DEFAULT_ENCRYPTION_KEY];
  checkUnique('encryption.keys', keys, 'each key once', report);
  return {
    kind: EncryptionKind.LOCAL,
    algorithm: encryption?.algorithm ?? DEFAULT_ENCRYPTION_ALGORITHM,
    keys: [...keys],
    resources: [...(encryption?.resources ?? DEFAULT_ENCRYPTED_RESOURCES)],
  };
}

function resolveStorage(def: ClusterDefinition, whyProtected: string | undefined, report: ReportIssue): ClusterStorage {
  const declared = def.storage?.classes ?? [];
  checkUnique('storage.classes[].name', declared.map((c) => c.name), 'StorageClass names are unique in a cluster', report);
  if (whyProtected && declared.length === 0) {
    report('storage.classes', def.storage?.classes, `${whyProtected} StorageClasses that retain their volumes: declare the classes, `
      + 'with reclaimPolicy Retain, so that deleting a claim never deletes the data');
  }
  const classes: StorageClass[] = declared.map((c, i) => {
    if (whyProtected && c.reclaimPolicy === ReclaimPolicy.DELETE) {
      report(`storage.classes[${i}].reclaimPolicy`, c.reclaimPolicy, `${whyProtected} "${ReclaimPolicy.RETAIN}", so that deleting a claim `
        + 'never deletes the data');
    }
    return {
      name: c.name,
      provisioner: c.provisioner,
      parameters: { ...c.parameters },
      reclaimPolicy: c.reclaimPolicy ?? (whyProtected ? ReclaimPolicy.RETAIN : ReclaimPolicy.DELETE),
      volumeBindingMode: c.volumeBindingMode ?? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: c.allowVolumeExpansion ?? true,
    };
  });
  const defaultClass = def.storage?.defaultClass ?? classes[0]?.name ?? DEFAULT_STORAGE_CLASS;
  if (classes.length > 0 && !classes.some((c) => c.name === defaultClass)) {
    report('storage.defaultClass', defaultClass, `expected one of the declared classes: ${[...new Set(classes.map((c) => q(c.name)))].join(', ')}`);
  }
  return { defaultClass, classes };
}

function resolveBackup(def: ClusterDefinition, storage: ClusterStorage, release: KubernetesRelease, report: ReportIssue): EtcdBackup | undefined {
  const backup = def.etcdBackup;
  if (!backup) {
    return undefined;
  }
  const common = {
    schedule: backup.schedule ?? DEFAULT_ETCD_BACKUP_SCHEDULE,
    retention: backup.retention ?? DEFAULT_ETCD_BACKUP_RETENTION,
    image: backup.image ?? release.etcdImage,
  };
  const target = backup.target;
  if (target.kind === BackupTargetKind.S3) {
    return {
      ...common,
      target: {
        kind: BackupTargetKind.S3,
        bucket: target.bucket,
        region: target.region,
        prefix: target.prefix ?? `${def.name}/etcd`,
        ...(target.endpoint ? { endpoint: target.endpoint } : {}),
        credentialsSecret: target.credentialsSecret,
      },
    };
  }
  const storageClass = target.storageClass ?? storage.defaultClass;
  const retained = storage.classes.filter((c) => c.reclaimPolicy === ReclaimPolicy.RETAIN).map((c) => q(c.name));
  if (!retained.includes(q(storageClass))) {
    const origin = target.storageClass === undefined ? ' (the default class)' : '';
    report('etcdBackup.target.storageClass', storageClass, (retained.length > 0
      ? `expected one of the cluster's storage.classes with reclaimPolicy Retain: ${retained.join(', ')}`
      : 'expected a class declared in storage.classes with reclaimPolicy Retain')
      + `${origin}, so that the snapshots outlive their claim and the node`);
  }
  const accessMode = target.accessMode ?? VolumeAccessMode.READ_WRITE_MANY;
  if (accessMode === VolumeAccessMode.READ_WRITE_ONCE) {
    report('etcdBackup.target.accessMode', accessMode, 'a ReadWriteOnce volume attaches only in its own zone, and the snapshot job runs on the '
      + 'control-plane nodes, so the snapshots would stay in the control plane\'s own failure domain; keep them in a separate location: an S3 target '
      + '(etcdBackup.target.kind "s3"), or a ReadWriteMany class served from outside the control plane (EFS, NFS)');
  }
  return {
    ...common,
    target: {
      kind: BackupTargetKind.VOLUME,
      claimName: ETCD_BACKUP_CLAIM,
      storageClass,
      size: target.size ?? DEFAULT_ETCD_BACKUP_SIZE,
      accessMode,
    },
  };
}

function resolvePool(
  def: ClusterDefinition, index: number, pool: ResolvedPoolBase, controlPlane: ControlPlane, clusterVersion: string,
  hosted: HostedEnvironment[], report: ReportIssue, environmentsPending: boolean,
): NodePoolTopology {
  const path = `nodePools[${index}]`;
  const poolDef = def.nodePools![index];
  checkUnique(`${path}.zones`, poolDef.zones ?? [], 'each zone once', report);
  const zones = [...new Set(poolDef.zones ?? controlPlane.zones)];

  const minSize = poolDef.minSize ?? DEFAULT_NODE_POOL_MIN_SIZE;
  const maxSize = poolDef.maxSize ?? minSize;
  if (maxSize < minSize) {
    report(`${path}.maxSize`, maxSize, `expected at least minSize (${minSize})`);
  } else if (maxSize === 0) {
    report(`${path}.maxSize`, maxSize, 'expected at least 1 node per zone: a pool that never has a node serves no environment');
  }

  const kubernetesVersion = resolvePoolVersion(`${path}.kubernetesVersion`, poolDef.kubernetesVersion, clusterVersion, report);

  for (const [key, value] of Object.entries(pool.labels)) {
    if (key === ZONE_LABEL) {
      report(`${path}.labels.${key}`, value, `the platform sets ${ZONE_LABEL} from the pool's zones; set zones instead`);
    } else if (isRestrictedNodeLabel(key)) {
      report(`${path}.labels.${key}`, value, 'kubelets cannot set labels under kubernetes.io/ or k8s.io/ on their Node (NodeRestriction admission); '
        + 'use a prefix of your own, such as platform.example.com/');
    }
  }

  for (const zone of zones.length > 0 ? zones : [undefined]) {
    const name = machineDeploymentName(def.name, pool.name, zone);
    if (name.length > MAX_LABEL_VALUE) {
      report(`${path}.name`, pool.name, `the MachineDeployment "${name}"${zone ? ` of zone "${zone}"` : ''} would be ${name.length} characters; `
        + `Cluster API puts it in a label value (at most ${MAX_LABEL_VALUE}): shorten the cluster, pool or zone name`);
    }
  }

  const asking = hosted.filter((e) => e.nodePool === pool.name).map((e) => e.name);
  if (poolDef.environments !== undefined) {
    poolDef.environments.forEach((name, j) => {
      const env = hosted.find((e) => e.name === name);
      if (!env && environmentsPending) {
        return;
      }
      if (!env) {
        report(`${path}.environments[${j}]`, name, hosted.length > 0
          ? `expected an environment of cluster "${def.name}": ${hosted.map((e) => q(e.name)).join(', ')}`
          : `cluster "${def.name}" hosts no environments`);
      } else if (env.nodePool !== pool.name) {
        report(`${path}.environments[${j}]`, name, `environment "${name}" is ${env.nodePool ? `pinned to node pool "${env.nodePool}"` : 'not pinned '
          + 'to a node pool'}; set its nodePool to "${pool.name}" or remove it here`);
      }
    });
    for (const name of asking.filter((e) => !poolDef.environments!.includes(e))) {
      report(`${path}.environments`, poolDef.environments, `environment "${name}" asks for node pool "${pool.name}" (nodePool), which must serve it; `
        + `add "${name}" here`);
    }
  }
  const allocatable = poolDef.allocatable;
  if (allocatable !== undefined) checkAllocatable(`${path}.allocatable`, allocatable, report);
  return { zones, minSize, maxSize, kubernetesVersion, environments: asking, ...(allocatable ? { allocatable: { ...allocatable } } : {}) };
}

/**
 * Each pool in each zone gets Cluster API objects (and a kubeadm file) named `<cluster>-<pool>[-<zone>]`, and the
 * control plane `<cluster>-control-plane`: no two may share a name.
 */
function checkMachineNames(def: ClusterDefinition, pools: ResolvedPoolBase[], topologies: NodePoolTopology[], report: ReportIssue): void {
  const owners = new Map<string, string>([[controlPlaneName(def.name), 'the control plane']]);
  pools.forEach((pool, i) => {
    if (pools.findIndex((p) => p.name === pool.name) < i) {
      return; // a duplicate pool name, reported as such
    }
    for (const zone of topologies[i].zones.length > 0 ? topologies[i].zones : [undefined]) {
      const name = machineDeploymentName(def.name, pool.name, zone);
      const owner = owners.get(name);
      if (owner) {
        report(`nodePools[${i}].name`, pool.name, `its MachineDeployment${zone ? ` in zone "${zone}"` : ''} would be named "${name}", like that of `
          + `${owner}; rename the pool`);
      }
      owners.set(name, zone ? `node pool "${pool.name}" in zone "${zone}"` : `node pool "${pool.name}"`);
    }
  });
}

/** A pool's kubelet version: not newer than the control plane, and at most as much older as the skew policy allows. */
function resolvePoolVersion(path: string, declared: string | undefined, clusterVersion: string, report: ReportIssue): string {
  if (declared === undefined) {
    return clusterVersion;
  }
  const pool = parseKubernetesVersion(declared)!;
  const control = parseKubernetesVersion(clusterVersion)!;
  // Oldest kubelet minor: three behind, but kubelets older than 1.25 only two behind.
  const oldest = Math.min(control.minor - MAX_KUBELET_SKEW_BEFORE_1_25, Math.max(control.minor - MAX_KUBELET_SKEW, KUBELET_SKEW_3_FROM_MINOR));
  if (pool.major !== control.major || pool.minor > control.minor || pool.minor < oldest) {
    report(path, declared, `expected v1.${oldest} to v1.${control.minor} (control plane ${clusterVersion}): a kubelet must not be newer than `
      + 'kube-apiserver, and may be up to three minor versions older (two for kubelets older than 1.25)');
  }
  return formatKubernetesVersion(pool);
}

/** Whether NodeRestriction refuses a kubelet setting this label on its own Node. */
function isRestrictedNodeLabel(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const domain = key.slice(0, slash);
  const restricted = ['kubernetes.io', 'k8s.io'].some((d) => domain === d || domain.endsWith(`.${d}`));
  return restricted && !KUBELET_LABELS.includes(key) && !KUBELET_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix));
}

function checkUnique(path: string, values: string[], why: string, report: ReportIssue): void {
  values.forEach((value, i) => {
    if (values.indexOf(value) < i) {
      report(path, value, `duplicate; ${why}`);
    }
  });
}

/** Reports each name an earlier entry already has (every repetition, the first occurrence excepted). */
function checkUniqueNames(path: string, names: string[], why: string, report: ReportIssue): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      report(path, name, `duplicate name; ${why}`);
    }
    seen.add(name);
  }
}

function q(name: string): string {
  return `"${name}"`;
}

/**
 * The cluster's Gateway with its defaults, when it routes through the Gateway API. A cluster routes one way (an
 * `ingress` section beside `gateway` would configure nothing), and the Gateway's namespaces are not Kubernetes' own.
 */
function resolveGateway(def: ClusterDefinition, report: ReportIssue): ClusterGateway | undefined {
  if (!def.gateway) return undefined;
  if (def.ingress) {
    report('ingress', def.ingress, 'a cluster with a gateway routes through the Gateway API only; remove `ingress`, or `gateway` to keep Ingresses');
  }
  const namespace = def.gateway.namespace ?? DEFAULT_GATEWAY_NAMESPACE;
  const dataPlaneNamespace = def.gateway.dataPlaneNamespace ?? namespace;
  for (const [field, value] of [['gateway.namespace', namespace], ['gateway.dataPlaneNamespace', dataPlaneNamespace]] as const) {
    if (RESERVED_NAMESPACES.includes(value)) {
      const reserved = RESERVED_NAMESPACES.map((n) => `"${n}"`).join(', ');
      report(field, value, `expected a namespace of the gateway's own, not one of Kubernetes' (${reserved})`);
    }
  }
  return {
    name: def.gateway.name ?? DEFAULT_GATEWAY_NAME,
    namespace,
    className: def.gateway.className,
    dataPlaneNamespace,
    clusterIssuer: def.gateway.clusterIssuer ?? DEFAULT_CLUSTER_ISSUER,
  };
}

/** The smallest memory a node can be declared to offer; anything less is a unit slip (`28m`, `28k`). */
const MIN_NODE_MEMORY = 2 ** 20;

/**
 * A node's declared allocatable must offer something: CPU above zero, memory of at least 1Mi. (Memory in milli-units is
 * refused by the schema, like every byte quantity: `bytes()` in core/schema.ts.)
 */
function checkAllocatable(path: string, allocatable: NodeAllocatableDefinition, report: ReportIssue): void {
  if ((parseQuantity(allocatable.cpu) ?? 0) <= 0) {
    report(`${path}.cpu`, allocatable.cpu, 'expected more than 0 CPU per node, such as "7910m" or "8"');
  }
  if ((parseQuantity(allocatable.memory) ?? 0) < MIN_NODE_MEMORY) {
    report(`${path}.memory`, allocatable.memory, 'expected at least 1Mi of memory per node, such as "28Gi"');
  }
}
