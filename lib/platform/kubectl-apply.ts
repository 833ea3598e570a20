/**
 * What makes an output folder applicable with kubectl as the folder it is: a kustomization that lists its manifests in
 * apply order, and the label-selector prune that removes an environment's own objects once they leave its definition.
 */

/**
 * Name of the kustomization in each environment and cluster folder. Kustomize, `kubectl apply -k`, Argo CD and Flux
 * recognise `kustomization.yaml`, `kustomization.yml` and `Kustomization` alike (kustomize
 * `api/konfig.RecognizedKustomizationFileNames`; Argo CD "Tool Detection"). Only the name without an extension keeps
 * `kubectl apply -f <folder>/` working too: kubectl reads only `.json`, `.yaml` and `.yml` files of a folder
 * (cli-runtime `pkg/resource/builder.go` `FileExtensions`, `visitor.go` `ExpandPathsToFileVisitors`), whereas a
 * `kustomization.yaml` would be sent to the API server and fail with `no matches for kind "Kustomization"`.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

/**
 * Kinds the platform renders into an environment, as `kubectl apply --prune-allowlist` takes them
 * (`<group>/<version>/<Kind>`, `core` for the core group), all served by every Kubernetes the platform targets.
 *
 * Listed in full rather than taken from an environment's current objects: a kind that leaves an environment entirely
 * (its last autoscaler, after a strategy switch) must still be pruned. kubectl's default list lacks most of these
 * (autoscalers, disruption budgets, network policies, RBAC, quotas) and includes Namespaces and PersistentVolumes
 * (kubectl `pkg/util/prune/prune.go`), so it is always replaced. The Namespace is deliberately absent: applying a
 * partial folder must never delete a whole environment; removing one is a `kubectl delete namespace` of its own.
 */
export const PRUNE_ALLOWLIST: readonly string[] = [
  'core/v1/ConfigMap',
  'core/v1/LimitRange',
  'core/v1/PersistentVolumeClaim',
  'core/v1/ResourceQuota',
  'core/v1/Service',
  'core/v1/ServiceAccount',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy',
  'policy/v1/PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
];

/** Props of {@link renderKustomization}. */
export interface KustomizationProps {
  /** The folder's manifest files, in apply order. */
  readonly resources: readonly string[];
  /**
   * Comment lines written above the kustomization (without the `# `).
   * @default - none
   */
  readonly comment?: readonly string[];
}

/**
 * The text of a kustomization that applies its resources in the order listed. Without `sortOptions`, kustomize sorts
 * by kind in its legacy order, which applies NetworkPolicies after every workload; `fifo` (kustomize ≥ 5.0, kubectl ≥
 * 1.27) keeps the file order: the namespace and its governance before any app.
 *
 * @see https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/sortoptions/
 */
export function renderKustomization(props: KustomizationProps): string {
  return [
    ...(props.comment ?? []).map((line) => (line ? `# ${line}` : '#')),
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'sortOptions:',
    '  order: fifo',
    'resources:',
    ...props.resources.map((file) => `  - ${file}`),
    '',
  ].join('\n');
}

/**
 * The prune allowlist of a set of objects: {@link PRUNE_ALLOWLIST}, plus the kind of any other object present (a
 * custom resource such as an ExternalSecret, whose CRD the cluster then has to serve anyway), Namespaces excepted.
 */
export function pruneAllowlist(objects: readonly any[]): string[] {
  const present = objects.filter((o) => o.kind !== 'Namespace').map((o) => allowlistEntry(o.apiVersion, o.kind));
  const extra = [...new Set(present)].filter((entry) => !PRUNE_ALLOWLIST.includes(entry)).sort();
  return [...PRUNE_ALLOWLIST, ...extra];
}

/** Options of {@link kubectlPruneCommand}. */
export interface KubectlPruneCommandOptions {
  /** The folder to apply with `-k`. */
  readonly folder: string;
  /** The label every object of the folder carries, and no object outside it: `<key>=<value>`. */
  readonly selector: string;
  /** The kinds to prune (`--prune-allowlist`), e.g. {@link pruneAllowlist} of the folder's objects. */
  readonly allowlist: readonly string[];
}

/**
 * The command that applies a folder and deletes the objects it applied before that are gone from it, one argument
 * group per line (join with ` \` and a newline for a shell).
 *
 * kubectl's label-selector prune (`--prune -l`) lists only the allowlisted kinds, only in the namespaces of the objects
 * applied, only with the selector, and deletes only objects that carry kubectl's last-applied annotation and were not
 * applied now (kubectl `pkg/cmd/apply/prune.go`): an environment's selector never reaches another environment's objects,
 * nor anything Terraform or a controller created. It works with client-side apply only (`--server-side` is refused).
 * ApplySets (KEP-3659) would track membership without an allowlist, but are still alpha behind `KUBECTL_APPLYSET=true`
 * and need their parent Secret inside the namespace the same apply creates.
 */
export function kubectlPruneCommand(options: KubectlPruneCommandOptions): string[] {
  return [
    `kubectl apply -k ${options.folder} --prune -l ${options.selector}`,
    ...options.allowlist.map((entry) => `  --prune-allowlist=${entry}`),
  ];
}

/** `<group>/<version>/<Kind>` of an object's `apiVersion` and `kind`, `core` for the core group. */
function allowlistEntry(apiVersion: string, kind: string): string {
  return apiVersion.includes('/') ? `${apiVersion}/${kind}` : `core/${apiVersion}/${kind}`;
}
