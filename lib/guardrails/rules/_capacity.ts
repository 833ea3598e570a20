/**
 * What a namespace's rendered objects ask of its ResourceQuota, at minimum and at maximum scale, counted as the API
 * server counts them. Nothing here judges; the capacity rules and the capacity table do.
 *
 * - Containers get the LimitRange's defaults first, as the LimitRanger admission plug-in does: a container without a
 *   limit gets `default`, without a request `defaultRequest` (`mergeContainerResources` in
 *   kubernetes/kubernetes plugin/pkg/admission/limitranger/admission.go). Before that, API defaulting has given a
 *   container that sets a limit but no request a request equal to the limit (`SetDefaults_Pod`), and the LimitRange
 *   itself defaults `default` to `max` and `defaultRequest` to `default` (`SetDefaults_LimitRangeItem`, both in
 *   pkg/apis/core/v1/defaults.go).
 * - A pod asks for its effective request (and limit): the larger of the sum of its app and sidecar containers and the
 *   largest init container, each init container counted with the sidecars started before it
 *   (`PodRequests`/`PodLimits` in k8s.io/component-helpers/resource/helpers.go, which the quota's pod evaluator
 *   uses; https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers).
 *   Pod overhead (RuntimeClass) is not known from the objects and is not added.
 * - A quota on CPU or memory refuses a pod any of whose containers (init containers included) sets no value for a
 *   resource it tracks ("must specify limits.cpu"; `podEvaluator.Constraints` in pkg/quota/v1/evaluator/core/pods.go);
 *   such containers are listed as `unset`.
 * - Scale: Deployments, StatefulSets and ReplicaSets run `spec.replicas` pods, or their HorizontalPodAutoscaler's
 *   `minReplicas` (default 1) to `maxReplicas`; every Deployment of a release counts (both slots of a blue-green, the
 *   stable and the canary track). Jobs and CronJobs count the pods of one run at both scales (`parallelism`, default
 *   1, at most `completions`): the quota counts their pods while they run, so a run needs room whenever it starts
 *   (https://kubernetes.io/docs/concepts/policy/resource-quotas/, "pods: non-terminal state"); overlapping runs of a
 *   CronJob with `concurrencyPolicy: Allow` are not counted. DaemonSets count one pod: their pod count is the number of
 *   nodes, which the namespace's objects do not say. Bare Pods count one.
 * - Claims: each StatefulSet volume claim template once per replica (at the autoscaler's maximum for both scales
 *   unless `persistentVolumeClaimRetentionPolicy.whenScaled` is `Delete`: a scale-down keeps the claims), each generic
 *   ephemeral volume once per pod, each PersistentVolumeClaim once; `requests.storage` sums their
 *   `resources.requests.storage`.
 */
import { QuantityUnit, quantityAmount } from '../../core/quantity-math';
import { Workload, autoscalerOf, autoscalersByTarget, workloadsOf } from '../_objects';

/** The quota resources the capacity check counts, as ResourceQuota `spec.hard` names them. */
export const QUOTA_RESOURCES = [
  'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'pods', 'persistentvolumeclaims', 'requests.storage', 'services',
] as const;

/** A quota resource the capacity check counts. */
export type QuotaResource = typeof QUOTA_RESOURCES[number];

/** Other names of the same resources in `spec.hard` (https://kubernetes.io/docs/concepts/policy/resource-quotas/). */
const ALIASES: { readonly [key: string]: QuotaResource } = {
  'cpu': 'requests.cpu',
  'memory': 'requests.memory',
  'count/pods': 'pods',
  'count/persistentvolumeclaims': 'persistentvolumeclaims',
  'count/services': 'services',
};

/** The unit each resource is counted in. */
export const RESOURCE_UNITS: { readonly [R in QuotaResource]: QuantityUnit } = {
  'requests.cpu': QuantityUnit.MILLICORES,
  'requests.memory': QuantityUnit.BYTES,
  'limits.cpu': QuantityUnit.MILLICORES,
  'limits.memory': QuantityUnit.BYTES,
  'pods': QuantityUnit.COUNT,
  'persistentvolumeclaims': QuantityUnit.COUNT,
  'requests.storage': QuantityUnit.BYTES,
  'services': QuantityUnit.COUNT,
};

/** What one object contributes to one resource: `perUnit` × `units` (pods or replicas) at each scale. */
export interface Contribution {
  /** `Kind/name` of the object. */
  readonly object: string;
  /** Amount per pod (or per replica, for claims of a StatefulSet), in the resource's unit. */
  readonly perUnit: number;
  readonly unitsMin: number;
  readonly unitsMax: number;
  /** How the scale was found: `replicas 3`, `autoscaler 8-28`, `one run`, `one per node, counted once`. */
  readonly scale: string;
}

/** What a namespace's objects ask of one resource. */
export interface ResourceDemand {
  readonly min: number;
  readonly max: number;
  readonly contributions: readonly Contribution[];
  /**
   * Containers that set no value for the resource even after the LimitRange's defaults (`Deployment/api container
   * "api"`); a quota tracking the resource refuses their pods.
   */
  readonly unset: readonly string[];
}

