import { isIP } from 'node:net';
import * as path from 'node:path';
import { CONTROL_PLANE_NODE_LABEL } from '../cluster-defaults';
import { EncryptionKind, EtcdKind, KmsPluginProvider } from '../cluster-types';
import { Cluster } from '../cluster-model';
import { nodeLabelsFlag, nodeTaints, poolPlacements } from '../_placements';
import { minorOf } from '../../core/kubernetes-version';
import { kubernetesRelease } from '../kubernetes-versions';
import { ArtefactFile, ClusterArtefact } from './cluster-artefact';

/**
 * The kubeadm configuration API of the cluster's minor (`kubeadm.k8s.io/v1beta4` for every supported minor; kubeadm
 * 1.36 no longer reads v1beta3), from the version table.
 * @see https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/
 */
export function kubeadmApiVersion(cluster: Cluster): string {
  return kubernetesRelease(minorOf(cluster.kubernetesVersion)).kubeadmApiVersion;
}

/** Where each control-plane node keeps the audit policy and the API server writes the audit log. */
export const AUDIT_POLICY_DIR = '/etc/kubernetes/audit';
export const AUDIT_POLICY_FILE = `${AUDIT_POLICY_DIR}/policy.yaml`;
export const AUDIT_LOG_DIR = '/var/log/kubernetes/audit';
export const AUDIT_LOG_FILE = `${AUDIT_LOG_DIR}/audit.log`;

/** Where each control-plane node keeps the EncryptionConfiguration (mode 0600: with local keys it holds key material). */
export const ENCRYPTION_CONFIG_DIR = '/etc/kubernetes/encryption';
export const ENCRYPTION_CONFIG_FILE = `${ENCRYPTION_CONFIG_DIR}/config.yaml`;

/** The taint that keeps workloads off control-plane nodes. */
export const CONTROL_PLANE_TAINT = { key: CONTROL_PLANE_NODE_LABEL, effect: 'NoSchedule' };

/**
 * Values only known when a node is provisioned, written as `${NAME}` for `envsubst`: the bootstrap token, the hash of
 * the cluster CA (both from `kubeadm token create --print-join-command`), the key that decrypts the certificates
 * `kubeadm init --upload-certs` uploaded, and (without an endpoint) the first control-plane node's address.
 */
export const KUBEADM_TOKEN = '${KUBEADM_TOKEN}';
export const KUBEADM_CA_CERT_HASH = '${KUBEADM_CA_CERT_HASH}';
export const KUBEADM_CERTIFICATE_KEY = '${KUBEADM_CERTIFICATE_KEY}';
export const KUBEADM_API_SERVER_ENDPOINT = '${KUBEADM_API_SERVER_ENDPOINT}';

/** A host directory mounted into a control-plane static pod (kubeadm `HostPathMount`). */
export interface HostPathMount {
  readonly name: string;
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly pathType: string;
}

/** A flag of a component, without its leading dashes: kubeadm v1beta4 and Cluster API v1beta2 list flags as `{ name, value }`. */
export interface ExtraArg {
  readonly name: string;
  readonly value: string;
}

/** Flags of a component, in the order they are passed (v1beta4 allows a flag more than once). */
export type ExtraArgs = ExtraArg[];

/** `{ flag: value }` as a v1beta4 argument list, in the order given. */
export function extraArgs(flags: { readonly [flag: string]: string }): ExtraArgs {
  return Object.entries(flags).map(([name, value]) => ({ name, value }));
}

/** The part of a kubeadm ClusterConfiguration that configures the control-plane components. */
export interface ControlPlaneComponents {
  readonly etcd: {
    readonly local?: { readonly dataDir: string };
    readonly external?: { readonly endpoints: string[]; readonly caFile: string; readonly certFile: string; readonly keyFile: string };
  };
  readonly apiServer: { readonly certSANs?: string[]; readonly extraArgs: ExtraArgs; readonly extraVolumes: HostPathMount[] };
  readonly controllerManager: { readonly extraArgs: ExtraArgs };
  readonly scheduler: { readonly extraArgs: ExtraArgs };
}

/**
 * The control-plane components' settings, shared word for word by the kubeadm files and the KubeadmControlPlane:
 * etcd; an API server that audits to a rotated log, encrypts at rest, authorizes with Node and RBAC, admits with
 * NodeRestriction and serves no profiling; controller manager and scheduler with leader election (several replicas
 * must not act at once) and no profiling; and the host directories those flags need.
 */
