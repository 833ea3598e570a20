/** The validated platform: what {@link resolvePlatform} returns. */
import { Cluster } from '../cluster/cluster-model';
import { Environment } from '../environment/environment-model';

/** The validated platform. */
export interface Platform {
  /** The clusters, each with the names of the environments it hosts. */
  readonly clusters: Cluster[];
  /** Environments in promotion order. */
  readonly environments: Environment[];
}