/** What a namespace's objects ask, by quota resource. */
export type Demand = { readonly [R in QuotaResource]: ResourceDemand };

/** One resource a ResourceQuota limits. */
export interface QuotaLimit {
  readonly resource: QuotaResource;
  /** The key as written in `spec.hard` (`cpu` or `requests.cpu`). */
  readonly key: string;
  /** The quantity as written. */
  readonly written: string;
  /** In the resource's unit. */
  readonly amount: number;
}

/**
 * The resources a ResourceQuota limits that the capacity check counts. Quotas with `scopes` or a `scopeSelector` count
 * only some pods (by priority class, QoS, deadline) and are left out: none is returned.
 */
export function quotaLimits(quota: any): QuotaLimit[] {
  if ((quota?.spec?.scopes ?? []).length > 0 || quota?.spec?.scopeSelector !== undefined) return [];
  return Object.entries(quota?.spec?.hard ?? {}).flatMap(([key, written]): QuotaLimit[] => {
    const resource = (QUOTA_RESOURCES as readonly string[]).includes(key) ? key as QuotaResource : ALIASES[key];
    if (resource === undefined) return [];
    const amount = quantityAmount(String(written), RESOURCE_UNITS[resource]);
    return amount === undefined ? [] : [{ resource, key, written: String(written), amount }];
  });
}

/** The ResourceQuotas among objects, in output order. */
export function quotasOf(objects: readonly any[]): any[] {
  return objects.filter((o) => o?.kind === 'ResourceQuota');
}

type Compute = 'cpu' | 'memory';
type Side = 'requests' | 'limits';
const COMPUTE: readonly Compute[] = ['cpu', 'memory'];
const SIDES: readonly Side[] = ['requests', 'limits'];

/** Container defaults of the namespace's LimitRanges, with the API's own defaulting of the LimitRange applied. */
interface ContainerDefaults {
  readonly limits: { [resource: string]: string };
  readonly requests: { [resource: string]: string };
}

function containerDefaults(objects: readonly any[]): ContainerDefaults {
  const defaults: ContainerDefaults = { limits: {}, requests: {} };
  for (const range of objects.filter((o) => o?.kind === 'LimitRange')) {
    for (const item of (range.spec?.limits ?? []).filter((l: any) => l?.type === 'Container')) {
      // SetDefaults_LimitRangeItem: default ← max, defaultRequest ← default, defaultRequest ← min.
      const limit = { ...item.max ?? {}, ...item.default ?? {} };
      const request = { ...item.min ?? {}, ...limit, ...item.defaultRequest ?? {} };
      // Several LimitRanges: the first to set a default sets it; later ones see the field set.
      for (const [k, v] of Object.entries(limit)) defaults.limits[k] ??= String(v);
      for (const [k, v] of Object.entries(request)) defaults.requests[k] ??= String(v);
    }
  }
  return defaults;
}

/** A container's requests and limits as admitted: API defaulting, then the LimitRange's defaults. */
function admitted(container: any, defaults: ContainerDefaults): { [S in Side]: { [R in Compute]?: number } } {
  const limits: { [k: string]: unknown } = { ...defaults.limits, ...container?.resources?.limits ?? {} };
  const requests: { [k: string]: unknown } = {
    ...defaults.requests,
    ...container?.resources?.limits ?? {},
    ...container?.resources?.requests ?? {},
  };
  const amounts = (list: { [k: string]: unknown }) => Object.fromEntries(COMPUTE.flatMap((r) => {
    const written = list[r];
    const amount = written === undefined ? undefined : quantityAmount(String(written), r === 'cpu' ? QuantityUnit.MILLICORES : QuantityUnit.BYTES);
    return amount === undefined ? [] : [[r, amount]];
  }));
  return { requests: amounts(requests), limits: amounts(limits) };
}

/** A pod's effective request or limit of one resource (see the file comment), and the containers that set none. */
function podAmount(workload: Workload, defaults: ContainerDefaults, side: Side, resource: Compute): { amount: number; unset: string[] } {
  let sum = 0;
  let initMax = 0;
  let sidecars = 0;
  const unset: string[] = [];
  for (const ref of workload.containers) {
    const value = admitted(ref.container, defaults)[side][resource];
    if (value === undefined) unset.push(`${workload.ref} ${ref.init ? 'init container' : 'container'} "${ref.name}"`);
    const amount = value ?? 0;
    if (!ref.init) {
      sum += amount;
    } else if (ref.container?.restartPolicy === 'Always') {
      sum += amount;
      sidecars += amount;
      initMax = Math.max(initMax, sidecars);
    } else {
      initMax = Math.max(initMax, amount + sidecars);
    }
  }
  return { amount: Math.max(sum, initMax), unset };
}

