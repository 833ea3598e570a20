import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IDENTITY_CONFIG_MAP, IDENTITY_NAMESPACE } from './cluster-defaults';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Name of the ClusterRole that lets an environment's deployer discover the API the way its tools need. */
export const DEPLOYER_DISCOVERY_ROLE = 'platform-deployer-discovery';

/** Name of the Role and RoleBinding of a deployer in its own state namespace. */
export const DEPLOYER_STATE_ROLE = 'deployer-state';

/**
 * What `cdktf deploy` of an environment reads outside its namespace that no default binding grants: the
 * CustomResourceDefinitions, listed cluster-wide. `kubernetes_manifest` looks every object's kind up among the CRDs
 * before it plans, applies or reads it, and the `kubernetes_resources` data source of the guard does the same
 * (`fetchCRDs` lists them for `lookUpGVKinCRDs` and `TFTypeFromOpenAPI`: manifest/provider/resource.go, called from
 * plan.go, apply.go, read.go and datasource.go; hashicorp/terraform-provider-kubernetes v3.2.1). `get` beside `list`
 * for `kubectl get crd <name>` when someone debugs as the deployer.
 *
 * The provider also reads `/apis` (`checkValidCredentials`, manifest/provider/clients.go), the discovery documents
 * (`/api`, `/apis`, `/apis/<group>/<version>`, through its RESTMapper) and `/openapi/v2` (`getOAPIv2Foundry`,
 * clients.go). Those the bootstrap ClusterRole `system:discovery` grants to every authenticated user
 * (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go; the API server reconciles it at
 * start), and they need wildcards (`/apis/*`) this platform never grants, so they are not repeated here.
 * `kubectl rollout status` (the rollout checks) reads the workload only (get, then list and watch by name:
 * kubernetes/kubectl pkg/cmd/rollout/rollout_status.go), which the deployer's own Role allows.
 */
export const DEPLOYER_DISCOVERY_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list'] },
];

/**
 * What the Terraform `kubernetes` backend does with a stack's state, in the namespace that holds it: it lists the
 * state's Secrets by label (large states are split over several), creates, updates and deletes them, and locks with a
 * Lease it creates and updates (hashicorp/terraform internal/backend/remote-state/kubernetes/client.go: `getSecrets`,
 * `Put`, `Lock`, `Unlock`). Listing by label and creating cannot be narrowed to names in RBAC, so the namespace holds one
 * deployer's state and nothing else.
 */
export const DEPLOYER_STATE_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
];

/** A ServiceAccount that deploys an environment and so must read the identity. */
export interface IdentityReader {
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** ServiceAccount name. */
  readonly serviceAccount: string;
  /**
   * Namespace of this cluster that holds the deployer's Terraform state (the `kubernetes` backend), and nothing else:
   * created here, with a Role that lets the deployer keep its state in it.
   * @default - the deployer's state is not on this cluster
   */
  readonly stateNamespace?: string;
}

/** Props of {@link ClusterIdentity}. */
export interface ClusterIdentityProps {
  /** The cluster's name, as the platform definition spells it. */
  readonly cluster: string;
  /** The environments the cluster hosts. */
  readonly environments: string[];
  /**
   * Deployers that may read the identity (with get, and list/watch restricted by name), discover the API
   * ({@link DEPLOYER_DISCOVERY_RULES}) and keep their state in a namespace of their own.
   * @default - none
   */
  readonly readers?: IdentityReader[];
}

/**
 * Says which cluster this is: a ConfigMap `kube-system/platform-identity` holding the cluster name. Every Terraform
 * stack reads it at plan time and refuses to apply when the kube context points at another cluster.
 *
 * It also gives each environment's deployer what its stack reads outside its namespace, and nothing it could change
 * anything with: a Role and RoleBinding in kube-system to read this one ConfigMap, the ClusterRole
 * {@link DEPLOYER_DISCOVERY_ROLE} with one ClusterRoleBinding per deployer, and, where its state is on this cluster, a
 * namespace holding only its state with a Role to keep it there. These are cluster-scoped or in namespaces no
 * environment owns, so the cluster's stack applies them with the platform's identity.
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

    new k8s.KubeClusterRole(this, 'DiscoveryRole', {
      metadata: { name: DEPLOYER_DISCOVERY_ROLE },
      rules: DEPLOYER_DISCOVERY_RULES.map((rule) => ({ ...rule })),
    });
    for (const reader of readers) {
      const scope = new Construct(this, `Deployer-${reader.namespace}`);
      // One binding per deployer, so adding or removing an environment touches its own binding only.
      new ApiObject(scope, 'DiscoveryBinding', {
        apiVersion: `${RBAC_GROUP}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name: `${DEPLOYER_DISCOVERY_ROLE}-${reader.namespace}` },
        roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: DEPLOYER_DISCOVERY_ROLE },
        subjects: [{ kind: 'ServiceAccount', name: reader.serviceAccount, namespace: reader.namespace }],
      });
      if (reader.stateNamespace === undefined) {
        continue;
      }
      new k8s.KubeNamespace(scope, 'StateNamespace', {
        metadata: {
          name: reader.stateNamespace,
          // Nothing runs here: the strictest Pod Security level refuses any pod that is not fully hardened.
          labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
        },
      });
      new k8s.KubeRole(scope, 'StateRole', {
        metadata: { name: DEPLOYER_STATE_ROLE, namespace: reader.stateNamespace },
        rules: DEPLOYER_STATE_RULES.map((rule) => ({ ...rule })),
      });
      new k8s.KubeRoleBinding(scope, 'StateBinding', {
        metadata: { name: DEPLOYER_STATE_ROLE, namespace: reader.stateNamespace },
        roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: DEPLOYER_STATE_ROLE },
        subjects: [{ kind: 'ServiceAccount', name: reader.serviceAccount, namespace: reader.namespace }],
      });
    }
  }
}
