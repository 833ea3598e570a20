/**
 * Kubernetes release versions (`v1.27.16`), as the cluster definitions state them and kubeadm, Cluster API and kind
 * expect them.
 */

/** A parsed Kubernetes release version. */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** A release version with or without its leading `v`: `v1.27.16` or `1.27.16` (no pre-releases). */
export const KUBERNETES_VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)$/;

/** Parses `v1.27.16` or `1.27.16`; `undefined` for anything else. */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = KUBERNETES_VERSION_PATTERN.exec(text);
  if (!match) {
    return undefined;
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** The version as kubeadm and Cluster API spell it: `v1.27.16`. */
export function formatKubernetesVersion(version: KubernetesVersion): string {
  return `v${version.major}.${version.minor}.${version.patch}`;
}

/** The minor of a version the resolver has already validated. */
export function minorOf(version: string): number {
  const parsed = parseKubernetesVersion(version);
  if (!parsed) {
    throw new Error(`not a Kubernetes version: "${version}"`);
  }
  return parsed.minor;
}
