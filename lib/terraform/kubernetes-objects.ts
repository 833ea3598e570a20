import { createHash } from 'node:crypto';
import {
  anyToHclTerraform, anyToTerraform, dependable, Fn, hashMapper, hashMapperHcl, ITerraformDependable, TerraformResource, TerraformResourceConfig,
  TerraformStack,
} from 'cdktf';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { Construct } from 'constructs';
import { terraformName } from '../core/terraform-name';
import { escapeTemplates } from './escape';
import { Manifest, NamespaceV1 } from './_provider';
import { referencesOf } from './_references';
import { synthesizeResourceByResource } from './_resource-by-resource';

/** Props of {@link KubernetesObjects}. */
export interface KubernetesObjectsProps {
  /** The rendered Kubernetes objects, e.g. `chart.toJson()` of a cdk8s chart. */
  readonly manifests: any[];
  /**
   * The stack's own namespace: its objects are addressed without it (`kubernetes_manifest.<kind>_<name>`), so an object
   * keeps its address whichever stack holds the Namespace itself.
   * @default - the one Namespace of the manifests, if they hold exactly one
   */
  readonly namespace?: string;
  /**
   * Put the namespace under `prevent_destroy`, so no plan can delete it with everything in it.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * What must be evaluated before any object is applied (e.g. the cluster guard).
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Kinds no deploy may destroy (`prevent_destroy`): objects holding data in a protected environment, objects whose loss
   * breaks every new pod in the stack of a cluster that hosts one. Removing one is a deliberate procedure (docs/deploy.md).
   * @default - none
   */
  readonly protectKinds?: readonly string[];
  /**
   * Terraform expressions of the kubeconfig file and context `kubectl` runs with (the provider's), for the steps the
   * provider cannot take: a rollout check after each workload, the hand-over of a workload's replica count to its new
   * autoscaler, and the check of a StatefulSet's claim templates before it is applied (see {@link KubernetesObjects}).
   * @default - none of these steps: workloads are applied without waiting, a workload moving from fixed replicas to an
   * autoscaler restarts from one replica, and a changed claim template fails at the StatefulSet's apply
   */
  readonly kubectl?: KubectlConnection;
}

/** Where `kubectl` connects: Terraform expressions, usually the stack's `kube_*` variables. */
export interface KubectlConnection {
  /** Path of the kubeconfig file (`~` is expanded), e.g. the `kube_config_path` variable. */
  readonly configPath: string;
  /** Kubeconfig context, e.g. the `kube_context` variable. */
  readonly context: string;
}

/** The field manager every object is applied with (server-side apply); the provider's default is `Terraform`. */
export const FIELD_MANAGER = 'platform-deploy';

/**
 * The field manager a workload's replica count is handed to when an autoscaler takes it over: the name the Kubernetes
 * documentation uses for this step (Server-Side Apply, "Transferring ownership").
 */
export const HANDOVER_FIELD_MANAGER = 'handover-to-hpa';

/**
 * Kinds whose declared fields win over a change made by hand (`kubectl scale`, `edit`, `rollout undo`): the definition
 * is the truth for them, and a deploy puts it back (`force_conflicts`). Any other kind (a PersistentVolumeClaim someone
 * resized, a custom resource another controller writes to) stops the deploy with a conflict instead of overwriting a
 * field someone else owns; see docs/deploy.md, "Field ownership".
 */
export const FORCE_CONFLICT_KINDS: readonly string[] = [
  'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'CronJob', 'DaemonSet', 'Deployment', 'Gateway', 'GRPCRoute', 'HTTPRoute',
  'HorizontalPodAutoscaler', 'Ingress', 'LimitRange', 'NetworkPolicy', 'PodDisruptionBudget', 'PriorityClass', 'ResourceQuota', 'Role',
  'RoleBinding', 'Service', 'ServiceAccount', 'StatefulSet', 'StorageClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
];

/**
 * Fields the API server or a controller writes on every object, which the provider must not expect to read back as
 * sent: the provider's own default (manifest/provider/apply.go and plan.go, `computed_fields`, v2.38.0 and v3.2.1).
 */
const DEFAULT_COMPUTED_FIELDS = ['metadata.labels', 'metadata.annotations'];

