import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterV1Beta2 as CapiCluster } from '../../../imports/capi-cluster-cluster.x-k8s.io';
import { KubeadmConfigTemplateV1Beta2 as KubeadmConfigTemplate } from '../../../imports/capi-kubeadmconfigtemplate-bootstrap.cluster.x-k8s.io';
import {
  KubeadmControlPlaneV1Beta2 as KubeadmControlPlane, KubeadmControlPlaneV1Beta2SpecKubeadmConfigSpecFiles as KubeadmConfigFile,
  KubeadmControlPlaneV1Beta2SpecRolloutStrategyRollingUpdateMaxSurge as ControlPlaneMaxSurge,
  KubeadmControlPlaneV1Beta2SpecRolloutStrategyType as ControlPlaneRolloutType,
} from '../../../imports/capi-kubeadmcontrolplane-controlplane.cluster.x-k8s.io';
import {
  MachineDeploymentV1Beta2 as MachineDeployment, MachineDeploymentV1Beta2SpecRolloutStrategyRollingUpdateMaxSurge as PoolMaxSurge,
  MachineDeploymentV1Beta2SpecRolloutStrategyRollingUpdateMaxUnavailable as PoolMaxUnavailable,
  MachineDeploymentV1Beta2SpecRolloutStrategyType as PoolRolloutType,
} from '../../../imports/capi-machinedeployment-cluster.x-k8s.io';
import {
  MachineHealthCheckV1Beta2 as MachineHealthCheck, MachineHealthCheckV1Beta2SpecRemediationTriggerIfUnhealthyLessThanOrEqualTo as UnhealthyAtMost,
} from '../../../imports/capi-machinehealthcheck-cluster.x-k8s.io';
import { EncryptionKind } from '../cluster-types';
import { controlPlaneName } from '../cluster-names';
import { Cluster } from '../cluster-model';
import { nodeLabelsFlag, nodeTaints, poolPlacements } from '../_placements';
import { yamlDocuments } from '../_yaml';
import { auditPolicy } from './audit-policy';
import { ClusterArtefact } from './cluster-artefact';
import { encryptionConfiguration } from './encryption-config';
import {
  AUDIT_POLICY_FILE, CONTROL_PLANE_TAINT, ControlPlaneComponents, ENCRYPTION_CONFIG_FILE, ExtraArgs, KMS_PLUGIN_FILE, controlPlaneComponents,
  extraArgs, kmsPluginStaticPod,
} from './kubeadm-config';

/**
 * API groups of the references between Cluster API objects: v1beta2 references name the group only (`apiGroup`), and
 * the controllers resolve the version through the contract.
 * @see https://cluster-api.sigs.k8s.io/developer/providers/contracts/overview
 */
const CONTROL_PLANE_API_GROUP = 'controlplane.cluster.x-k8s.io';
const BOOTSTRAP_API_GROUP = 'bootstrap.cluster.x-k8s.io';

/**
 * The kubelet flag that leaves node initialisation to the cloud's cloud-controller-manager: the in-tree cloud providers
 * were removed (Kubernetes 1.31), and without it no node of a cloud machine gets a providerID, so Cluster API never
 * matches Machine and Node and the health checks replace the machines forever.
 * @see https://kubernetes.io/docs/concepts/architecture/cloud-controller/
 * @see https://cluster-api.sigs.k8s.io/tasks/external-cloud-provider
 */
const EXTERNAL_CLOUD_PROVIDER: ExtraArgs = [{ name: 'cloud-provider', value: 'external' }];

/** Labels Cluster API sets on machines, which selectors match. */
const CAPI_CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';
const CAPI_DEPLOYMENT_NAME_LABEL = 'cluster.x-k8s.io/deployment-name';
const CAPI_CONTROL_PLANE_LABEL = 'cluster.x-k8s.io/control-plane';

/** Chart id, and so file name, of the Cluster API objects: `cluster-api.k8s.yaml`. */
export const CLUSTER_API_CHART = 'cluster-api';

/** Annotations the cluster autoscaler's Cluster API provider reads on a MachineDeployment. */
export const AUTOSCALER_MIN_SIZE = 'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size';
export const AUTOSCALER_MAX_SIZE = 'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size';

/** Key of the EncryptionConfiguration in the management-cluster Secret `<cluster>-encryption-config`. */
export const ENCRYPTION_SECRET_KEY = 'encryption-config.yaml';

/**
 * A machine is replaced when its node has not been Ready for five minutes, or never joined within twenty (CAPI's
 * examples use five minutes; cloud machines with image pulls need more than CAPI's ten-minute startup default).
 */
const UNHEALTHY_AFTER_SECONDS = 300;
const NODE_STARTUP_TIMEOUT_SECONDS = 1200;

/** At most this share of a pool is remediated at once; beyond it something systemic is wrong and replacing machines makes it worse. */
const POOL_MAX_UNHEALTHY = '40%';

/** Name of the management-cluster Secret that holds a cluster's filled-in EncryptionConfiguration (local keys only). */
export function encryptionSecretName(cluster: string): string {
  return `${cluster}-encryption-config`;
}

