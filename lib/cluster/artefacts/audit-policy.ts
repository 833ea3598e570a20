import { Audit, AuditRule } from '../cluster-model';
import { AuditLevel, AuditPreset } from '../cluster-types';
import { ClusterArtefact } from './cluster-artefact';

/** API version of the audit policy file the API server reads (`--audit-policy-file`). */
export const AUDIT_API_VERSION = 'audit.k8s.io/v1';

/** Reads: metadata is enough to know who looked at what. */
const READ_VERBS = ['get', 'list', 'watch'];

/**
 * First rule of every policy: Secrets, ConfigMaps, service account tokens and token reviews carry credentials in their
 * bodies, so they are logged at `Metadata` whatever later rules say (the first matching rule wins).
 */
const CREDENTIALS_RULE: AuditRule = {
  level: AuditLevel.METADATA,
  resources: [
    { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
    { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
  ],
};

/**
 * High-volume, low-value requests that would drown the log: health probes, events, and the watches and leader-election
 * updates of system components (after the same list in the GKE and kube-up policies).
 */
const NOISE_RULES: AuditRule[] = [
  { level: AuditLevel.NONE, nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics'] },
  { level: AuditLevel.NONE, resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
  { level: AuditLevel.NONE, users: ['system:kube-proxy'], verbs: ['watch'], resources: [{ group: '', resources: ['endpoints', 'services'] }] },
  { level: AuditLevel.NONE, userGroups: ['system:nodes'], verbs: ['get'], resources: [{ group: '', resources: ['nodes', 'nodes/status'] }] },
  {
    level: AuditLevel.NONE,
    users: ['system:kube-controller-manager', 'system:kube-scheduler'],
    verbs: ['get', 'update'],
    namespaces: ['kube-system'],
    resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }],
  },
];

/** What each preset records of the requests no earlier rule matched. */
const PRESET_RULES: { readonly [preset in AuditPreset]: AuditRule[] } = {
  [AuditPreset.METADATA]: [{ level: AuditLevel.METADATA }],
  [AuditPreset.REQUEST]: [{ level: AuditLevel.METADATA, verbs: READ_VERBS }, { level: AuditLevel.REQUEST }],
  [AuditPreset.REQUEST_RESPONSE]: [{ level: AuditLevel.METADATA, verbs: READ_VERBS }, { level: AuditLevel.REQUEST_RESPONSE }],
};

/**
 * The audit Policy (audit.k8s.io/v1) of a cluster. Rules in order: credentials at `Metadata`, the cluster's own rules,
 * noise dropped, then the preset. `RequestReceived` is never logged (every request reaches a later stage) and
 * managedFields are left out of bodies.
 *
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy
 */
export function auditPolicy(audit: Audit): any {
  return {
    apiVersion: AUDIT_API_VERSION,
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    omitManagedFields: true,
    rules: [CREDENTIALS_RULE, ...audit.rules, ...NOISE_RULES, ...PRESET_RULES[audit.preset]].map(ruleToJson),
  };
}

function ruleToJson(rule: AuditRule): any {
  return JSON.parse(JSON.stringify(rule));
}

/** `audit-policy.yaml`: the file the API server's `--audit-policy-file` points at. */
export const auditPolicyArtefact: ClusterArtefact = {
  files: (cluster) => [{ path: 'audit-policy.yaml', documents: [auditPolicy(cluster.audit)] }],
};
