/** Reading NetworkPolicies as the API defines them. */

/** Direction of traffic a NetworkPolicy governs. */
export type PolicyType = 'Ingress' | 'Egress';

/**
 * The policy types of a NetworkPolicy: `spec.policyTypes` when set; otherwise Ingress, plus Egress when the policy
 * has egress rules (the API server's defaulting).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
 */
export function policyTypesOf(policy: any): PolicyType[] {
  const declared = policy?.spec?.policyTypes;
  if (Array.isArray(declared) && declared.length > 0) {
    return declared.filter((t: string): t is PolicyType => t === 'Ingress' || t === 'Egress');
  }
  return policy?.spec?.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** A peer of a rule, with where it is written. */
export interface PeerRef {
  readonly peer: any;
  readonly direction: PolicyType;
  /** e.g. `spec.ingress[0].from[1]`. */
  readonly path: string;
}

/** Every peer of every rule of a policy. */
export function peersOf(policy: any): PeerRef[] {
  const peers: PeerRef[] = [];
  (policy?.spec?.ingress ?? []).forEach((rule: any, i: number) => (rule?.from ?? []).forEach((peer: any, j: number) => {
    peers.push({ peer, direction: 'Ingress', path: `spec.ingress[${i}].from[${j}]` });
  }));
  (policy?.spec?.egress ?? []).forEach((rule: any, i: number) => (rule?.to ?? []).forEach((peer: any, j: number) => {
    peers.push({ peer, direction: 'Egress', path: `spec.egress[${i}].to[${j}]` });
  }));
  return peers;
}
