import { Testing } from 'cdk8s';
import { EtcdBackupJob } from '../../lib/cluster/etcd-backup-job';
import { EtcdBackup, ExternalEtcd, StackedEtcd } from '../../lib/cluster/cluster-model';
import { BackupTargetKind, EtcdKind, VolumeAccessMode } from '../../lib/cluster/cluster-types';
import { findObject, ofKind } from '../builders';

const STACKED: StackedEtcd = { kind: EtcdKind.STACKED, dataDir: '/var/lib/etcd' };
const EXTERNAL: ExternalEtcd = {
  kind: EtcdKind.EXTERNAL,
  endpoints: ['https://10.0.1.1:2379', 'https://10.0.1.2:2379', 'https://10.0.1.3:2379'],
  caFile: '/etc/etcd/pki/ca.crt',
  certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
  keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
};
const TO_VOLUME: EtcdBackup = {
  schedule: '0 0,6,12,18 * * *',
  retention: 28,
  image: 'registry.k8s.io/etcd:3.6.9-0',
  target: { kind: BackupTargetKind.VOLUME, claimName: 'etcd-snapshots', storageClass: 'shared', size: '20480Mi', accessMode: VolumeAccessMode.READ_WRITE_MANY },
};
const TO_S3: EtcdBackup = {
  ...TO_VOLUME,
  schedule: '@hourly',
  retention: 48,
  target: { kind: BackupTargetKind.S3, bucket: 'snapshots', region: 'eu-west-1', prefix: 'prod/etcd', credentialsSecret: 'etcd-s3' },
};
const HARDENED = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
const AS_ROOT = { ...HARDENED, runAsUser: 0, runAsGroup: 0, runAsNonRoot: false };
const AS_NON_ROOT = { ...HARDENED, runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 };

function render(backup: EtcdBackup, etcd: StackedEtcd | ExternalEtcd = STACKED): any[] {
  const chart = Testing.chart();
  new EtcdBackupJob(chart, 'EtcdBackup', { backup, etcd });
  return Testing.synth(chart);
}

function podSpec(objects: any[]): any {
  return findObject(objects, 'CronJob', 'etcd-snapshot').spec.jobTemplate.spec.template.spec;
}

function modelFor(apiVersion: string, kind: string): new (data: any) => { validate(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`kubernetes-models/${apiVersion}`)[kind];
}