/** Props of {@link ClusterApiChart}. */
export interface ClusterApiChartProps {
  /** The validated cluster. */
  readonly cluster: Cluster;
}

/**
 * The Cluster API objects of a cluster, applied to a management cluster (never to the cluster itself):
 *
 * - `Cluster`, pointing at the provider's infrastructure cluster and at the control plane;
 * - `KubeadmControlPlane` with the replica count, a rolling update that adds a machine before it removes one (so etcd
 *   never drops below its member count), and the same kubeadm settings as the kubeadm files, plus the audit policy
 *   and EncryptionConfiguration as files on each machine;
 * - per node pool and zone, a `KubeadmConfigTemplate` that registers nodes with the pool's labels, the zone label and
 *   the pool's taints, and a `MachineDeployment` in that failure domain (fixed size, or autoscaler bounds);
 * - `MachineHealthCheck`s for the control plane and each pool.
 *
 * @see https://cluster-api.sigs.k8s.io/tasks/control-plane/kubeadm-control-plane
 */
export class ClusterApiChart extends Chart {
  /** The cluster. */
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props: ClusterApiChartProps) {
    super(scope, id, { labels: { [props.cluster.labelKeys.cluster]: props.cluster.name }, disableResourceNameHashes: true });
    const cluster = props.cluster;
    this.cluster = cluster;
    const { namespace, infrastructure } = cluster.clusterApi;
    const endpoint = cluster.controlPlane.endpoint;
    const controlPlane = controlPlaneName(cluster.name);

    new CapiCluster(this, 'Cluster', {
      metadata: { name: cluster.name, namespace },
      spec: {
        ...(endpoint ? { controlPlaneEndpoint: { host: endpoint.host, port: endpoint.port } } : {}),
        // The declared ranges; the KubeadmControlPlane's networking defaults from them.
        clusterNetwork: {
          pods: { cidrBlocks: [...cluster.networking.podSubnets] }, services: { cidrBlocks: [...cluster.networking.serviceSubnets] },
        },
        controlPlaneRef: { apiGroup: CONTROL_PLANE_API_GROUP, kind: 'KubeadmControlPlane', name: controlPlane },
        infrastructureRef: { apiGroup: apiGroupOf(infrastructure.apiVersion), kind: infrastructure.clusterKind, name: infrastructure.clusterName },
      },
    });

    const components = controlPlaneComponents(cluster);
    const cloudArgs = infrastructure.externalCloudProvider ? { kubeletExtraArgs: [...EXTERNAL_CLOUD_PROVIDER] } : {};
    new KubeadmControlPlane(this, 'ControlPlane', {
      metadata: { name: controlPlane, namespace },
      spec: {
        replicas: cluster.controlPlane.replicas,
        version: cluster.kubernetesVersion,
        machineTemplate: {
          spec: {
            infrastructureRef: {
              apiGroup: apiGroupOf(infrastructure.apiVersion),
              kind: infrastructure.machineTemplateKind,
              name: infrastructure.controlPlaneMachineTemplate,
            },
          },
        },
        rollout: {
          strategy: { type: ControlPlaneRolloutType.ROLLING_UPDATE, rollingUpdate: { maxSurge: ControlPlaneMaxSurge.fromNumber(1) } },
        },
        kubeadmConfigSpec: {
          clusterConfiguration: clusterConfigurationOf(components),
          initConfiguration: { nodeRegistration: { ...cloudArgs, taints: [{ ...CONTROL_PLANE_TAINT }] } },
          joinConfiguration: { nodeRegistration: { ...cloudArgs, taints: [{ ...CONTROL_PLANE_TAINT }] } },
          files: controlPlaneFiles(cluster),
        },
      },
    });

    new MachineHealthCheck(this, 'ControlPlaneHealth', {
      metadata: { name: controlPlane, namespace },
      spec: {
        clusterName: cluster.name,
        selector: { matchLabels: { [CAPI_CONTROL_PLANE_LABEL]: '' } },
        checks: healthChecks(),
      },
    });

    const pools = new Construct(this, 'NodePools');
    for (const placement of poolPlacements(cluster)) {
      const { pool, zone, name } = placement;
      const group = new Construct(pools, name);
      new KubeadmConfigTemplate(group, 'Bootstrap', {
        metadata: { name, namespace },
        spec: {
          template: {
            spec: {
              joinConfiguration: {
                nodeRegistration: {
                  kubeletExtraArgs: [
                    ...(infrastructure.externalCloudProvider ? EXTERNAL_CLOUD_PROVIDER : []),
                    ...extraArgs({ 'node-labels': nodeLabelsFlag(placement.nodeLabels) }),
                  ],
                  taints: nodeTaints(pool),
                },
              },
            },
          },
        },
      });
      const selector = { [CAPI_CLUSTER_NAME_LABEL]: cluster.name, [CAPI_DEPLOYMENT_NAME_LABEL]: name };
      const autoscaled = pool.maxSize > pool.minSize;
      new MachineDeployment(group, 'Resource', {
        metadata: {
          name,
          namespace,
          labels: { [cluster.labelKeys.pool]: pool.name },
          // Without replicas, Cluster API starts at the autoscaler's minimum and never resets what the autoscaler set.
          ...(autoscaled ? { annotations: { [AUTOSCALER_MIN_SIZE]: String(pool.minSize), [AUTOSCALER_MAX_SIZE]: String(pool.maxSize) } } : {}),
        },
        spec: {
          clusterName: cluster.name,
          ...(autoscaled ? {} : { replicas: pool.minSize }),
          selector: { matchLabels: selector },
          rollout: {
            strategy: {
              type: PoolRolloutType.ROLLING_UPDATE,
              rollingUpdate: { maxSurge: PoolMaxSurge.fromNumber(1), maxUnavailable: PoolMaxUnavailable.fromNumber(0) },
            },
          },
          template: {
            metadata: { labels: { ...selector, [cluster.labelKeys.pool]: pool.name } },
            spec: {
              clusterName: cluster.name,
              version: pool.kubernetesVersion,
              ...(zone === undefined ? {} : { failureDomain: zone }),
              bootstrap: { configRef: { apiGroup: BOOTSTRAP_API_GROUP, kind: 'KubeadmConfigTemplate', name } },
              infrastructureRef: {
                apiGroup: apiGroupOf(infrastructure.apiVersion),
                kind: infrastructure.machineTemplateKind,
                name: infrastructure.nodePoolMachineTemplates[pool.name],
              },
            },
          },
        },
      });
    }

    const health = new Construct(this, 'NodePoolHealth');
    for (const pool of cluster.nodePools) {
      new MachineHealthCheck(health, pool.name, {
        metadata: { name: `${cluster.name}-${pool.name}`, namespace },
        spec: {
          clusterName: cluster.name,
          selector: { matchLabels: { [CAPI_CLUSTER_NAME_LABEL]: cluster.name, [cluster.labelKeys.pool]: pool.name } },
          checks: healthChecks(),
          remediation: { triggerIf: { unhealthyLessThanOrEqualTo: UnhealthyAtMost.fromString(POOL_MAX_UNHEALTHY) } },
        },
      });
    }
  }
}

