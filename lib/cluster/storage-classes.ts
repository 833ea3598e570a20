import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { StorageClass } from './cluster-model';

/** Annotation that makes a StorageClass the one claims get when they name none. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** Props of {@link StorageClasses}. */
export interface StorageClassesProps {
  /** The classes, with their defaults applied. */
  readonly classes: StorageClass[];
  /**
   * The class to mark as the cluster's default.
   * @default - none marked
   */
  readonly defaultClass?: string;
}

/**
 * The cluster's StorageClasses. On clusters that host protected environments their reclaim policy is `Retain`, so
 * deleting a claim (or the namespace holding it) leaves the volume and its data to be recovered.
 *
 * StorageClasses are immutable apart from metadata: changing a provisioner, parameters or reclaim policy means a new
 * class under a new name.
 */
export class StorageClasses extends Construct {
  constructor(scope: Construct, id: string, props: StorageClassesProps) {
    super(scope, id);
    for (const sc of props.classes) {
      new k8s.KubeStorageClass(this, sc.name, {
        metadata: { name: sc.name, ...(sc.name === props.defaultClass ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}) },
        provisioner: sc.provisioner,
        ...(Object.keys(sc.parameters).length > 0 ? { parameters: { ...sc.parameters } } : {}),
        reclaimPolicy: sc.reclaimPolicy,
        volumeBindingMode: sc.volumeBindingMode,
        allowVolumeExpansion: sc.allowVolumeExpansion,
      });
    }
  }
}
