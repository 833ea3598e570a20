import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { appRoutes } from '../app/app-routes';
import { ClusterGatewayObjects } from '../cluster/cluster-gateway';
import { Cluster } from '../cluster/cluster-model';
import { Environment } from './environment-model';
import { deployerStateNamespace } from './governing-kinds';
import { PreviewJanitor } from './preview-janitor';
import { ClusterIdentity } from '../cluster/cluster-identity';
import { EtcdBackupJob } from '../cluster/etcd-backup-job';
import { kubernetesRelease } from '../cluster/kubernetes-versions';
import { minorOf } from '../core/kubernetes-version';
import { PriorityClasses } from '../cluster/priority-classes';
import { StorageClasses } from '../cluster/storage-classes';

/** Props of {@link ClusterChart}. */
export interface ClusterChartProps {
  /** The validated cluster. */
  readonly cluster: Cluster;
  /** The environments on the cluster; their deployers may read the cluster identity. */
  readonly environments: Environment[];
}

/**
 * The objects that live in one cluster for all its environments: PriorityClasses, the StorageClasses the platform
 * creates, the cluster identity the Terraform guard reads, the Gateway with a listener per host of its environments
 * (where the cluster routes through the Gateway API), and the etcd snapshot CronJob. Both renderers read it:
 * `dist/clusters/<cluster>/cluster.k8s.yaml` and the `cluster-<cluster>` Terraform stack. What builds the cluster
 * (kubeadm, Cluster API, kind) is not here but in `ClusterArtefacts`.
 */
export class ClusterChart extends Chart {
  /** The cluster. */
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    super(scope, id, { labels: { [props.cluster.labelKeys.cluster]: props.cluster.name }, disableResourceNameHashes: true });
    this.cluster = props.cluster;
    new PriorityClasses(this, 'PriorityClasses', { classes: props.cluster.priorityClasses });
    if (props.cluster.storage.classes.length > 0) {
      new StorageClasses(this, 'StorageClasses', { classes: props.cluster.storage.classes, defaultClass: props.cluster.storage.defaultClass });
    }
    new ClusterIdentity(this, 'Identity', {
      cluster: props.cluster.name,
      environments: props.environments.map((e) => e.name),
      readers: props.environments.map((e) => ({
        namespace: e.namespace,
        serviceAccount: e.access.deployerServiceAccount,
        // The deployer's own state namespace, where its state is kept on this cluster (lib/environment/governing-kinds.ts).
        stateNamespace: e.state.kind === 'kubernetes' && e.state.context === props.cluster.kubeconfig.context ? deployerStateNamespace(e) : undefined,
      })),
    });
    if (props.cluster.gateway) {
      new ClusterGatewayObjects(this, 'Gateway', {
        gateway: props.cluster.gateway,
        podSecurityVersion: kubernetesRelease(minorOf(props.cluster.kubernetesVersion)).podSecurityVersion,
        listeners: props.environments.flatMap((env) => env.apps.flatMap((app) => appRoutes(app)
          .map((route) => ({ host: route.host, namespace: env.namespace })))),
      });
    }
    if (props.cluster.etcdBackup) {
      new EtcdBackupJob(this, 'EtcdBackup', { backup: props.cluster.etcdBackup, etcd: props.cluster.controlPlane.etcd });
    }
    if (props.cluster.previews) {
      // The cluster of the preview template deletes expired previews itself (lib/delivery, docs/delivery.md).
      new PreviewJanitor(this, 'PreviewJanitor', {
        schedule: props.cluster.previews.janitorSchedule,
        image: props.cluster.previews.janitorImage,
        dns: props.cluster.dns,
        labelKeys: props.cluster.labelKeys,
        networking: props.cluster.networking,
      });
    }
  }
}
