/**
 * The exceptions the library grants its own objects, so that no platform has to copy them from the reference. Each
 * accepts one rule for one object the library renders into a cluster's output, and says why; the report lists every
 * violation they accept as `accepted` with the reason, marked built-in. Unlike a definition's exceptions, a built-in
 * one that accepts nothing is not stale: a cluster without etcd snapshots has no job for it to accept.
 */
import { ETCD_BACKUP_NAME, ETCD_BACKUP_NAMESPACE } from '../cluster/etcd-backup-job';
import { GuardrailException, TargetKind } from './target';

/** An exception the library declares for one of its own objects. */
export interface BuiltinException extends GuardrailException {
  /** The object, always named with its namespace (or cluster-scoped). */
  readonly object: string;
  /** The kind of target the object is rendered into. */
  readonly targetKind: TargetKind;
}

/** What marks a built-in exception's reason in the report. */
export const BUILTIN_REASON_PREFIX = 'built-in: ';

/** The etcd snapshot CronJob of a cluster with `etcdBackup` (lib/cluster/etcd-backup-job.ts). */
const ETCD_SNAPSHOT = `CronJob/${ETCD_BACKUP_NAMESPACE}/${ETCD_BACKUP_NAME}`;

/**
 * The built-in exceptions. The etcd snapshot job does what no application may: with stacked etcd, etcd listens on the
 * control-plane node's loopback (hostNetwork: `--listen-client-urls=https://127.0.0.1:2379,…` in kubeadm's etcd static
 * Pod), and its client certificates are root-only files of the node (hostPath `/etc/kubernetes/pki/etcd`, root: kubeadm
 * writes keys 0600). A host-network pod is outside what NetworkPolicy can promise (kubernetes.io, Network Policies,
 * "NetworkPolicies and hostNetwork pods", added by kubernetes/website#39875: the behaviour for hostNetwork pods is
 * undefined), so no policy can cover it. See docs/clusters.md.
 */
export const BUILTIN_EXCEPTIONS: readonly BuiltinException[] = [
  {
    rule: 'no-host-namespaces',
    object: ETCD_SNAPSHOT,
    targetKind: TargetKind.CLUSTER,
    reason: 'the etcd snapshot job reaches etcd on the control-plane node\'s loopback (stacked etcd listens on 127.0.0.1:2379)',
  },
  {
    rule: 'no-host-path',
    object: ETCD_SNAPSHOT,
    targetKind: TargetKind.CLUSTER,
    reason: 'the etcd snapshot job reads the etcd client certificates from /etc/kubernetes/pki/etcd on the node',
  },
  {
    rule: 'run-as-non-root',
    object: ETCD_SNAPSHOT,
    targetKind: TargetKind.CLUSTER,
    reason: 'the etcd client certificates are readable by root only (kubeadm writes them 0600)',
  },
  {
    rule: 'network-policy-coverage',
    object: ETCD_SNAPSHOT,
    targetKind: TargetKind.CLUSTER,
    reason: 'a host-network pod is outside NetworkPolicy; the node\'s firewall applies',
  },
];

/** The built-in exceptions for a kind of target. */
export function builtinExceptionsFor(kind: TargetKind): BuiltinException[] {
  return BUILTIN_EXCEPTIONS.filter((e) => e.targetKind === kind);
}
