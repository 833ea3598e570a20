/**
 * API versions Kubernetes has stopped serving, and what replaces them, from the Kubernetes deprecation guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/). An object in one of them has no schema in the
 * minors that no longer serve it; this table turns that into a message saying what to use instead.
 */

/** One API version of one kind that Kubernetes stopped serving. */
export interface RemovedApi {
  /** The removed `apiVersion`, e.g. `policy/v1beta1`. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The first minor that no longer serves it, e.g. 25 for Kubernetes 1.25. */
  readonly removedIn: number;
  /** The `apiVersion` to use instead; absent when the kind itself is gone. */
  readonly replacement?: string;
  /** What to do when there is no replacement API version. */
  readonly instead?: string;
}

/** `[apiVersions, kinds, removedIn, replacement]`: a compact form of the guide's sections, expanded below. */
type Row = readonly [readonly string[], readonly string[], number, string, string?];

// The deprecation guide's "Removed APIs by release" sections: v1.16, v1.22, v1.25, v1.26, v1.27, v1.29 and v1.32 (the
// last release that removed a GA-track API version listed there).
const ROWS: readonly Row[] = [
  // v1.16
  [['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], ['Deployment', 'DaemonSet', 'ReplicaSet'], 16, 'apps/v1'],
  [['apps/v1beta1', 'apps/v1beta2'], ['StatefulSet'], 16, 'apps/v1'],
  [['extensions/v1beta1'], ['NetworkPolicy'], 16, 'networking.k8s.io/v1'],
  // v1.22
  [['extensions/v1beta1', 'networking.k8s.io/v1beta1'], ['Ingress'], 22, 'networking.k8s.io/v1'],
  [['networking.k8s.io/v1beta1'], ['IngressClass'], 22, 'networking.k8s.io/v1'],
  [['admissionregistration.k8s.io/v1beta1'], ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 22, 'admissionregistration.k8s.io/v1'],
  [['apiextensions.k8s.io/v1beta1'], ['CustomResourceDefinition'], 22, 'apiextensions.k8s.io/v1'],
  [['apiregistration.k8s.io/v1beta1'], ['APIService'], 22, 'apiregistration.k8s.io/v1'],
  [['authentication.k8s.io/v1beta1'], ['TokenReview'], 22, 'authentication.k8s.io/v1'],
  [['authorization.k8s.io/v1beta1'], ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], 22, 'authorization.k8s.io/v1'],
  [['certificates.k8s.io/v1beta1'], ['CertificateSigningRequest'], 22, 'certificates.k8s.io/v1'],
  [['coordination.k8s.io/v1beta1'], ['Lease'], 22, 'coordination.k8s.io/v1'],
  [['rbac.authorization.k8s.io/v1beta1'], ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 22, 'rbac.authorization.k8s.io/v1'],
  [['scheduling.k8s.io/v1beta1'], ['PriorityClass'], 22, 'scheduling.k8s.io/v1'],
  [['storage.k8s.io/v1beta1'], ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 22, 'storage.k8s.io/v1'],
  // v1.25
  [['batch/v1beta1'], ['CronJob'], 25, 'batch/v1'],
  [['discovery.k8s.io/v1beta1'], ['EndpointSlice'], 25, 'discovery.k8s.io/v1'],
  [['events.k8s.io/v1beta1'], ['Event'], 25, 'events.k8s.io/v1'],
  [['autoscaling/v2beta1'], ['HorizontalPodAutoscaler'], 25, 'autoscaling/v2'],
  [['policy/v1beta1'], ['PodDisruptionBudget'], 25, 'policy/v1'],
  [['node.k8s.io/v1beta1'], ['RuntimeClass'], 25, 'node.k8s.io/v1'],
  // v1.26
  [['flowcontrol.apiserver.k8s.io/v1beta1'], ['FlowSchema', 'PriorityLevelConfiguration'], 26, 'flowcontrol.apiserver.k8s.io/v1'],
  [['autoscaling/v2beta2'], ['HorizontalPodAutoscaler'], 26, 'autoscaling/v2'],
  // v1.27
  [['storage.k8s.io/v1beta1'], ['CSIStorageCapacity'], 27, 'storage.k8s.io/v1'],
  // v1.29
  [['flowcontrol.apiserver.k8s.io/v1beta2'], ['FlowSchema', 'PriorityLevelConfiguration'], 29, 'flowcontrol.apiserver.k8s.io/v1'],
  // v1.32
  [['flowcontrol.apiserver.k8s.io/v1beta3'], ['FlowSchema', 'PriorityLevelConfiguration'], 32, 'flowcontrol.apiserver.k8s.io/v1'],
];

/** Every removed API version of every kind, in the order of the deprecation guide. */
export const REMOVED_APIS: readonly RemovedApi[] = [
  ...ROWS.flatMap(([apiVersions, kinds, removedIn, replacement]) => apiVersions.flatMap((apiVersion) => kinds.map((kind): RemovedApi => ({
    apiVersion, kind, removedIn, replacement,
  })))),
  // PodSecurityPolicy has no successor API: Pod Security Admission replaces it (namespace labels). Its move from
  // extensions/v1beta1 to policy/v1beta1 (1.16) led nowhere lasting, so both point to the admission.
  ...[['extensions/v1beta1', 16], ['policy/v1beta1', 25]].map(([apiVersion, removedIn]): RemovedApi => ({
    apiVersion: apiVersion as string,
    kind: 'PodSecurityPolicy',
    removedIn: removedIn as number,
    instead: 'label the namespace for Pod Security Admission (pod-security.kubernetes.io/enforce)',
  })),
];

const BY_KEY = new Map(REMOVED_APIS.map((r) => [`${r.apiVersion}/${r.kind}`, r]));

/** The removal of this API version of this kind, if Kubernetes removed it. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return BY_KEY.get(`${apiVersion}/${kind}`);
}
