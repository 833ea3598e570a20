import * as path from 'node:path';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  CONTROL_PLANE_NODE_LABEL, STACKED_ETCD_CA_FILE, STACKED_ETCD_CLIENT_CERT_FILE, STACKED_ETCD_CLIENT_KEY_FILE, STACKED_ETCD_ENDPOINT,
} from './cluster-defaults';
import { EtcdBackup, ExternalEtcd, StackedEtcd } from './cluster-model';
import { canonicalQuantity } from '../core/quantity';
import { BackupTargetKind, EtcdKind } from './cluster-types';

/** Namespace of the job: it reads etcd's client key from the host, which is a system workload's privilege. */
export const ETCD_BACKUP_NAMESPACE = 'kube-system';

/** Name of the CronJob and its ServiceAccount. */
export const ETCD_BACKUP_NAME = 'etcd-snapshot';

/** Images of the step that stores the snapshot: a shell with coreutils for a volume, the AWS CLI for S3. */
export const BUSYBOX_IMAGE = 'busybox:1.36.1';
export const AWS_CLI_IMAGE = 'amazon/aws-cli:2.17.0';

/**
 * The user and group the storing step runs as (the `nonroot` user of distroless images; neither busybox nor the AWS CLI
 * image needs a user of its own). Only `etcdctl` runs as root: it reads etcd's client key, which kubeadm writes 0600
 * for root. The pod's fsGroup is this group, so the snapshot directory is group-owned (setgid) and the snapshot,
 * made group-readable by the root step, can be read by the storing one.
 */
export const ETCD_BACKUP_STORE_USER = 65532;

/** Where the snapshot is written before it is stored, and where the volume target is mounted. */
const WORK_DIR = '/snapshot';
const BACKUP_DIR = '/backups';

/** Snapshot file names: `etcd-<UTC timestamp>.db`, so that name order is time order. */
const SNAPSHOT_PATTERN = '^etcd-[0-9]{8}T[0-9]{6}Z\\.db$';

/**
 * Saves a snapshot from the first member that answers, and checks it. `etcdctl snapshot save` talks to exactly one
 * member; any member's snapshot holds the whole keyspace.
 */
const SNAPSHOT_SCRIPT = [
  'set -eu',
  'for endpoint in $ETCD_ENDPOINTS; do',
  `  if etcdctl --endpoints="$endpoint" --cacert="$ETCD_CACERT" --cert="$ETCD_CERT" --key="$ETCD_KEY" snapshot save ${WORK_DIR}/etcd.db; then`,
  `    etcdutl snapshot status ${WORK_DIR}/etcd.db --write-out=table`,
  // etcdctl writes the snapshot 0600; its group is the pod's fsGroup (the directory is setgid), so 0640 lets the
  // non-root storing step read it and nobody else.
  `    chmod 0640 ${WORK_DIR}/etcd.db`,
  '    exit 0',
  '  fi',
  'done',
  'echo "no etcd member answered: $ETCD_ENDPOINTS" >&2',
  'exit 1',
].join('\n');

/** Copies the snapshot under a timestamped name (atomically, through a rename), then deletes all but the newest RETENTION. */
const VOLUME_STORE_SCRIPT = [
  'set -eu',
  'name="etcd-$(date -u +%Y%m%dT%H%M%SZ).db"',
  `cp ${WORK_DIR}/etcd.db "${BACKUP_DIR}/$name.partial"`,
  `mv "${BACKUP_DIR}/$name.partial" "${BACKUP_DIR}/$name"`,
  `ls -1 ${BACKUP_DIR} | grep -E '${SNAPSHOT_PATTERN}' | sort -r | tail -n +$((RETENTION + 1)) | while read -r old; do rm -f "${BACKUP_DIR}/$old"; done`,
  `echo "stored ${BACKUP_DIR}/$name"`,
].join('\n');