/** The kubeadm components in the bindings' spelling (`certSaNs` is how cdk8s import names `certSANs`). */
function clusterConfigurationOf(components: ControlPlaneComponents) {
  const { certSANs, extraArgs, extraVolumes } = components.apiServer;
  return {
    etcd: components.etcd,
    apiServer: { ...(certSANs ? { certSaNs: certSANs } : {}), extraArgs, extraVolumes },
    controllerManager: components.controllerManager,
    scheduler: components.scheduler,
  };
}

/**
 * The files the API server flags point at, written on each control-plane machine before kubeadm runs. A configuration
 * with locally held keys comes from a Secret in the management cluster, filled in at provisioning; it is never rendered.
 */
function controlPlaneFiles(cluster: Cluster): KubeadmConfigFile[] {
  const encryption: KubeadmConfigFile = cluster.encryption.kind === EncryptionKind.KMS
    ? { path: ENCRYPTION_CONFIG_FILE, owner: 'root:root', permissions: '0600', content: yamlDocuments([encryptionConfiguration(cluster.encryption)]) }
    : {
      path: ENCRYPTION_CONFIG_FILE,
      owner: 'root:root',
      permissions: '0600',
      contentFrom: { secret: { name: encryptionSecretName(cluster.name), key: ENCRYPTION_SECRET_KEY } },
    };
  const kmsPlugin = kmsPluginStaticPod(cluster);
  return [
    { path: AUDIT_POLICY_FILE, owner: 'root:root', permissions: '0600', content: yamlDocuments([auditPolicy(cluster.audit)]) },
    encryption,
    ...(kmsPlugin ? [{ path: KMS_PLUGIN_FILE, owner: 'root:root', permissions: '0600', content: yamlDocuments([kmsPlugin]) }] : []),
  ];
}

function healthChecks() {
  return {
    nodeStartupTimeoutSeconds: NODE_STARTUP_TIMEOUT_SECONDS,
    unhealthyNodeConditions: [
      { type: 'Ready', status: 'Unknown', timeoutSeconds: UNHEALTHY_AFTER_SECONDS },
      { type: 'Ready', status: 'False', timeoutSeconds: UNHEALTHY_AFTER_SECONDS },
    ],
  };
}

/** The group of an `apiVersion` (`infrastructure.cluster.x-k8s.io/v1beta2` → `infrastructure.cluster.x-k8s.io`). */
function apiGroupOf(apiVersion: string): string {
  return apiVersion.split('/')[0];
}

/** `cluster-api.k8s.yaml`: the {@link ClusterApiChart}, for a management cluster. */
export const clusterApiArtefact: ClusterArtefact = {
  chart: (app, cluster) => new ClusterApiChart(app, CLUSTER_API_CHART, { cluster }),
};
