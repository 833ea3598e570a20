/**
 * Changes of an app's workloads that one apply cannot make as written, found by comparing what an environment's
 * previous output rendered with what it renders now. Two are refused, each with the procedure that makes it:
 *
 * - **A StatefulSet's volume claim template** (size, class, access modes) is immutable: the API server refuses every
 *   update of `spec.volumeClaimTemplates` ("updates to statefulset spec for fields other than 'replicas', 'ordinals',
 *   'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds'
 *   are forbidden", `ValidateStatefulSetUpdate` in kubernetes/kubernetes pkg/apis/apps/validation/validation.go). Growing the volumes
 *   takes resizing each claim (where the StorageClass allows expansion) and re-creating the StatefulSet around its pods.
 * - **Fixed replicas to an autoscaler.** The autoscaled workload leaves `spec.replicas` out (the autoscaler owns it),
 *   and an apply that drops a field it applied before resets it: `kubectl apply` deletes it (it is in the
 *   last-applied annotation), server-side apply (Terraform's `kubernetes_manifest`) removes it when no other manager
 *   owns it (the provider plans a field removed from the manifest as unknown and sends nothing, manifest/provider/plan.go
 *   and apply.go of hashicorp/terraform-provider-kubernetes). The Deployment then defaults to one replica until the
 *   autoscaler acts. The HPA documentation gives the hand-over that keeps the count
 *   (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling).
 *   The Terraform stacks make that hand-over themselves (`terraform_data.handover_<kind>_<name>`,
 *   lib/terraform/kubernetes-objects.ts); the manifests cannot, so the refusal names the step for `kubectl apply`.
 *
 * Only the rendered objects are compared, so this module loads no renderer. Without a previous output (a first synth,
 * a fresh checkout) there is nothing to compare and nothing is refused here; on the Terraform path the stacks check
 * claim templates against the cluster itself (`terraform_data.claims_statefulset_<name>`), and `kubectl diff -k`
 * shows both changes against the cluster before a manifests apply.
 */
import { ValidationIssue } from '../core/errors';
import { canonicalQuantity } from '../core/quantity';
import { terraformName } from '../core/terraform-name';

/** A rendered Kubernetes object, as read back from a manifest. */
type KubeObject = {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [key: string]: any;
};

/** Label every workload of an app carries (see `APP_LABEL` in application.ts). */
const APP_LABEL = 'app.kubernetes.io/name';

/**
 * What changes between an environment's previous objects and its new ones that an apply cannot make as written, as
 * issues of the environment naming the app's field, the value, and the procedure.
 *
 * @param environment the environment's name
 * @param previous the objects of the environment's previous output (empty when there is none)
 * @param next the objects rendered now
 */
export function checkWorkloadChanges(environment: string, previous: readonly KubeObject[], next: readonly KubeObject[]): ValidationIssue[] {
  const subject = `environment "${environment}"`;
  const before = new Map(previous.filter(isWorkload).map((o) => [key(o), o]));
  const issues: ValidationIssue[] = [];
  for (const workload of next.filter(isWorkload)) {
    const old = before.get(key(workload));
    if (!old) continue;
    const app = workload.spec?.template?.metadata?.labels?.[APP_LABEL] ?? workload.metadata?.name;
    const name = workload.metadata!.name!;
    const namespace = workload.metadata!.namespace!;
    if (workload.kind === 'StatefulSet') {
      const was = claimTemplates(old);
      const now = claimTemplates(workload);
      if (was !== now) {
        const size = workload.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage;
        issues.push({
          subject,
          path: `apps.${app}.storage`,
          value: JSON.parse(now),
          allowed: `the volume claim template of StatefulSet "${name}" is immutable (it was ${was}), and the API server refuses the change; to make it: `
            + `(1) where the StorageClass allows volume expansion, resize each claim: kubectl -n ${namespace} patch pvc data-${name}-<ordinal> -p `
            + `'{"spec":{"resources":{"requests":{"storage":"${size}"}}}}'; (2) kubectl -n ${namespace} delete statefulset ${name} --cascade=orphan `
            + '(its pods and claims stay); (3) move the previous output of the environment aside and synth again, then apply: the StatefulSet is '
            + 're-created with the new template and adopts the running pods. A new class or access mode needs new volumes: migrate the data',
        });
      }
    }
    const wasFixed = old.spec?.replicas !== undefined && autoscalerOf(previous, old) === undefined;
    const autoscaler = autoscalerOf(next, workload);
    if (wasFixed && autoscaler && workload.spec?.replicas === undefined) {
      const kind = workload.kind!.toLowerCase();
      const replicasOnly = JSON.stringify({ apiVersion: 'apps/v1', kind: workload.kind, metadata: { name, namespace }, spec: { replicas: old.spec.replicas } });
      issues.push({
        subject,
        path: `apps.${app}.autoscaling`,
        value: { minReplicas: autoscaler.spec?.minReplicas, maxReplicas: autoscaler.spec?.maxReplicas },
        allowed: `${workload.kind} "${name}" runs ${old.spec.replicas} fixed replicas, and the first apply of these manifests without spec.replicas would `
          + 'reset it to 1 until the autoscaler acts; hand the count over first, then move the previous output of the environment aside and synth again: '
          + `with kubectl apply (client-side), kubectl -n ${namespace} apply edit-last-applied ${kind}/${name} and delete spec.replicas there; with a `
          + `server-side applier, echo '${replicasOnly}' | kubectl apply --server-side --field-manager=handover-to-hpa --validate=false -f - (a second `
          + 'manager then owns the count, so it stays when the platform stops applying it). cdktf deploy makes this hand-over itself '
          + `(terraform_data.handover_${terraformName(`${workload.kind}_${name}`)}): a platform deployed only with Terraform just moves the previous output aside`,
      });
    }
  }
  return issues;
}

function isWorkload(object: KubeObject): boolean {
  return (object.kind === 'Deployment' || object.kind === 'StatefulSet') && object.metadata?.name !== undefined;
}

function key(object: KubeObject): string {
  return `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
}

/** The claim templates as compared: name, class, access modes and size (canonical, so `1024Mi` is `1Gi`). */
function claimTemplates(statefulSet: KubeObject): string {
  const templates: any[] = statefulSet.spec?.volumeClaimTemplates ?? [];
  return JSON.stringify(templates.map((t) => {
    const storage = t.spec?.resources?.requests?.storage;
    return {
      name: t.metadata?.name,
      storageClassName: t.spec?.storageClassName ?? null,
      accessModes: t.spec?.accessModes ?? [],
      storage: typeof storage === 'string' ? canonicalQuantity(storage) : storage ?? null,
    };
  }));
}

function autoscalerOf(objects: readonly KubeObject[], workload: KubeObject): KubeObject | undefined {
  return objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata?.namespace === workload.metadata?.namespace
    && o.spec?.scaleTargetRef?.kind === workload.kind && o.spec?.scaleTargetRef?.name === workload.metadata?.name);
}

