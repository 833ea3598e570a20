/**
 * The Kubernetes minors the library supports, as data: one row per minor with everything that names a version
 * (kubeadm API, kind node image, etcd image, Pod Security version, Cluster API contract). Every other file reads
 * this table; adding a minor is adding a row (see docs/clusters.md, "Adding a Kubernetes version").
 */

/** What the library needs to know about one Kubernetes minor. */
export interface KubernetesRelease {
  /** The minor, e.g. `36` for Kubernetes 1.36. */
  readonly minor: number;
  /** API version of the kubeadm configuration files kubeadm of this minor reads. */
  readonly kubeadmApiVersion: string;
  /**
   * kind's node image of this minor, pinned by digest (`kindest/node:v1.36.1@sha256:…`). kind publishes one patch per
   * minor, so a local copy runs that patch whatever patch the cluster declares.
   */
  readonly kindNodeImage: string;
  /** The etcd image kubeadm of this minor installs (stacked etcd); the snapshot job uses it for `etcdctl`/`etcdutl`. */
  readonly etcdImage: string;
  /** The `pod-security.kubernetes.io/<mode>-version` that pins the Pod Security Standards to this minor. */
  readonly podSecurityVersion: string;
  /** The Cluster API contract (API version of its objects) that the Cluster API releases managing this minor serve. */
  readonly clusterApiContract: string;
}

/**
 * kubeadm reads `kubeadm.k8s.io/v1beta4` from 1.31 on; v1beta3 was deprecated in 1.31 and removed in 1.36 (kubeadm
 * 1.35 is the last that reads it, and migrates it with `kubeadm config migrate`).
 * @see https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/
 * @see https://github.com/kubernetes/kubernetes/pull/136016 (removal of v1beta3)
 */
const KUBEADM_V1BETA4 = 'kubeadm.k8s.io/v1beta4';

/**
 * Cluster API's v1beta2 contract, served from CAPI v1.11 on (next to v1beta1) and the one the CRDs in
 * `../shared/crds/cluster-api` store.
 * @see https://cluster-api.sigs.k8s.io/developer/providers/contracts/overview
 */
const CAPI_V1BETA2 = 'v1beta2';

/**
 * The supported minors, oldest first: the four minors upstream released last (1.33–1.36; 1.34–1.36 still receive
 * patches in December 2026).
 *
 * Sources, per column:
 * - kind node images: the newest image of each minor that kind pinned by digest in its own default
 *   (`pkg/apis/config/defaults/image.go` of kubernetes-sigs/kind): 1.33.2 at commit 563b2102 (2025-07-21), 1.34.3 at
 *   36ee7a61 (2025-12-15), 1.35.1 at ec6b5bd7 (2026-02-13), 1.36.1 at 645b8680, the default of kind v0.32.0
 *   (2026-06-02). kind supports an image with the kind release it was published with and best effort with others.
 * - etcd: kubeadm's `SupportedEtcdVersion` (cmd/kubeadm/app/constants/constants.go): 3.5.x for 1.33 and older, 3.6.x
 *   from 1.34 (etcd-io/etcd, "Bump etcd Version in Kubernetes"): 1.33 → 3.5.24-0 (kubeadm 1.34's map),
 *   1.34–1.36 → 3.6.9-0 (kubeadm's map after the etcd 3.6.9 bump).
 */
export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = [
  {
    minor: 33,
    kubeadmApiVersion: KUBEADM_V1BETA4,
    kindNodeImage: 'kindest/node:v1.33.2@sha256:c55080dc5be4f2cc242e6966fdf97bb62282e1cd818a28223cf536db8b0fddf4',
    etcdImage: 'registry.k8s.io/etcd:3.5.24-0',
    podSecurityVersion: 'v1.33',
    clusterApiContract: CAPI_V1BETA2,
  },
  {
    minor: 34,
    kubeadmApiVersion: KUBEADM_V1BETA4,
    kindNodeImage: 'kindest/node:v1.34.3@sha256:08497ee19eace7b4b5348db5c6a1591d7752b164530a36f855cb0f2bdcbadd48',
    etcdImage: 'registry.k8s.io/etcd:3.6.9-0',
    podSecurityVersion: 'v1.34',
    clusterApiContract: CAPI_V1BETA2,
  },
  {
    minor: 35,
    kubeadmApiVersion: KUBEADM_V1BETA4,
    kindNodeImage: 'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
    etcdImage: 'registry.k8s.io/etcd:3.6.9-0',
    podSecurityVersion: 'v1.35',
    clusterApiContract: CAPI_V1BETA2,
  },
  {
    minor: 36,
    kubeadmApiVersion: KUBEADM_V1BETA4,
    kindNodeImage: 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5',
    etcdImage: 'registry.k8s.io/etcd:3.6.9-0',
    podSecurityVersion: 'v1.36',
    clusterApiContract: CAPI_V1BETA2,
  },
];

/** Oldest and newest supported minors: the first and last rows of {@link KUBERNETES_RELEASES}. */
export const MIN_SUPPORTED_MINOR = KUBERNETES_RELEASES[0].minor;
export const MAX_SUPPORTED_MINOR = KUBERNETES_RELEASES[KUBERNETES_RELEASES.length - 1].minor;

/** The row of a minor; `undefined` for a minor the library does not support. */
export function findKubernetesRelease(minor: number): KubernetesRelease | undefined {
  return KUBERNETES_RELEASES.find((release) => release.minor === minor);
}

/** The row of a minor the resolver has already accepted; throws for any other (a programming error, not a user's). */
export function kubernetesRelease(minor: number): KubernetesRelease {
  const release = findKubernetesRelease(minor);
  if (!release) {
    throw new Error(`Kubernetes 1.${minor} is not supported: expected a minor from 1.${MIN_SUPPORTED_MINOR} to 1.${MAX_SUPPORTED_MINOR}`);
  }
  return release;
}