/**
 * Terraform resources for rendered Kubernetes objects: the Namespace as a typed `kubernetes_namespace_v1` (so it can be
 * protected), every other object as a `kubernetes_manifest` holding the object exactly as rendered (strings kept
 * intact, `${` and `%{` escaped). Apply order follows `depends_on`: the namespace first, then each object after the
 * objects it references (a RoleBinding after its Role, a workload after its ServiceAccount and ConfigMaps).
 *
 * Addresses are a contract — changing one makes Terraform delete and re-create the object: `kubernetes_namespace_v1.<name>`,
 * `kubernetes_manifest.<kind>_<name>`, and `kubernetes_manifest.<kind>_<namespace>_<name>` for objects outside the
 * stack's own namespace (lower case, other characters than letters, digits, `_` and `-` as `_`, and `_` before a
 * leading digit).
 *
 * It also makes its stack write its resources one at a time when synthesized (it wraps the stack's `synthesizer`):
 * the same file cdktf writes, without holding every resource of a large stack in memory at once.
 *
 * @see https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/manifest
 */
export class KubernetesObjects extends Construct {
  /** The stack's own namespace resource, when the manifests include a Namespace. */
  public readonly namespace?: NamespaceV1;
  private readonly resources = new Map<string, TerraformResource>();
  private readonly addresses = new Set<string>();
  private kubectlVersionChecked = false;

  constructor(scope: Construct, id: string, props: KubernetesObjectsProps) {
    super(scope, id);
    synthesizeResourceByResource(TerraformStack.of(this));
    let namespace: NamespaceV1 | undefined;
    // Every cdktf token (each reference, each of a resource's nested output blocks) records the stack it was created
    // at, unabridged and source-mapped under tsx or jest: most of the time of building thousands of resources.
    withoutCreationStacks(() => {
      const namespaces = props.manifests.filter((m) => m.kind === 'Namespace');
      const namespaceResources = new Map<string, NamespaceV1>();
      for (const manifest of namespaces) {
        const name: string = manifest.metadata.name;
        this.claim(manifest, `kubernetes_namespace_v1.${terraformName(name)}`);
        const resource = new NamespaceV1(this, `namespace_${name}`, {
          metadata: { name, labels: manifest.metadata.labels, annotations: manifest.metadata.annotations },
          lifecycle: props.protect ? { preventDestroy: true } : undefined,
          dependsOn: props.dependsOn,
        });
        resource.overrideLogicalId(terraformName(name));
        void resource.fqn; // its reference token, created here rather than during synth (see withoutCreationStacks)
        namespaceResources.set(name, resource);
        this.resources.set(key('Namespace', undefined, name), resource);
      }
      namespace = namespaces.length === 1 ? namespaceResources.get(namespaces[0].metadata.name) : undefined;
      const ownNamespace = props.namespace ?? (namespace ? namespaces[0].metadata.name : undefined);
      const created: Array<{ manifest: any; ns: string | undefined; resource: Manifest }> = [];
      const autoscaledTargets = new Set(props.manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')
        .map((m) => `${m.spec?.scaleTargetRef?.kind}/${m.metadata?.namespace ?? ''}/${m.spec?.scaleTargetRef?.name}`));

      for (const manifest of props.manifests) {
        if (manifest.kind === 'Namespace') {
          continue;
        }
        const ns: string | undefined = manifest.metadata?.namespace;
        const name = terraformName(ns === undefined || ns === ownNamespace
          ? `${manifest.kind}_${manifest.metadata.name}`
          : `${manifest.kind}_${ns}_${manifest.metadata.name}`);
        this.claim(manifest, `kubernetes_manifest.${name}`);
        const dependsOn: ITerraformDependable[] = [];
        const nsResource = ns === undefined ? undefined : namespaceResources.get(ns);
        if (nsResource) {
          dependsOn.push(nsResource);
        } else {
          dependsOn.push(...(props.dependsOn ?? []));
        }
        const autoscaled = autoscaledTargets.has(`${manifest.kind}/${ns ?? ''}/${manifest.metadata.name}`);
        if (autoscaled && manifest.spec?.replicas !== undefined) {
          throw new Error(`${this.node.path}: ${manifest.kind} "${manifest.metadata.name}" declares spec.replicas `
            + `(${manifest.spec.replicas}) and a HorizontalPodAutoscaler scales it; every deploy would fight the autoscaler. `
            + 'Leave spec.replicas out of an autoscaled workload');
        }
        // The workload as JSON, for the kubectl steps that need it (the rollout check's hash, the claim check's dry run).
        const json = props.kubectl && ROLLOUT_KINDS.includes(manifest.kind) ? JSON.stringify(manifest) : undefined;
        if (props.kubectl && autoscaled) {
          dependsOn.push(this.addHandover(name, manifest, dependsOn, props.kubectl));
        }
        if (json !== undefined && manifest.kind === 'StatefulSet' && (manifest.spec?.volumeClaimTemplates ?? []).length > 0) {
          dependsOn.push(this.addClaimTemplateCheck(name, manifest, json, dependsOn, props.kubectl!));
        }
        const protect = (props.protectKinds ?? []).includes(manifest.kind);
        const resource = new Manifest(this, name, {
          manifest: escapeTemplates(manifest) as { [key: string]: any },
          dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
          fieldManager: { name: FIELD_MANAGER, forceConflicts: FORCE_CONFLICT_KINDS.includes(manifest.kind) },
          computedFields: autoscaled ? [...DEFAULT_COMPUTED_FIELDS, 'spec.replicas'] : undefined,
          lifecycle: protect ? { preventDestroy: true } : undefined,
        });
        resource.overrideLogicalId(name);
        if (json !== undefined) {
          this.addRolloutCheck(name, manifest, json, resource, props.kubectl!);
        }
        this.resources.set(key(manifest.kind, ns, manifest.metadata.name), resource);
        created.push({ manifest, ns, resource });
      }

      // References are resolved once every object has its resource, so a referenced object listed later still orders first.
      for (const { manifest, ns, resource } of created) {
        for (const ref of referencesOf(manifest)) {
          const target = this.resources.get(key(ref.kind, ns, ref.name));
          if (target && target !== resource) {
            void target.fqn;
            resource.dependsOn = [...(resource.dependsOn ?? []), dependable(target)];
          }
        }
      }
    });
    this.namespace = namespace;
  }

