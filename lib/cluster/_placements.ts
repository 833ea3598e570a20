import { ZONE_LABEL } from './cluster-defaults';
import { machineDeploymentName } from './cluster-names';
import { Cluster, NodePool } from './cluster-model';

/** One node pool in one zone: a MachineDeployment, a kubeadm join file, a kind worker. */
export interface PoolPlacement {
  readonly pool: NodePool;
  /** The zone, when the pool has zones. */
  readonly zone?: string;
  /** Name of the placement's MachineDeployment and KubeadmConfigTemplate: `<cluster>-<pool>[-<zone>]`. */
  readonly name: string;
  /** Labels of its nodes: the pool's, and the zone label. */
  readonly nodeLabels: { readonly [key: string]: string };
}

/** Every node pool of a cluster in every one of its zones, in definition order. */
export function poolPlacements(cluster: Cluster): PoolPlacement[] {
  return cluster.nodePools.flatMap((pool) => (pool.zones.length > 0 ? pool.zones : [undefined]).map((zone) => ({
    pool,
    ...(zone === undefined ? {} : { zone }),
    name: machineDeploymentName(cluster.name, pool.name, zone),
    nodeLabels: zone === undefined ? { ...pool.labels } : { ...pool.labels, [ZONE_LABEL]: zone },
  })));
}

/** Node labels as the kubelet's `--node-labels` flag takes them: `key=value,…`. */
export function nodeLabelsFlag(labels: { readonly [key: string]: string }): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
}

/** A pool's taints as the Node API (and kubeadm's nodeRegistration) spells them. */
export function nodeTaints(pool: NodePool): Array<{ key: string; value?: string; effect: string }> {
  return pool.taints.map((t) => ({ key: t.key, ...(t.value === undefined ? {} : { value: t.value }), effect: t.effect }));
}
