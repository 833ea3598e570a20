import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IDENTITY_CONFIG_MAP, IDENTITY_NAMESPACE } from './cluster-defaults';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A ServiceAccount that deploys an environment and so must read the identity. */
export interface IdentityReader {
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** ServiceAccount name. */
  readonly serviceAccount: string;
}

/** Props of {@link ClusterIdentity}. */
export interface ClusterIdentityProps {
  /** The cluster's name, as the platform definition spells it. */
  readonly cluster: string;
  /** The environments the cluster hosts. */
  readonly environments: string[];
  /**
   * Deployers that may read the identity (with get, and list/watch restricted by name).
   * @default - none
   */
  readonly readers?: IdentityReader[];
}

/**
 * Says which cluster this is: a ConfigMap `kube-system/platform-identity` holding the cluster name. Every Terraform
 * stack reads it at plan time and refuses to apply when the kube context points at another cluster. A Role and
 * RoleBinding in kube-system let each environment's deployer read this one ConfigMap and nothing else.
 */
export class ClusterIdentity extends Construct {
  constructor(scope: Construct, id: string, props: ClusterIdentityProps) {
    super(scope, id);
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: IDENTITY_CONFIG_MAP, namespace: IDENTITY_NAMESPACE },
      data: { cluster: props.cluster, environments: props.environments.join(',') },
    });
    const readers = props.readers ?? [];
    if (readers.length === 0) {
      return;
    }
    const name = `${IDENTITY_CONFIG_MAP}-reader`;
    new k8s.KubeRole(this, 'ReaderRole', {
      metadata: { name, namespace: IDENTITY_NAMESPACE },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [IDENTITY_CONFIG_MAP], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeRoleBinding(this, 'ReaderBinding', {
      metadata: { name, namespace: IDENTITY_NAMESPACE },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name },
      subjects: readers.map((r) => ({ kind: 'ServiceAccount', name: r.serviceAccount, namespace: r.namespace })),
    });
  }
}
