/**
 * What governs an environment, as opposed to what it runs. The platform's own identity applies the governing objects
 * (the `governance-<environment>` Terraform stack); the environment's deployer applies the rest (the `<environment>`
 * stack) and gets a Role for exactly those kinds, so nothing it may do can change what holds it to its limits.
 *
 * Plain data over rendered objects and the model: loads no renderer.
 */
import type { Environment } from './environment-model';

/** The fields of a rendered object that say what it is and where. */
export interface ObjectIdentity {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly namespace?: string };
}

/** An API group and kind (`group` is `''` for the core group). */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * Namespaced kinds that govern an environment, wherever they are rendered (the environment's chart or an app's):
 *
 * - `Namespace` and its Pod Security labels: a deployer that could relabel it to `privileged` could then run a
 *   privileged hostPath pod.
 * - `ResourceQuota`, `LimitRange`: the environment's limits.
 * - `NetworkPolicy`, an app's own allows included: policies only add up, so a deployer that could create one could
 *   open its namespace to anything.
 * - `Role`, `RoleBinding`: who may do what; RBAC refuses to let a subject grant what it does not hold, so the deployer
 *   would have to hold every right it grants to people.
 * - `ServiceAccount`: the deployer's own and every app's, the subjects RBAC bindings name.
 * - `ExternalSecret` (External Secrets Operator): it names a `ClusterSecretStore` and a key of that store, and the
 *   operator copies whatever the store can read; a deployer that could write one could pull another environment's
 *   secret into its namespace (external-secrets.io docs, "ClusterSecretStore": a cluster-wide store any namespace may
 *   reference unless its `conditions` restrict it).
 *
 * Every cluster-scoped object governs too (see {@link isGoverningObject}).
 */
export const GOVERNING_KINDS: readonly GroupKind[] = [
  { group: '', kind: 'Namespace' },
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
  { group: '', kind: 'ServiceAccount' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'external-secrets.io', kind: 'ExternalSecret' },
];

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → `''`). */
export function apiGroupOf(apiVersion: string | undefined): string {
  const version = apiVersion ?? '';
  return version.includes('/') ? version.slice(0, version.indexOf('/')) : '';
}

/**
 * Whether a rendered object governs its environment: one of {@link GOVERNING_KINDS}, or cluster-scoped (no
 * `metadata.namespace`: a cluster-wide object is never an environment's to change).
 */
export function isGoverningObject(object: ObjectIdentity): boolean {
  if (object.metadata?.namespace === undefined) {
    return true;
  }
  const group = apiGroupOf(object.apiVersion);
  return GOVERNING_KINDS.some((k) => k.kind === object.kind && k.group === group);
}

/** Longest Kubernetes namespace name (a DNS label, RFC 1123). */
const MAX_NAMESPACE_LENGTH = 63;

/**
 * The namespace that holds an environment deployer's Terraform state, when its state is kept by the `kubernetes`
 * backend: `<state namespace>-<environment>`, on the cluster of the state's context, holding that one state and
 * nothing else. The backend lists a state's Secrets by label and creates them and its Lease (hashicorp/terraform
 * internal/backend/remote-state/kubernetes/client.go), which RBAC cannot narrow to names; in a namespace shared with
 * the platform's stacks, a deployer could add a Secret the backend would read as part of another stack's state, its
 * own `governance-<environment>` included. The platform's stacks (cluster and governance) keep the namespace the
 * definition names.
 *
 * @returns undefined when the state is not kept by the `kubernetes` backend
 * @throws Error when the name would exceed 63 characters
 */
export function deployerStateNamespace(env: Pick<Environment, 'name' | 'state'>): string | undefined {
  if (env.state.kind !== 'kubernetes') {
    return undefined;
  }
  const name = `${env.state.namespace}-${env.name}`;
  if (name.length > MAX_NAMESPACE_LENGTH) {
    throw new Error(`environment "${env.name}": state.namespace is "${env.state.namespace}", and the deployer's state namespace `
      + `"${name}" (<state.namespace>-<environment>) has ${name.length} characters; a namespace name has at most ${MAX_NAMESPACE_LENGTH}: `
      + 'shorten state.namespace or the environment name');
  }
  return name;
}
