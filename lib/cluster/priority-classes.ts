import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PriorityClass } from './cluster-model';

/** Props of {@link PriorityClasses}. */
export interface PriorityClassesProps {
  /** The classes, with their defaults applied. */
  readonly classes: PriorityClass[];
}

/** The cluster's PriorityClasses: platform and application tiers. */
export class PriorityClasses extends Construct {
  constructor(scope: Construct, id: string, props: PriorityClassesProps) {
    super(scope, id);
    for (const pc of props.classes) {
      new k8s.KubePriorityClass(this, pc.name, {
        metadata: { name: pc.name },
        value: pc.value,
        globalDefault: pc.globalDefault,
        description: pc.description,
        preemptionPolicy: pc.preempting ? 'PreemptLowerPriority' : 'Never',
      });
    }
  }
}