describe('EtcdBackupJob', () => {
  test('renders a ServiceAccount without token, the claim, and the CronJob, all in kube-system, and no RBAC', () => {
    const objects = render(TO_VOLUME);

    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/kube-system/etcd-snapshot', 'PersistentVolumeClaim/kube-system/etcd-snapshots', 'CronJob/kube-system/etcd-snapshot',
    ]);
    expect(findObject(objects, 'ServiceAccount', 'etcd-snapshot').automountServiceAccountToken).toBe(false);
    expect(podSpec(objects).automountServiceAccountToken).toBe(false);
    expect(ofKind(objects, 'Role')).toEqual([]);
  });

  test('claims a shared volume for the snapshots, its size in canonical form', () => {
    expect(findObject(render(TO_VOLUME), 'PersistentVolumeClaim', 'etcd-snapshots').spec).toStrictEqual({
      storageClassName: 'shared', accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } },
    });
  });

  test('runs on schedule, one at a time, retrying on another pod', () => {
    const cronJob = findObject(render(TO_VOLUME), 'CronJob', 'etcd-snapshot');

    expect(cronJob.spec).toMatchObject({
      schedule: '0 0,6,12,18 * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: { spec: { backoffLimit: 2, activeDeadlineSeconds: 1800 } },
    });
    expect(podSpec([cronJob]).restartPolicy).toBe('Never');
  });

  test('runs on a control-plane node with the host network, with etcd\'s PKI mounted read-only, its volumes owned by the storing group', () => {
    const spec = podSpec(render(TO_VOLUME));

    expect(spec).toMatchObject({
      serviceAccountName: 'etcd-snapshot',
      hostNetwork: true,
      dnsPolicy: 'Default',
      nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
      securityContext: { fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    });
    expect(spec.volumes).toStrictEqual([
      { name: 'etcd-pki', hostPath: { path: '/etc/kubernetes/pki/etcd', type: 'Directory' } },
      { name: 'snapshot', emptyDir: {} },
      { name: 'backups', persistentVolumeClaim: { claimName: 'etcd-snapshots' } },
    ]);
  });

  test('saves the snapshot with etcdctl from the local member and checks it with etcdutl', () => {
    const [snapshot] = podSpec(render(TO_VOLUME)).initContainers;

    expect(snapshot.name).toBe('snapshot');
    expect(snapshot.image).toBe('registry.k8s.io/etcd:3.6.9-0');
    expect(snapshot.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(snapshot.command[2]).toContain('etcdctl --endpoints="$endpoint" --cacert="$ETCD_CACERT" --cert="$ETCD_CERT" --key="$ETCD_KEY" snapshot save '
      + '/snapshot/etcd.db');
    expect(snapshot.command[2]).toContain('etcdutl snapshot status /snapshot/etcd.db --write-out=table');
    expect(snapshot.env).toStrictEqual([
      { name: 'ETCDCTL_API', value: '3' },
      { name: 'ETCD_ENDPOINTS', value: 'https://127.0.0.1:2379' },
      { name: 'ETCD_CACERT', value: '/etc/kubernetes/pki/etcd/ca.crt' },
      { name: 'ETCD_CERT', value: '/etc/kubernetes/pki/etcd/healthcheck-client.crt' },
      { name: 'ETCD_KEY', value: '/etc/kubernetes/pki/etcd/healthcheck-client.key' },
    ]);
    expect(snapshot.volumeMounts).toStrictEqual([
      { name: 'etcd-pki', mountPath: '/etc/kubernetes/pki/etcd', readOnly: true },
      { name: 'snapshot', mountPath: '/snapshot' },
    ]);
    // Only this step is root: it reads etcd's client key, which root alone may read.
    expect(snapshot.securityContext).toStrictEqual(AS_ROOT);
    expect(snapshot.command[2]).toContain('chmod 0640 /snapshot/etcd.db');
  });

  test('stores the snapshot on the volume under a timestamped name and keeps the newest `retention`', () => {
    const [store] = podSpec(render(TO_VOLUME)).containers;

    expect(store.image).toBe('busybox:1.36.1');
    expect(store.env).toStrictEqual([{ name: 'RETENTION', value: '28' }]);
    expect(store.command[2]).toContain('name="etcd-$(date -u +%Y%m%dT%H%M%SZ).db"');
    expect(store.command[2]).toContain('mv "/backups/$name.partial" "/backups/$name"');
    expect(store.command[2]).toContain('sort -r | tail -n +$((RETENTION + 1))');
    expect(store.volumeMounts).toStrictEqual([{ name: 'snapshot', mountPath: '/snapshot', readOnly: true }, { name: 'backups', mountPath: '/backups' }]);
    expect(store.securityContext).toStrictEqual(AS_NON_ROOT);
  });

  test('uploads to S3 with credentials from a Secret it only references, and claims no volume', () => {
    const objects = render(TO_S3);
    const [store] = podSpec(objects).containers;

    expect(ofKind(objects, 'PersistentVolumeClaim')).toEqual([]);
    expect(findObject(objects, 'CronJob', 'etcd-snapshot').spec.schedule).toBe('@hourly');
    expect(store.image).toBe('amazon/aws-cli:2.17.0');
    expect(store.env).toStrictEqual([
      { name: 'RETENTION', value: '48' },
      { name: 'BUCKET', value: 'snapshots' },
      { name: 'PREFIX', value: 'prod/etcd' },
      { name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' },
      { name: 'HOME', value: '/tmp' },
    ]);
    expect(store.envFrom).toStrictEqual([{ secretRef: { name: 'etcd-s3' } }]);
    expect(store.command[2]).toContain('aws s3 cp /snapshot/etcd.db "s3://$BUCKET/$PREFIX/$name"');
    expect(store.command[2]).toContain('aws s3 rm "s3://$BUCKET/$key"');
    expect(store.securityContext).toStrictEqual(AS_NON_ROOT);
  });

  test('points an S3-compatible store\'s endpoint at the CLI', () => {
    const backup = { ...TO_S3, target: { ...TO_S3.target, endpoint: 'https://minio.example.com' } } as EtcdBackup;

    expect(podSpec(render(backup)).containers[0].env).toContainEqual({ name: 'AWS_ENDPOINT_URL', value: 'https://minio.example.com' });
  });

  test('tries each external member in turn, mounting the directory of each certificate', () => {
    const spec = podSpec(render(TO_VOLUME, EXTERNAL));

    expect(spec.initContainers[0].env.slice(1)).toStrictEqual([
      { name: 'ETCD_ENDPOINTS', value: 'https://10.0.1.1:2379 https://10.0.1.2:2379 https://10.0.1.3:2379' },
      { name: 'ETCD_CACERT', value: '/etc/etcd/pki/ca.crt' },
      { name: 'ETCD_CERT', value: '/etc/kubernetes/pki/apiserver-etcd-client.crt' },
      { name: 'ETCD_KEY', value: '/etc/kubernetes/pki/apiserver-etcd-client.key' },
    ]);
    expect(spec.volumes.slice(0, 2)).toStrictEqual([
      { name: 'etcd-pki', hostPath: { path: '/etc/etcd/pki', type: 'Directory' } },
      { name: 'etcd-pki-1', hostPath: { path: '/etc/kubernetes/pki', type: 'Directory' } },
    ]);
  });

  test.each([['a volume', TO_VOLUME], ['S3', TO_S3]])('renders objects that validate against the Kubernetes schema (%s)', (_name, backup) => {
    for (const object of render(backup)) {
      const Model = modelFor(object.apiVersion, object.kind);
      expect(() => new Model(object).validate()).not.toThrow();
    }
  });
});