export function controlPlaneComponents(cluster: Cluster): ControlPlaneComponents {
  const { audit, controlPlane, encryption } = cluster;
  const extraVolumes: HostPathMount[] = [
    { name: 'audit-policy', hostPath: AUDIT_POLICY_DIR, mountPath: AUDIT_POLICY_DIR, readOnly: true, pathType: 'DirectoryOrCreate' },
    { name: 'audit-log', hostPath: AUDIT_LOG_DIR, mountPath: AUDIT_LOG_DIR, readOnly: false, pathType: 'DirectoryOrCreate' },
    { name: 'encryption-config', hostPath: ENCRYPTION_CONFIG_DIR, mountPath: ENCRYPTION_CONFIG_DIR, readOnly: true, pathType: 'DirectoryOrCreate' },
  ];
  if (encryption.kind === EncryptionKind.KMS) {
    // The API server dials the plugin's socket, which needs write access to it.
    const socketDir = kmsSocketDir(encryption.endpoint);
    extraVolumes.push({ name: 'kms-plugin', hostPath: socketDir, mountPath: socketDir, readOnly: false, pathType: 'DirectoryOrCreate' });
  }
  const etcd = controlPlane.etcd.kind === EtcdKind.STACKED
    ? { local: { dataDir: controlPlane.etcd.dataDir } }
    : {
      external: {
        endpoints: [...controlPlane.etcd.endpoints],
        caFile: controlPlane.etcd.caFile,
        certFile: controlPlane.etcd.certFile,
        keyFile: controlPlane.etcd.keyFile,
      },
    };
  const leaderElected = extraArgs({ 'leader-elect': 'true', profiling: 'false' });
  return {
    etcd,
    apiServer: {
      ...(controlPlane.certSANs.length > 0 ? { certSANs: [...controlPlane.certSANs] } : {}),
      extraArgs: extraArgs({
        'audit-log-maxage': String(audit.maxAgeDays),
        'audit-log-maxbackup': String(audit.maxBackups),
        'audit-log-maxsize': String(audit.maxSizeMiB),
        'audit-log-path': AUDIT_LOG_FILE,
        'audit-policy-file': AUDIT_POLICY_FILE,
        'authorization-mode': 'Node,RBAC',
        'enable-admission-plugins': 'NodeRestriction',
        'encryption-provider-config': ENCRYPTION_CONFIG_FILE,
        profiling: 'false',
      }),
      extraVolumes,
    },
    controllerManager: { extraArgs: leaderElected.map((arg) => ({ ...arg })) },
    scheduler: { extraArgs: leaderElected.map((arg) => ({ ...arg })) },
  };
}

/** Where kubelet reads static pods on every node (kubeadm's default `staticPodPath`). */
export const STATIC_POD_DIR = '/etc/kubernetes/manifests';

/** The static pod file of the KMS plugin, on each control-plane node. */
export const KMS_PLUGIN_FILE = `${STATIC_POD_DIR}/kms-plugin.yaml`;

/** The directory of a `unix://` socket. */
function kmsSocketDir(endpoint: string): string {
  return path.posix.dirname(endpoint.replace(/^unix:\/\//, ''));
}

/**
 * The KMS plugin as a static pod of each control-plane node, when the cluster says the platform provides it
 * (`plugin.providedBy: static-pod`); `undefined` otherwise. It runs on the host network, because it must reach the KMS
 * (and the cloud's instance metadata) before any pod network exists, and shares the socket directory with the API
 * server.
 */
export function kmsPluginStaticPod(cluster: Cluster): any {
  const encryption = cluster.encryption;
  if (encryption.kind !== EncryptionKind.KMS || encryption.plugin.providedBy !== KmsPluginProvider.STATIC_POD) {
    return undefined;
  }
  const socketDir = kmsSocketDir(encryption.endpoint);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'kms-plugin', namespace: 'kube-system', labels: { component: 'kms-plugin', tier: 'control-plane' } },
    spec: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      containers: [{
        name: 'kms-plugin',
        image: encryption.plugin.image,
        ...(encryption.plugin.args.length > 0 ? { args: [...encryption.plugin.args] } : {}),
        volumeMounts: [{ name: 'kms-socket', mountPath: socketDir }],
      }],
      volumes: [{ name: 'kms-socket', hostPath: { path: socketDir, type: 'DirectoryOrCreate' } }],
    },
  };
}