  /** The Terraform resource of an object, if this construct manages it. */
  public resourceFor(kind: string, name: string, namespace?: string): TerraformResource | undefined {
    return this.resources.get(key(kind, namespace, name));
  }

  /**
   * A `terraform_data.rollout_<kind>_<name>` that runs `kubectl rollout status` after the workload is applied, and again
   * whenever its manifest changes (`triggers_replace` is the manifest's hash). It replaces the provider's
   * `wait { rollout = true }`, which re-reads the object after the wait and fails the apply with "Provider produced
   * inconsistent result" when server-set fields moved on, and which, when the wait of a create fails, returns without
   * a new state so the created object is lost to Terraform (manifest/provider/apply.go lines 427-458, v2.38.0 and
   * v3.2.1; hashicorp/terraform-provider-kubernetes#1591, #2808). Here the workload is in state as soon as the API
   * server accepted it; a failed check taints only this resource, so the next deploy runs the check again.
   */
  private addRolloutCheck(name: string, manifest: any, json: string, workload: Manifest, connection: KubectlConnection): void {
    const ns: string | undefined = manifest.metadata?.namespace;
    const timeoutSeconds = (manifest.spec?.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS) + ROLLOUT_GRACE_SECONDS;
    this.kubectlStep(`rollout_${name}`, connection, {
      triggersReplace: { manifest: createHash('sha256').update(json).digest('hex') },
      dependsOn: [workload],
      // kubectl exits non-zero when a Deployment reports ProgressDeadlineExceeded, or when --timeout passes first.
      command: `kubectl --context "$KUBE_CONTEXT" rollout status ${target(manifest)}${ns ? ` --namespace ${ns}` : ''} --timeout=${timeoutSeconds}s`,
    });
  }

