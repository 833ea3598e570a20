import { ClusterDefinition, POOL_LABEL, TaintEffect } from '../lib';

/** A pool dedicated to one environment: labelled and tainted with its name, so only that environment lands there. */
function dedicatedPool(name: string) {
  return { name, labels: { [POOL_LABEL]: name }, taints: [{ key: POOL_LABEL, value: name, effect: TaintEffect.NO_SCHEDULE }] };
}

/** dev, qa and staging share this cluster, separated by namespace, each on its own node pool. */
export const nonprod: ClusterDefinition = {
  name: 'nonprod',
  kubeconfig: { context: 'nonprod' },
  nodePools: [dedicatedPool('dev'), dedicatedPool('qa'), dedicatedPool('staging')],
};

/** Production runs alone on its own cluster. */
export const prod: ClusterDefinition = {
  name: 'prod',
  kubeconfig: { context: 'prod' },
  nodePools: [dedicatedPool('production')],
};

export const clusters: ClusterDefinition[] = [nonprod, prod];
