/** A file of a cluster's artefacts that is not a Kubernetes API object (kubeadm, kind, audit, encryption configuration). */
export interface ArtefactFile {
  /** Path inside the cluster's output folder, e.g. `kubeadm/init.yaml`. */
  readonly path: string;
  /** The YAML documents of the file, in order. */
  readonly documents: any[];
}
