import { minorOf } from '../../core/kubernetes-version';
import { PodSecurityProfile, podSecurityFailures } from '../_pod-security';
import { Finding, Rule, RuleContext, Tool, ref } from '../rule';
import { TargetKind } from '../target';
import { objectsOfKind } from './_helpers';

const LEVELS: readonly PodSecurityProfile[] = ['privileged', 'baseline', 'restricted'];
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** `v1.33` → 33; `undefined` for `latest`, a missing label or anything else. */
function labelMinor(version: string): number | undefined {
  const match = /^v1\.(\d+)$/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/**
 * The level pods of a namespace must meet (what its namespace enforces, and `restricted` in protected environments),
 * the version as the label states it, and the policy minor admission evaluates: the label's, but never newer than the
 * cluster's own (`latest`, or a version newer than the API server, evaluates as the API server's own minor).
 */
function levelOf(context: RuleContext, namespace: string | undefined): { level: PodSecurityProfile; version: string; minor: number } {
  const ns = objectsOfKind(context, 'Namespace').find((n) => n.metadata?.name === namespace);
  const enforced = LEVELS.includes(ns?.metadata?.labels?.[ENFORCE_LABEL]) ? ns.metadata.labels[ENFORCE_LABEL] as PodSecurityProfile : 'privileged';
  const protectedEnvironment = context.target.protected && context.target.kind === TargetKind.ENVIRONMENT && namespace === context.target.namespace;
  const level = protectedEnvironment ? 'restricted' : enforced;
  const version: string = ns?.metadata?.labels?.[VERSION_LABEL] ?? 'latest';
  const clusterMinor = minorOf(context.target.kubernetesVersion);
  return { level, version, minor: Math.min(labelMinor(version) ?? clusterMinor, clusterMinor) };
}

/** Pods pass the Pod Security level of their namespace (`restricted` in protected environments). */
export const POD_SECURITY_ADMISSION: Rule = {
  id: 'pod-security-admission',
  title: 'Pods pass their namespace\'s Pod Security level',
  rationale: 'Pod Security admission refuses such pods at apply time; finding them at synth time keeps a half-applied rollout from happening.',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'baseline'), ref(Tool.POD_SECURITY_STANDARDS, 'restricted'),
    ref(Tool.KYVERNO, 'pod-security/baseline'), ref(Tool.KYVERNO, 'pod-security/restricted'),
  ],
  fix: 'Harden the pod spec as the message lists; protected environments enforce restricted, so production pods must meet it.',
  check: (context) => context.workloads.flatMap((w): Finding[] => {
    const { level, version, minor } = levelOf(context, w.namespace);
    const failures = podSecurityFailures(w, level, minor);
    if (failures.length === 0) return [];
    // The API server's wording: would violate PodSecurity "restricted:v1.36": reason (detail), …
    const details = failures.map((f) => `${f.reason} (${f.detail})`).join(', ');
    return [{ object: w.object, message: `would violate PodSecurity "${level}:${version}": ${details}`, path: w.podSpecPath }];
  }),
};
