import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DEFAULT_DEPLOYER_SERVICE_ACCOUNT } from './environment-defaults';
import { PolicyRule, Role } from './environment-model';
import { ObjectIdentity, apiGroupOf, isGoverningObject } from './governing-kinds';

/**
 * What managing an object takes: reading it (plan, refresh; `kubectl rollout status` gets the workload, then lists and
 * watches it by name: kubernetes/kubectl pkg/cmd/rollout/rollout_status.go), creating, changing and deleting it (apply,
 * destroy; the provider's plan is a server-side apply dry run, a `patch`: terraform-provider-kubernetes
 * manifest/provider/plan.go, v3.2.1).
 */
export const MANAGE_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** Plurals that do not follow the English rules below. */
const IRREGULAR_PLURALS: { readonly [kind: string]: string } = { Endpoints: 'endpoints' };

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A group of people and the role it gets. */
export interface GroupGrant {
  /** Group name, as the cluster's authenticator reports it. */
  readonly group: string;
  /** The role the group gets in the namespace. */
  readonly role: Role;
}

/** Props of {@link AccessControl}. */
export interface AccessControlProps {
  /** Namespace the grants apply to. */
  readonly namespace: string;
  /**
   * Group grants; each role becomes one Role and one RoleBinding listing its groups.
   * @default - none
   */
  readonly grants?: GroupGrant[];
  /**
   * Name of the ServiceAccount CI deploys with.
   * @default 'deployer'
   */
  readonly deployerServiceAccount?: string;
}

/**
 * Namespaced RBAC of an environment: a Role and RoleBinding per granted role, and a deployer ServiceAccount whose Role
 * is computed at synth time from what the environment runs — manage exactly the kinds of the namespace's objects that
 * do not govern it ({@link isGoverningObject}), and nothing else: not the namespace, its quota, limit range, network
 * policies, Roles, RoleBindings or ServiceAccounts, no Secrets unless its apps own Secret objects, no `pods/exec`.
 * All of these, this Role included, are applied by the platform's own identity (the `governance-<environment>`
 * stack), which holds every right the Roles grant, so RBAC's escalation check never requires the deployer to hold
 * them. Only Roles and RoleBindings: nothing cluster-wide, no wildcards, nothing bound to the `default` ServiceAccount.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
 */
export class AccessControl extends Construct {
  /** The namespace. */
  public readonly namespace: string;
  /** Name of the deployer ServiceAccount. */
  public readonly deployerServiceAccount: string;
  private readonly grants: GroupGrant[] = [];
  private readonly roles = new Map<string, { role: Role; groups: string[] }>();

  constructor(scope: Construct, id: string, props: AccessControlProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.deployerServiceAccount = props.deployerServiceAccount ?? DEFAULT_DEPLOYER_SERVICE_ACCOUNT;

    const deployer = new Construct(this, 'Deployer');
    new k8s.KubeServiceAccount(deployer, 'ServiceAccount', {
      metadata: { name: this.deployerServiceAccount, namespace: this.namespace },
      // CI authenticates with a token it requests (TokenRequest / kubectl create token), not a mounted one.
      automountServiceAccountToken: false,
    });
    new ApiObject(deployer, 'Role', {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'Role',
      metadata: { name: this.deployerServiceAccount, namespace: this.namespace },
      rules: Lazy.any({ produce: () => this.deployerRules() }),
    });
    new k8s.KubeRoleBinding(deployer, 'RoleBinding', {
      metadata: { name: this.deployerServiceAccount, namespace: this.namespace },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: this.deployerServiceAccount },
      subjects: [{ kind: 'ServiceAccount', name: this.deployerServiceAccount, namespace: this.namespace }],
    });
    (props.grants ?? []).forEach((grant) => this.grant(grant.group, grant.role));
  }

  /** Grants a role to a group in this namespace. */
  public grant(group: string, role: Role): void {
    if (role.name === this.deployerServiceAccount) {
      throw new Error(`${this.node.path}: role "${role.name}" has the name of the deployer's Role; rename the role`);
    }
    const existing = this.roles.get(role.name);
    if (existing && existing.role !== role) {
      throw new Error(`${this.node.path}: two different roles are named "${role.name}"; role names must be unique`);
    }
    // Record the grant only once it is accepted, so a refused grant leaves no trace in groupGrants.
    this.grants.push({ group, role });
    if (existing) {
      if (!existing.groups.includes(group)) existing.groups.push(group);
      return;
    }
    const scope = new Construct(this, `Role-${role.name}`);
    new k8s.KubeRole(scope, 'Role', {
      metadata: { name: role.name, namespace: this.namespace },
      rules: role.rules.map(toRule),
    });
    const groups = [group];
    new ApiObject(scope, 'RoleBinding', {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'RoleBinding',
      metadata: { name: role.name, namespace: this.namespace },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: role.name },
      subjects: Lazy.any({ produce: () => groups.map((name) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name })) }),
    });
    this.roles.set(role.name, { role, groups });
  }

  /** The grants made so far (a copy). */
  public get groupGrants(): GroupGrant[] {
    return [...this.grants];
  }

  /** The deployer's rules: manage every kind of the namespace's objects that do not govern it, one rule per API group. */
  private deployerRules(): PolicyRule[] {
    return deployerRulesFor(this.node.root.node.findAll()
      .filter((node): node is ApiObject => node instanceof ApiObject)
      .map((node) => ({ apiVersion: node.apiVersion, kind: node.kind, metadata: { namespace: node.metadata.namespace } })), this.namespace);
  }
}

/**
 * The rules of an environment's deployer: the `get`, `list`, `watch`, `create`, `update`, `patch` and `delete` verbs
 * on each kind of `objects` in `namespace` that does not govern it, one rule per API group (groups sorted, resources
 * sorted). Derived from what the environment runs, never from a role people hold.
 */
export function deployerRulesFor(objects: readonly ObjectIdentity[], namespace: string): PolicyRule[] {
  const resourcesByGroup = new Map<string, Set<string>>();
  for (const object of objects) {
    if (object.metadata?.namespace !== namespace || isGoverningObject(object) || object.kind === undefined) {
      continue;
    }
    const group = apiGroupOf(object.apiVersion);
    const resources = resourcesByGroup.get(group) ?? new Set<string>();
    resources.add(pluralOf(object.kind));
    resourcesByGroup.set(group, resources);
  }
  return [...resourcesByGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: [...MANAGE_VERBS] }));
}

/** The resource name of a kind: lower case, English plural (NetworkPolicy → networkpolicies, Ingress → ingresses). */
export function pluralOf(kind: string): string {
  if (IRREGULAR_PLURALS[kind]) {
    return IRREGULAR_PLURALS[kind];
  }
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) {
    return `${lower.slice(0, -1)}ies`;
  }
  if (/(s|x|z|ch|sh)$/.test(lower)) {
    return `${lower}es`;
  }
  return `${lower}s`;
}

function toRule(rule: PolicyRule): PolicyRule {
  const out: { -readonly [K in keyof PolicyRule]: PolicyRule[K] } = {
    apiGroups: [...rule.apiGroups],
    resources: [...rule.resources],
    verbs: [...rule.verbs],
  };
  if (rule.resourceNames !== undefined) {
    out.resourceNames = [...rule.resourceNames];
  }
  return out;
}
