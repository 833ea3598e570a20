/**
 * The contract of a cluster artefact: one file per artefact (kubeadm-config.ts, audit-policy.ts, …) says what it
 * writes for a cluster; registry.ts lists them, and `ClusterArtefacts` writes what each returns.
 */
import type { App, Chart } from 'cdk8s';
import type { Cluster } from '../cluster-model';

/** A file of a cluster's artefacts that is not a Kubernetes API object (kubeadm, kind, audit, encryption configuration). */
export interface ArtefactFile {
  /** Path inside the cluster's output folder, e.g. `kubeadm/init.yaml`. */
  readonly path: string;
  /** The YAML documents of the file, in order. */
  readonly documents: any[];
}

/**
 * One artefact of a cluster: what it writes into the cluster's folder (`dist/clusters/<cluster>/`) for the tools that
 * build the cluster — files, a chart of Kubernetes objects, or both.
 */
export interface ClusterArtefact {
  /**
   * The files it writes for the cluster, by path inside the cluster's folder, in order.
   * @default - no files
   */
  readonly files?: (cluster: Cluster) => ArtefactFile[];
  /**
   * Adds its chart to `app`, the App of the cluster's artefacts (apart from the cluster's own App, so the objects stay
   * out of the cluster's manifests and Terraform); the chart's id names its file, `<id>.k8s.yaml`.
   * @default - no chart
   */
  readonly chart?: (app: App, cluster: Cluster) => Chart;
}
