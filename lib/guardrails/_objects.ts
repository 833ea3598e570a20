/**
 * Reading rendered Kubernetes objects (plain JSON, as `chart.toJson()` returns them): identity, workloads and their
 * pod templates, containers. Nothing here judges; the rules do.
 */
import { podSpecOf } from '../core/manifest';
import { Labels } from './_selector';

/** Where each workload kind keeps its pod template (the object holding `metadata` and `spec`). */
const TEMPLATE_PATHS: { readonly [kind: string]: readonly string[] } = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Kinds whose replica count is `spec.replicas` (default 1). */
const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/** Kinds whose pods run to completion: probes, replicas and spreading do not apply. */
const BATCH_KINDS = ['Job', 'CronJob'];

/**
 * Kinds without a namespace. Custom resources are namespaced unless their CRD says otherwise.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris (`kubectl api-resources --namespaced=false`)
 */
export const CLUSTER_SCOPED_KINDS: readonly string[] = [
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus', 'CSIDriver', 'CSINode',
  'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume',
  'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
];

/** A container of a pod template, with where it sits in the object. */
export interface ContainerRef {
  readonly container: any;
  readonly name: string;
  /** Whether it is an init container. */
  readonly init: boolean;
  /** Dotted path inside the object, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
}

/** An object that runs pods. */
export interface Workload {
  readonly object: any;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** `Kind/name`, for messages about other objects. */
  readonly ref: string;
  readonly podSpec: any;
  /** Labels of its pods. */
  readonly podLabels: Labels;
  /** Annotations of its pods. */
  readonly podAnnotations: Labels;
  /** Dotted path of the pod spec, e.g. `spec.template.spec`. */
  readonly podSpecPath: string;
  /** Whether its pods run to completion (Job, CronJob). */
  readonly batch: boolean;
  /** `spec.replicas` with its default, for Deployments, StatefulSets and ReplicaSets. */
  readonly replicas?: number;
  /** Init containers, then containers. */
  readonly containers: readonly ContainerRef[];
}

/** The workload view of an object, or `undefined` when it runs no pods. */
export function workloadOf(object: any): Workload | undefined {
  const podSpec = podSpecOf(object);
  const templatePath = TEMPLATE_PATHS[object?.kind];
  if (!podSpec || !templatePath) {
    return undefined;
  }
  const template = templatePath.reduce((node: any, key) => node?.[key], object);
  const podSpecPath = [...templatePath, 'spec'].join('.');
  const containers: ContainerRef[] = [
    ...(podSpec.initContainers ?? []).map((container: any, i: number) => ({
      container, name: container?.name ?? `#${i}`, init: true, path: `${podSpecPath}.initContainers[${i}]`,
    })),
    ...(podSpec.containers ?? []).map((container: any, i: number) => ({
      container, name: container?.name ?? `#${i}`, init: false, path: `${podSpecPath}.containers[${i}]`,
    })),
  ];
  return {
    object,
    kind: object.kind,
    name: object.metadata?.name,
    namespace: object.metadata?.namespace,
    ref: `${object.kind}/${object.metadata?.name}`,
    podSpec,
    podLabels: template?.metadata?.labels ?? {},
    podAnnotations: template?.metadata?.annotations ?? {},
    podSpecPath,
    batch: BATCH_KINDS.includes(object.kind),
    replicas: REPLICATED_KINDS.includes(object.kind) ? (object.spec?.replicas ?? 1) : undefined,
    containers,
  };
}

/** The workloads among objects, in object order. */
export function workloadsOf(objects: readonly any[]): Workload[] {
  return objects.map(workloadOf).filter((w): w is Workload => w !== undefined);
}

/** `container "api"` or `init container "migrate"`, for messages. */
export function describeContainer(ref: ContainerRef): string {
  return `${ref.init ? 'init container' : 'container'} "${ref.name}"`;
}

/** A security-context field of a container, falling back to the pod's where the API does (runAsNonRoot, runAsUser, seccompProfile…). */
export function effectiveSecurity(workload: Workload, ref: ContainerRef, field: string): any {
  return ref.container?.securityContext?.[field] ?? workload.podSpec?.securityContext?.[field];
}

/** Whether an object is namespaced: not a known cluster-scoped kind, nor a custom resource whose CRD says `Cluster`. */
export function isNamespaced(object: any, clusterScopedKinds: readonly string[] = CLUSTER_SCOPED_KINDS): boolean {
  return !clusterScopedKinds.includes(object?.kind);
}

/** The `Kind/name` of the HorizontalPodAutoscaler targets of a namespace. */
export function autoscalersByTarget(objects: readonly any[]): Map<string, any> {
  const byTarget = new Map<string, any>();
  for (const hpa of objects.filter((o) => o?.kind === 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec?.scaleTargetRef;
    if (ref?.kind && ref?.name) byTarget.set(`${hpa.metadata?.namespace ?? ''}/${ref.kind}/${ref.name}`, hpa);
  }
  return byTarget;
}

/** The autoscaler that scales a workload, if any. */
export function autoscalerOf(workload: Workload, autoscalers: Map<string, any>): any {
  return autoscalers.get(`${workload.namespace ?? ''}/${workload.kind}/${workload.name}`);
}

/**
 * How many pods a replicated workload keeps at least: the autoscaler's `minReplicas` (default 1) when one scales it,
 * else `spec.replicas` (default 1); `undefined` for kinds without replicas.
 */
export function minimumReplicas(workload: Workload, autoscalers: Map<string, any>): number | undefined {
  if (workload.replicas === undefined) return undefined;
  const hpa = autoscalerOf(workload, autoscalers);
  return hpa ? (hpa.spec?.minReplicas ?? 1) : workload.replicas;
}

/** A stable JSON rendering (keys sorted), for comparing objects regardless of key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