/** Uploads the snapshot under a timestamped key, then deletes all but the newest RETENTION under the prefix. */
const S3_STORE_SCRIPT = [
  'set -eu',
  'name="etcd-$(date -u +%Y%m%dT%H%M%SZ).db"',
  `aws s3 cp ${WORK_DIR}/etcd.db "s3://$BUCKET/$PREFIX/$name"`,
  'aws s3api list-objects-v2 --bucket "$BUCKET" --prefix "$PREFIX/etcd-" --query "Contents[].Key" --output text | tr "\\t" "\\n" \\',
  `  | grep -E '/${SNAPSHOT_PATTERN.slice(1)}' | sort -r | tail -n +$((RETENTION + 1)) \\`,
  '  | while read -r key; do aws s3 rm "s3://$BUCKET/$key"; done',
  'echo "stored s3://$BUCKET/$PREFIX/$name"',
].join('\n');

/** Props of {@link EtcdBackupJob}. */
export interface EtcdBackupJobProps {
  /** The schedule, retention, image and target. */
  readonly backup: EtcdBackup;
  /** The cluster's etcd: which members to snapshot and with which client certificate. */
  readonly etcd: StackedEtcd | ExternalEtcd;
}

/**
 * Scheduled etcd snapshots: a CronJob in kube-system that runs on a control-plane node, saves a snapshot with
 * `etcdctl snapshot save`, checks it with `etcdutl snapshot status`, and stores it where it outlives the node (a claim
 * of a class that retains its volumes, or S3), keeping the newest `retention` snapshots.
 *
 * It needs what a system workload needs, and nothing more: the host network, to reach the stacked member on
 * 127.0.0.1:2379; etcd's CA and a client certificate from the host, read-only (whoever reads them can read every
 * Secret, hence kube-system and control-plane nodes only); and, for the `etcdctl` step alone, root, which owns those
 * files. The step that stores the snapshot runs as {@link ETCD_BACKUP_STORE_USER}, and the target must let that
 * group write (a CSI driver that applies fsGroup does; an NFS or EFS share needs an export or access point owned by
 * it). It never calls the API server, so its ServiceAccount has no token and no RBAC.
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#backing-up-an-etcd-cluster
 */
