import { ZONE_LABEL } from '../cluster-defaults';
import { minorOf } from '../../core/kubernetes-version';
import { Cluster } from '../cluster-model';
import { nodeTaints, poolPlacements } from '../_placements';
import { yamlDocuments } from '../_yaml';
import { ArtefactFile, ClusterArtefact } from './cluster-artefact';

/** API version of kind's cluster configuration. */
export const KIND_API_VERSION = 'kind.x-k8s.io/v1alpha4';

/**
 * Node images kind v0.25.0 publishes for the supported minors, pinned by digest as kind's release notes ask. kind
 * builds one patch per minor, so the local copy runs that patch whatever patch the cluster declares.
 * @see https://github.com/kubernetes-sigs/kind/releases/tag/v0.25.0
 */
export const KIND_NODE_IMAGES: { readonly [minor: number]: string } = {
  26: 'kindest/node:v1.26.15@sha256:c79602a44b4056d7e48dc20f7504350f1e87530fe953428b792def00bc1076dd',
  27: 'kindest/node:v1.27.16@sha256:2d21a61643eafc439905e18705b8186f3296384750a835ad7a005dceb9546d20',
  28: 'kindest/node:v1.28.15@sha256:a7c05c7ae043a0b8c818f5a06188bc2c4098f6cb59ca7d1856df00375d839251',
};

/**
 * A kind Cluster (kind.x-k8s.io/v1alpha4) with the cluster's topology, for a disposable local copy: as many
 * control-plane nodes as the cluster has replicas (kind puts a load balancer in front of more than one), each labelled
 * with its zone, and one worker per node pool and zone, labelled and tainted like the pool's nodes. Audit, encryption
 * and the infrastructure are not reproduced.
 *
 * @see https://kind.sigs.k8s.io/docs/user/configuration/
 */
export function kindConfiguration(cluster: Cluster): any {
  const image = KIND_NODE_IMAGES[minorOf(cluster.kubernetesVersion)];
  const zones = cluster.controlPlane.zones;
  const controlPlanes = Array.from({ length: cluster.controlPlane.replicas }, (_, i) => ({
    role: 'control-plane',
    ...(image ? { image } : {}),
    ...(zones.length > 0 ? { labels: { [ZONE_LABEL]: zones[i % zones.length] } } : {}),
  }));
  const workers = poolPlacements(cluster).map((placement) => {
    const taints = nodeTaints(placement.pool);
    return {
      role: 'worker',
      ...(image ? { image } : {}),
      labels: { ...placement.nodeLabels },
      // kind has no taints field; a kubeadm patch of the worker's JoinConfiguration registers the node with them.
      ...(taints.length > 0 ? { kubeadmConfigPatches: [yamlDocuments([{ kind: 'JoinConfiguration', nodeRegistration: { taints } }])] } : {}),
    };
  });
  return { kind: 'Cluster', apiVersion: KIND_API_VERSION, name: cluster.name, nodes: [...controlPlanes, ...workers] };
}

/** `kind.yaml`: `kind create cluster --config dist/clusters/<cluster>/kind.yaml`. */
export function kindFiles(cluster: Cluster): ArtefactFile[] {
  return [{ path: 'kind.yaml', documents: [kindConfiguration(cluster)] }];
}

/** The kind configuration, {@link kindFiles}. */
export const kindArtefact: ClusterArtefact = { files: kindFiles };
