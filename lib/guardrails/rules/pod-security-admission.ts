import { PodSecurityProfile, podSecurityFailures } from '../_pod-security';
import { Finding, Rule, RuleContext, Tool, ref } from '../rule';
import { TargetKind } from '../target';
import { objectsOfKind } from './_helpers';

const LEVELS: readonly PodSecurityProfile[] = ['privileged', 'baseline', 'restricted'];
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** The level pods of a namespace must meet: what its namespace enforces, and `restricted` in protected environments. */
function levelOf(context: RuleContext, namespace: string | undefined): { level: PodSecurityProfile; version: string } {
  const ns = objectsOfKind(context, 'Namespace').find((n) => n.metadata?.name === namespace);
  const enforced = LEVELS.includes(ns?.metadata?.labels?.[ENFORCE_LABEL]) ? ns.metadata.labels[ENFORCE_LABEL] as PodSecurityProfile : 'privileged';
  const protectedEnvironment = context.target.protected && context.target.kind === TargetKind.ENVIRONMENT && namespace === context.target.namespace;
  const level = protectedEnvironment ? 'restricted' : enforced;
  return { level, version: ns?.metadata?.labels?.[VERSION_LABEL] ?? 'latest' };
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
    const { level, version } = levelOf(context, w.namespace);
    const failures = podSecurityFailures(w, level);
    if (failures.length === 0) return [];
    // The API server's wording: would violate PodSecurity "restricted:v1.27": reason (detail), …
    const details = failures.map((f) => `${f.reason} (${f.detail})`).join(', ');
    return [{ object: w.object, message: `would violate PodSecurity "${level}:${version}": ${details}`, path: w.podSpecPath }];
  }),
};