export class EtcdBackupJob extends Construct {
  constructor(scope: Construct, id: string, props: EtcdBackupJobProps) {
    super(scope, id);
    const { backup, etcd } = props;
    const metadata = { name: ETCD_BACKUP_NAME, namespace: ETCD_BACKUP_NAMESPACE };
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });

    const target = backup.target;
    if (target.kind === BackupTargetKind.VOLUME) {
      new k8s.KubePersistentVolumeClaim(this, 'Claim', {
        metadata: { name: target.claimName, namespace: ETCD_BACKUP_NAMESPACE },
        spec: {
          storageClassName: target.storageClass,
          accessModes: [target.accessMode],
          resources: { requests: { storage: k8s.Quantity.fromString(canonicalQuantity(target.size)) } },
        },
      });
    }

    const client = etcd.kind === EtcdKind.STACKED
      ? {
        endpoints: [STACKED_ETCD_ENDPOINT],
        caFile: STACKED_ETCD_CA_FILE,
        certFile: STACKED_ETCD_CLIENT_CERT_FILE,
        keyFile: STACKED_ETCD_CLIENT_KEY_FILE,
      }
      : etcd;
    const pkiDirs = [...new Set([client.caFile, client.certFile, client.keyFile].map((file) => path.posix.dirname(file)))];
    const pkiVolumes = pkiDirs.map((dir, i) => ({ name: i === 0 ? 'etcd-pki' : `etcd-pki-${i}`, dir }));

    const hardened: k8s.SecurityContext = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    };
    const store = target.kind === BackupTargetKind.VOLUME
      ? {
        image: BUSYBOX_IMAGE,
        script: VOLUME_STORE_SCRIPT,
        env: [] as k8s.EnvVar[],
        envFrom: [] as k8s.EnvFromSource[],
        mounts: [{ name: 'backups', mountPath: BACKUP_DIR }],
        volumes: [{ name: 'backups', persistentVolumeClaim: { claimName: target.claimName } }],
      }
      : {
        image: AWS_CLI_IMAGE,
        script: S3_STORE_SCRIPT,
        env: [
          { name: 'BUCKET', value: target.bucket },
          { name: 'PREFIX', value: target.prefix },
          { name: 'AWS_DEFAULT_REGION', value: target.region },
          ...(target.endpoint ? [{ name: 'AWS_ENDPOINT_URL', value: target.endpoint }] : []),
          // The CLI keeps its cache under HOME; the root file system is read-only.
          { name: 'HOME', value: '/tmp' },
        ],
        envFrom: [{ secretRef: { name: target.credentialsSecret } }],
        mounts: [{ name: 'tmp', mountPath: '/tmp' }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      };

    new k8s.KubeCronJob(this, 'Resource', {
      metadata,
      spec: {
        schedule: backup.schedule,
        // A snapshot that is still running is never joined by a second one.
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            // Each retry is a new pod, which may land on another control-plane node and so snapshot another member.
            backoffLimit: 2,
            activeDeadlineSeconds: 1800,
            template: {
              metadata: { labels: { 'app.kubernetes.io/name': ETCD_BACKUP_NAME } },
              spec: {
                serviceAccountName: ETCD_BACKUP_NAME,
                automountServiceAccountToken: false,
                restartPolicy: 'Never',
                hostNetwork: true,
                // The node's resolver: the job must work while cluster DNS does not.
                dnsPolicy: 'Default',
                nodeSelector: { [CONTROL_PLANE_NODE_LABEL]: '' },
                tolerations: [{ key: CONTROL_PLANE_NODE_LABEL, operator: 'Exists', effect: 'NoSchedule' }],
                securityContext: { fsGroup: ETCD_BACKUP_STORE_USER, seccompProfile: { type: 'RuntimeDefault' } },
                initContainers: [{
                  name: 'snapshot',
                  image: backup.image,
                  command: ['/bin/sh', '-c', SNAPSHOT_SCRIPT],
                  env: [
                    { name: 'ETCDCTL_API', value: '3' },
                    { name: 'ETCD_ENDPOINTS', value: client.endpoints.join(' ') },
                    { name: 'ETCD_CACERT', value: client.caFile },
                    { name: 'ETCD_CERT', value: client.certFile },
                    { name: 'ETCD_KEY', value: client.keyFile },
                  ],
                  resources: {
                    requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
                    limits: { memory: k8s.Quantity.fromString('512Mi') },
                  },
                  // Root, for etcd's client key; no capability, so it reads only what root owns.
                  securityContext: { ...hardened, runAsUser: 0, runAsGroup: 0, runAsNonRoot: false },
                  volumeMounts: [
                    ...pkiVolumes.map((v) => ({ name: v.name, mountPath: v.dir, readOnly: true })),
                    { name: 'snapshot', mountPath: WORK_DIR },
                  ],
                }],
                containers: [{
                  name: 'store',
                  image: store.image,
                  command: ['/bin/sh', '-c', store.script],
                  env: [{ name: 'RETENTION', value: String(backup.retention) }, ...store.env],
                  ...(store.envFrom.length > 0 ? { envFrom: store.envFrom } : {}),
                  resources: {
                    requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
                    limits: { memory: k8s.Quantity.fromString('512Mi') },
                  },
                  securityContext: { ...hardened, runAsNonRoot: true, runAsUser: ETCD_BACKUP_STORE_USER, runAsGroup: ETCD_BACKUP_STORE_USER },
                  volumeMounts: [{ name: 'snapshot', mountPath: WORK_DIR, readOnly: true }, ...store.mounts],
                }],
                volumes: [
                  ...pkiVolumes.map((v) => ({ name: v.name, hostPath: { path: v.dir, type: 'Directory' } })),
                  { name: 'snapshot', emptyDir: {} },
                  ...store.volumes,
                ],
              },
            },
          },
        },
      },
    });
  }
}
