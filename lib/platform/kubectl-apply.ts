/** What makes an output folder applicable with kubectl as the folder it is: a kustomization listing its manifests in apply order. */

/**
 * Name of the kustomization in each environment and cluster folder. Kustomize, `kubectl apply -k`, Argo CD and Flux
 * recognise `kustomization.yaml`, `kustomization.yml` and `Kustomization` alike (kustomize
 * `api/konfig.RecognizedKustomizationFileNames`; Argo CD "Tool Detection"). Only the name without an extension keeps
 * `kubectl apply -f <folder>/` working too: kubectl reads only `.json`, `.yaml` and `.yml` files of a folder
 * (cli-runtime `pkg/resource/builder.go` `FileExtensions`, `visitor.go` `ExpandPathsToFileVisitors`), whereas a
 * `kustomization.yaml` would be sent to the API server and fail with `no matches for kind "Kustomization"`.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

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