/** `host:port` of the control-plane endpoint (IPv6 hosts in brackets), when the cluster has one. */
export function controlPlaneEndpoint(cluster: Cluster): string | undefined {
  const endpoint = cluster.controlPlane.endpoint;
  if (!endpoint) {
    return undefined;
  }
  return isIP(endpoint.host) === 6 ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

/** The ClusterConfiguration of `kubeadm init`. */
export function clusterConfiguration(cluster: Cluster): any {
  const endpoint = controlPlaneEndpoint(cluster);
  return {
    apiVersion: kubeadmApiVersion(cluster),
    kind: 'ClusterConfiguration',
    clusterName: cluster.name,
    kubernetesVersion: cluster.kubernetesVersion,
    ...(endpoint ? { controlPlaneEndpoint: endpoint } : {}),
    // The cluster's declared ranges, which its NetworkPolicies except from address blocks; comma-separated for
    // dual-stack (kubeadm v1beta4 Networking: podSubnet, serviceSubnet).
    networking: { podSubnet: cluster.networking.podSubnets.join(','), serviceSubnet: cluster.networking.serviceSubnets.join(',') },
    ...controlPlaneComponents(cluster),
  };
}

/** The InitConfiguration of the first control-plane node. */
export function initConfiguration(cluster: Cluster): any {
  return { apiVersion: kubeadmApiVersion(cluster), kind: 'InitConfiguration', nodeRegistration: { taints: [{ ...CONTROL_PLANE_TAINT }] } };
}

/** How a joining node finds and trusts the control plane: bootstrap-token discovery pinned to the cluster CA. */
function discovery(cluster: Cluster): any {
  return {
    bootstrapToken: {
      apiServerEndpoint: controlPlaneEndpoint(cluster) ?? KUBEADM_API_SERVER_ENDPOINT,
      token: KUBEADM_TOKEN,
      caCertHashes: [KUBEADM_CA_CERT_HASH],
    },
  };
}

/**
 * The JoinConfiguration of the other control-plane nodes; `undefined` without an endpoint, since kubeadm only adds
 * control-plane nodes behind a `controlPlaneEndpoint`.
 */
export function controlPlaneJoinConfiguration(cluster: Cluster): any {
  if (!cluster.controlPlane.endpoint) {
    return undefined;
  }
  return {
    apiVersion: kubeadmApiVersion(cluster),
    kind: 'JoinConfiguration',
    discovery: discovery(cluster),
    controlPlane: { certificateKey: KUBEADM_CERTIFICATE_KEY },
    nodeRegistration: { taints: [{ ...CONTROL_PLANE_TAINT }] },
  };
}

/** The JoinConfiguration of a node of a pool in a zone: the pool's labels, the zone label and the pool's taints. */
export function workerJoinConfiguration(cluster: Cluster, nodeLabels: { readonly [key: string]: string }, taints: any[]): any {
  return {
    apiVersion: kubeadmApiVersion(cluster),
    kind: 'JoinConfiguration',
    discovery: discovery(cluster),
    nodeRegistration: { kubeletExtraArgs: extraArgs({ 'node-labels': nodeLabelsFlag(nodeLabels) }), taints },
  };
}

/**
 * The kubeadm files of a cluster: `kubeadm/init.yaml` (`kubeadm init --config`, first control-plane node),
 * `kubeadm/kms-plugin.yaml` (a static pod for `/etc/kubernetes/manifests/` of every control-plane node, when the
 * platform provides the KMS plugin),
 * `kubeadm/join-control-plane.yaml` (`kubeadm join --config`, the other control-plane nodes) and one
 * `kubeadm/join-<pool>[-<zone>].yaml` per node pool and zone.
 */
export function kubeadmFiles(cluster: Cluster): ArtefactFile[] {
  const files: ArtefactFile[] = [{ path: 'kubeadm/init.yaml', documents: [initConfiguration(cluster), clusterConfiguration(cluster)] }];
  const kmsPlugin = kmsPluginStaticPod(cluster);
  if (kmsPlugin) {
    files.push({ path: 'kubeadm/kms-plugin.yaml', documents: [kmsPlugin] });
  }
  const joinControlPlane = controlPlaneJoinConfiguration(cluster);
  if (joinControlPlane) {
    files.push({ path: 'kubeadm/join-control-plane.yaml', documents: [joinControlPlane] });
  }
  for (const placement of poolPlacements(cluster)) {
    const file = `kubeadm/join-${placement.name.slice(cluster.name.length + 1)}.yaml`;
    files.push({ path: file, documents: [workerJoinConfiguration(cluster, placement.nodeLabels, nodeTaints(placement.pool))] });
  }
  return files;
}

/** The kubeadm configurations, {@link kubeadmFiles}. */
export const kubeadmArtefact: ClusterArtefact = { files: kubeadmFiles };
