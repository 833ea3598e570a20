/** Autoscalers keep two pods or more, can scale, and scale something that exists. */
import { Finding, Rule, Tool, ref } from '../rule';
import { objectsNamed, objectsOfKind } from './_helpers';

/** The least `minReplicas` that keeps one pod serving while another is replaced. */
const MIN_REPLICAS = 2;

/** HorizontalPodAutoscalers keep at least two pods and can scale above their minimum. */
export const HPA_REPLICAS: Rule = {
  id: 'hpa-replicas',
  title: `Autoscalers keep ${MIN_REPLICAS} pods or more and can scale`,
  rationale: 'minReplicas 1 scales a workload down to a single point of failure; maxReplicas ≤ minReplicas is an autoscaler that never scales.',
  references: [ref(Tool.KUBE_LINTER, 'hpa-minimum-three-replicas'), ref(Tool.POLARIS, 'hpaMinAvailability'), ref(Tool.POLARIS, 'hpaMaxAvailability')],
  fix: `Set minReplicas to ${MIN_REPLICAS} or more and maxReplicas above it.`,
  check: (context) => objectsOfKind(context, 'HorizontalPodAutoscaler').flatMap((hpa): Finding[] => {
    const min = hpa.spec?.minReplicas ?? 1;
    const max = hpa.spec?.maxReplicas;
    const findings: Finding[] = [];
    if (min < MIN_REPLICAS) {
      findings.push({ object: hpa, message: `minReplicas is ${min}${hpa.spec?.minReplicas === undefined ? ' (the default)' : ''}`, path: 'spec.minReplicas' });
    }
    if (typeof max === 'number' && max <= min) {
      findings.push({ object: hpa, message: `maxReplicas ${max} is not above minReplicas ${min}, so it never scales`, path: 'spec.maxReplicas' });
    }
    return findings;
  }),
};

/** Every HorizontalPodAutoscaler's target is in the output. */
export const HPA_TARGET: Rule = {
  id: 'hpa-target',
  title: 'Autoscaler targets exist',
  rationale: 'An autoscaler whose target is missing (a renamed Deployment) scales nothing and hides that the workload is not autoscaled.',
  references: [ref(Tool.KUBE_LINTER, 'dangling-horizontalpodautoscaler'), ref(Tool.KUBE_SCORE, 'horizontalpodautoscaler-has-target')],
  fix: 'Point spec.scaleTargetRef at the workload by its apiVersion, kind and name.',
  check: (context) => objectsOfKind(context, 'HorizontalPodAutoscaler').flatMap((hpa): Finding[] => {
    const target = hpa.spec?.scaleTargetRef ?? {};
    const exists = objectsNamed(context, target.kind, hpa.metadata?.namespace, target.name)
      .some((o) => target.apiVersion === undefined || o.apiVersion === target.apiVersion);
    return exists ? [] : [{
      object: hpa,
      message: `spec.scaleTargetRef ${target.apiVersion ? `${target.apiVersion} ` : ''}${target.kind} "${target.name}" is not in the output`,
      path: 'spec.scaleTargetRef',
    }];
  }),
};