  /**
   * A `terraform_data.handover_<kind>_<name>`, applied before an autoscaled workload: it hands the workload's current
   * replica count to a second field manager, so the apply that stops sending `spec.replicas` keeps the count instead of
   * resetting it to one pod.
   *
   * An autoscaled workload's manifest leaves `spec.replicas` out. Server-side apply (the provider's) removes a field
   * its manager stops applying, or resets it to its default (one replica), unless another manager also owns it; two
   * appliers that apply the same value share ownership. The step applies the live count as {@link HANDOVER_FIELD_MANAGER},
   * the hand-over of the Kubernetes documentation (https://kubernetes.io/docs/reference/using-api/server-side-apply/,
   * "Transferring ownership", linked from the HPA page's "Migrating Deployments and StatefulSets to horizontal
   * autoscaling"); the autoscaler's own updates later take the field over.
   *
   * It runs when it is created: the first deploy in which the workload is autoscaled (a workload moving from fixed
   * replicas to an autoscaler, a new app, or an existing autoscaled one the first time this step exists). A workload that
   * does not exist yet has no count to keep: `kubectl get --ignore-not-found` prints nothing and the step does nothing.
   */
  private addHandover(name: string, manifest: any, dependsOn: ITerraformDependable[], connection: KubectlConnection): ITerraformDependable {
    const { name: workload, namespace } = manifest.metadata;
    // printf's format: the object with the count as %s (names are DNS labels, so the JSON holds no % or ').
    const replicasOnly = JSON.stringify({ apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: workload, namespace }, spec: {} })
      .replace(/\{\}\}$/, '{"replicas":%s}}');
    return this.kubectlStep(`handover_${name}`, connection, {
      triggersReplace: { target: `${namespace}/${target(manifest)}` },
      dependsOn: dependsOn.length > 0 ? [...dependsOn] : undefined,
      command: [
        'set -eu',
        `replicas="$(kubectl --context "$KUBE_CONTEXT" --namespace ${namespace} get ${target(manifest)} --ignore-not-found -o jsonpath='{.spec.replicas}')"`,
        'if [ -n "$replicas" ]; then',
        `  printf '${replicasOnly}' "$replicas" | kubectl --context "$KUBE_CONTEXT" apply --server-side --field-manager=${HANDOVER_FIELD_MANAGER} --validate=false -f -`,
        'fi',
      ].join('\n'),
    });
  }

  /**
   * A `terraform_data.claims_statefulset_<name>`, applied before a StatefulSet whenever its volume claim templates
   * change: a server-side dry run of the StatefulSet as the deploy will apply it. The API server refuses any change of
   * `spec.volumeClaimTemplates` ("updates to statefulset spec for fields other than … are forbidden",
   * `ValidateStatefulSetUpdate`, kubernetes/kubernetes pkg/apis/apps/validation/validation.go), so the deploy stops here,
   * before the StatefulSet is touched, with the API server's message and the procedure that makes the change. Unlike
   * the synth's comparison with the previous `dist/` (lib/app/workload-changes.ts), this compares with the cluster, so
   * it holds from a fresh checkout. A StatefulSet that does not exist yet is not checked.
   */
  private addClaimTemplateCheck(
    name: string, manifest: any, json: string, dependsOn: ITerraformDependable[], connection: KubectlConnection,
  ): ITerraformDependable {
    const { name: statefulSet, namespace } = manifest.metadata;
    const kubectl = `kubectl --context "$KUBE_CONTEXT" --namespace ${namespace}`;
    const procedure = `StatefulSet ${statefulSet}: if the API server refused spec.volumeClaimTemplates above, the claim templates are immutable. `
      + 'To grow the volumes: (1) where the StorageClass allows volume expansion, resize each claim: '
      + `kubectl -n ${namespace} patch pvc <template>-${statefulSet}-<ordinal> -p '{"spec":{"resources":{"requests":{"storage":"<size>"}}}}'; `
      + `(2) kubectl -n ${namespace} delete statefulset ${statefulSet} --cascade=orphan (its pods and claims stay); `
      + '(3) deploy again: the StatefulSet is re-created with the new template and adopts the running pods. '
      + 'A new class or access mode needs new volumes: migrate the data (docs/deploy.md, 9)';
    return this.kubectlStep(`claims_${name}`, connection, {
      triggersReplace: { claims: createHash('sha256').update(JSON.stringify(manifest.spec.volumeClaimTemplates)).digest('hex') },
      dependsOn: dependsOn.length > 0 ? [...dependsOn] : undefined,
      command: [
        'set -eu',
        `if [ -n "$(${kubectl} get ${target(manifest)} --ignore-not-found -o name)" ]; then`,
        `  if ! printf '%s' "$MANIFEST" | ${kubectl} apply --server-side --dry-run=server --field-manager=${FIELD_MANAGER} --force-conflicts -f -; then`,
        `    echo ${shellQuote(procedure)} >&2`,
        '    exit 1',
        '  fi',
        'fi',
      ].join('\n'),
      environment: { MANIFEST: escapeTemplates(json) as string },
    });
  }

  /** A `terraform_data` whose `local-exec` provisioner runs `command` with `kubectl` connected as the provider is. */
  private kubectlStep(id: string, connection: KubectlConnection, step: {
    readonly triggersReplace: { readonly [key: string]: string };
    readonly dependsOn?: ITerraformDependable[];
    readonly command: string;
    readonly environment?: { readonly [key: string]: string };
  }): KubectlStep {
    if (!this.kubectlVersionChecked) {
      // terraform_data needs Terraform 1.4. cdktf's DataResource checks that once per resource, each time running
      // `terraform version` in a child process at synth: 45 of 51 s of a 4x50-app synth. One check per stack is enough.
      this.node.addValidation(new ValidateTerraformVersion('>=1.4', 'The kubectl steps (terraform_data) need Terraform >=1.4.'));
      this.kubectlVersionChecked = true;
    }
    const resource = new KubectlStep(this, id, {
      triggersReplace: step.triggersReplace,
      dependsOn: step.dependsOn,
      provisioners: [{
        type: 'local-exec',
        command: step.command,
        environment: { KUBECONFIG: Fn.pathexpand(connection.configPath), KUBE_CONTEXT: connection.context, ...step.environment },
      }],
    });
    resource.overrideLogicalId(id);
    return resource;
  }

  /** Reserves an object's identity and address, refusing duplicates before cdktf would fail on them less clearly. */
  private claim(manifest: any, terraformAddress: string): void {
    const k = key(manifest.kind, manifest.metadata?.namespace, manifest.metadata?.name);
    if (this.resources.has(k)) {
      throw new Error(`${this.node.path}: ${manifest.kind} "${manifest.metadata?.name}" appears twice in the manifests; `
        + `Terraform can manage it once (${terraformAddress})`);
    }
    if (this.addresses.has(terraformAddress)) {
      throw new Error(`${this.node.path}: two objects map to the Terraform address ${terraformAddress}; rename one of them`);
    }
    this.addresses.add(terraformAddress);
  }
}