/** How many pods a workload runs at minimum and at maximum scale, and how that was found. */
function podScale(workload: Workload, autoscalers: Map<string, any>): { min: number; max: number; scale: string } {
  if (workload.replicas !== undefined) {
    const hpa = autoscalerOf(workload, autoscalers);
    if (hpa) {
      const min = hpa.spec?.minReplicas ?? 1;
      const max = hpa.spec?.maxReplicas ?? min;
      return { min, max, scale: `autoscaler ${min}-${max}` };
    }
    return { min: workload.replicas, max: workload.replicas, scale: `replicas ${workload.replicas}` };
  }
  if (workload.batch) {
    const job = workload.kind === 'CronJob' ? workload.object.spec?.jobTemplate?.spec : workload.object.spec;
    const parallelism = job?.parallelism ?? 1;
    const pods = Math.min(parallelism, job?.completions ?? parallelism);
    return { min: pods, max: pods, scale: 'one run' };
  }
  if (workload.kind === 'DaemonSet') return { min: 1, max: 1, scale: 'one per node, counted once' };
  return { min: 1, max: 1, scale: 'one pod' };
}

function storageOf(claimSpec: any): number {
  return quantityAmount(String(claimSpec?.resources?.requests?.storage ?? '0'), QuantityUnit.BYTES) ?? 0;
}

/** What the objects of one namespace ask of a quota, at minimum and maximum scale. */
export function demandOf(objects: readonly any[]): Demand {
  const defaults = containerDefaults(objects);
  const autoscalers = autoscalersByTarget(objects);
  const contributions = new Map<QuotaResource, Contribution[]>(QUOTA_RESOURCES.map((r) => [r, []]));
  const unset = new Map<QuotaResource, string[]>(QUOTA_RESOURCES.map((r) => [r, []]));
  const add = (resource: QuotaResource, c: Contribution) => {
    if (c.perUnit > 0 && (c.unitsMin > 0 || c.unitsMax > 0)) contributions.get(resource)!.push(c);
  };

  for (const workload of workloadsOf(objects)) {
    const { min, max, scale } = podScale(workload, autoscalers);
    const per = (perUnit: number) => ({ object: workload.ref, perUnit, unitsMin: min, unitsMax: max, scale });
    add('pods', per(1));
    for (const side of SIDES) {
      for (const resource of COMPUTE) {
        const key = `${side}.${resource}` as QuotaResource;
        const pod = podAmount(workload, defaults, side, resource);
        add(key, per(pod.amount));
        unset.get(key)!.push(...pod.unset);
      }
    }
    const ephemeral = (workload.podSpec?.volumes ?? []).map((v: any) => v?.ephemeral?.volumeClaimTemplate).filter((t: any) => t !== undefined);
    add('persistentvolumeclaims', per(ephemeral.length));
    add('requests.storage', per(ephemeral.reduce((total: number, t: any) => total + storageOf(t.spec), 0)));
    if (workload.kind === 'StatefulSet') {
      const templates: any[] = workload.object.spec?.volumeClaimTemplates ?? [];
      // A scale-down keeps the claims of the removed pods unless persistentVolumeClaimRetentionPolicy.whenScaled is
      // Delete (apps/v1 StatefulSetPersistentVolumeClaimRetentionPolicy: "The default policy of Retain causes PVCs to not
      // be affected by a scaledown"): once an autoscaled StatefulSet has been at its maximum, its claims stay there.
      // https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
      const kept = workload.object.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete' && max > min;
      const claims = (perUnit: number) => (kept ? { ...per(perUnit), unitsMin: max, scale: `${scale}, claims kept on scale-down` } : per(perUnit));
      add('persistentvolumeclaims', claims(templates.length));
      add('requests.storage', claims(templates.reduce((total, t) => total + storageOf(t.spec), 0)));
    }
  }
  for (const claim of objects.filter((o) => o?.kind === 'PersistentVolumeClaim')) {
    const ref = `PersistentVolumeClaim/${claim.metadata?.name}`;
    add('persistentvolumeclaims', { object: ref, perUnit: 1, unitsMin: 1, unitsMax: 1, scale: 'one claim' });
    add('requests.storage', { object: ref, perUnit: storageOf(claim.spec), unitsMin: 1, unitsMax: 1, scale: 'one claim' });
  }
  for (const service of objects.filter((o) => o?.kind === 'Service')) {
    add('services', { object: `Service/${service.metadata?.name}`, perUnit: 1, unitsMin: 1, unitsMax: 1, scale: 'one Service' });
  }

  return Object.fromEntries(QUOTA_RESOURCES.map((resource) => {
    const list = contributions.get(resource)!;
    return [resource, {
      min: list.reduce((total, c) => total + c.perUnit * c.unitsMin, 0),
      max: list.reduce((total, c) => total + c.perUnit * c.unitsMax, 0),
      contributions: list,
      unset: unset.get(resource)!,
    }];
  })) as unknown as Demand;
}

/**
 * The tightest limit of each resource over a namespace's ResourceQuotas: every quota must hold, so the smallest one
 * is what the namespace can use.
 */
export function effectiveQuota(objects: readonly any[]): Map<QuotaResource, QuotaLimit> {
  const tightest = new Map<QuotaResource, QuotaLimit>();
  for (const limit of quotasOf(objects).flatMap(quotaLimits)) {
    const known = tightest.get(limit.resource);
    if (!known || limit.amount < known.amount) tightest.set(limit.resource, limit);
  }
  return tightest;
}
