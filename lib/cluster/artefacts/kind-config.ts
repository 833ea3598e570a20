import { ZONE_LABEL } from '../cluster-defaults';
import { minorOf } from '../../core/kubernetes-version';
import { Cluster } from '../cluster-model';
import { kubernetesRelease } from '../kubernetes-versions';
import { nodeTaints, poolPlacements } from '../_placements';
import { yamlDocuments } from '../_yaml';
import { ArtefactFile, ClusterArtefact } from './cluster-artefact';

/** API version of kind's cluster configuration. */
export const KIND_API_VERSION = 'kind.x-k8s.io/v1alpha4';

/**
 * A kind Cluster (kind.x-k8s.io/v1alpha4) with the cluster's topology, for a disposable local copy: as many
 * control-plane nodes as the cluster has replicas (kind puts a load balancer in front of more than one), each labelled
 * with its zone, and one worker per node pool and zone, labelled and tainted like the pool's nodes. Audit, encryption
 * and the infrastructure are not reproduced.
 *
 * @see https://kind.sigs.k8s.io/docs/user/configuration/
 */
export function kindConfiguration(cluster: Cluster): any {
  // kind's node image of the cluster's minor, pinned by digest (lib/cluster/kubernetes-versions.ts).
  const image = kubernetesRelease(minorOf(cluster.kubernetesVersion)).kindNodeImage;
  const zones = cluster.controlPlane.zones;
  const controlPlanes = Array.from({ length: cluster.controlPlane.replicas }, (_, i) => ({
    role: 'control-plane',
    image,
    ...(zones.length > 0 ? { labels: { [ZONE_LABEL]: zones[i % zones.length] } } : {}),
  }));
  const workers = poolPlacements(cluster).map((placement) => {
    const taints = nodeTaints(placement.pool);
    return {
      role: 'worker',
      image,
      labels: { ...placement.nodeLabels },
      // kind has no taints field; a kubeadm patch of the worker's JoinConfiguration registers the node with them.
      ...(taints.length > 0 ? { kubeadmConfigPatches: [yamlDocuments([{ kind: 'JoinConfiguration', nodeRegistration: { taints } }])] } : {}),
    };
  });
  return {
    kind: 'Cluster', apiVersion: KIND_API_VERSION, name: cluster.name, networking: kindNetworking(cluster), nodes: [...controlPlanes, ...workers],
  };
}

/** `kind.yaml`: `kind create cluster --config dist/clusters/<cluster>/kind.yaml`. */
export function kindFiles(cluster: Cluster): ArtefactFile[] {
  return [{ path: 'kind.yaml', documents: [kindConfiguration(cluster)] }];
}

/** The kind configuration, {@link kindFiles}. */
export const kindArtefact: ClusterArtefact = { files: kindFiles };

/**
 * kind's networking from the cluster's declared ranges (kind v1alpha4 `networking`: podSubnet, serviceSubnet, comma-
 * separated for dual-stack, and ipFamily `ipv6` or `dual` where the ranges say so; kind's default family is ipv4).
 */
function kindNetworking(cluster: Cluster): { podSubnet: string; serviceSubnet: string; ipFamily?: string } {
  const { podSubnets, serviceSubnets } = cluster.networking;
  const families = new Set(podSubnets.map((cidr) => (cidr.includes(':') ? 'ipv6' : 'ipv4')));
  const ipFamily = families.size > 1 ? 'dual' : families.has('ipv6') ? 'ipv6' : undefined;
  return { podSubnet: podSubnets.join(','), serviceSubnet: serviceSubnets.join(','), ...(ipFamily ? { ipFamily } : {}) };
}
