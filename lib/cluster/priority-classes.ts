import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PriorityClass } from './cluster-model';

/** Props of {@link PriorityClasses}. */
export interface PriorityClassesProps {
  /** The classes, with their defaults applied. */
  readonly classes: PriorityClass[];
}

/**
 * The cluster's PriorityClasses: platform and application tiers. The global default comes last: the API server admits
 * only one default at a time (the Priority admission plugin refuses a second), so when the default moves from one
 * class to another, `kubectl apply` must clear the old one before it sets the new one, and it applies in file order.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
 */
export class PriorityClasses extends Construct {
  constructor(scope: Construct, id: string, props: PriorityClassesProps) {
    super(scope, id);
    const ordered = [...props.classes.filter((pc) => !pc.globalDefault), ...props.classes.filter((pc) => pc.globalDefault)];
    for (const pc of ordered) {
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