/** Kinds whose rollout `kubernetes_manifest` can wait for. */
const ROLLOUT_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** Kubernetes' default progress deadline of a Deployment. */
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** Time the rollout check gives a rollout beyond its progress deadline before it fails (kubectl's --timeout). */
const ROLLOUT_GRACE_SECONDS = 60;


/**
 * Runs `build` with stack traces that format to nothing, so the tokens it creates record an empty creation stack
 * instead of a formatted one; cdktf shows a token's creation stack only in the message of a failed resolution.
 * Errors thrown by `build` format their stacks as usual: V8 formats a stack when it is first read, after the restore.
 */
function withoutCreationStacks<T>(build: () => T): T {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  try {
    return build();
  } finally {
    Error.prepareStackTrace = prepare;
  }
}

/** `kubectl`'s name of a workload: `deployment/web`. */
function target(manifest: any): string {
  return `${manifest.kind.toLowerCase()}/${manifest.metadata.name}`;
}

/** `text` as one single-quoted shell word. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}


/**
 * A `terraform_data` resource, as cdktf's `DataResource` writes it (`triggers_replace`, provisioners and meta-arguments),
 * without the `terraform version` check each `DataResource` runs at synth: {@link KubernetesObjects} adds that check
 * once for all its kubectl steps.
 */
class KubectlStep extends TerraformResource {
  private readonly triggersReplace: { readonly [key: string]: string };

  constructor(scope: Construct, id: string, config: Omit<TerraformResourceConfig, 'terraformResourceType'> & {
    readonly triggersReplace: { readonly [key: string]: string };
  }) {
    super(scope, id, { ...config, terraformResourceType: 'terraform_data', terraformGeneratorMetadata: { providerName: 'terraform' } });
    this.triggersReplace = config.triggersReplace;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { triggers_replace: hashMapper(anyToTerraform)(this.triggersReplace) };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    return { triggers_replace: hashMapperHcl(anyToHclTerraform)(this.triggersReplace) };
  }
}
