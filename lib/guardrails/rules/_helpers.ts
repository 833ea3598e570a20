/**
 * Shared loops and lookups of the rules: over containers, objects of a kind, objects by name, workloads by selector.
 * Lookups go through an index built once per target (rules run per target over thousands of objects), so a rule that
 * looks something up for each object stays linear.
 */
import { LabelIndex, push } from '../_label-index';
import { ContainerRef, Workload } from '../_objects';
import { Labels, mapSelectorMatches, selectorMatches } from '../_selector';
import { Finding, RuleContext } from '../rule';

/** What a container check reports: a message and, optionally, the field (relative to the container). */
export interface ContainerProblem {
  readonly message: string;
  /** Field relative to the container, e.g. `securityContext.privileged`. */
  readonly field?: string;
}

/** Which containers a container rule looks at. */
export interface ContainerScope {
  /**
   * Include init containers.
   * @default true
   */
  readonly init?: boolean;
  /**
   * Include Jobs and CronJobs.
   * @default true
   */
  readonly batch?: boolean;
}

/** Runs a check on every container of every workload; each problem becomes a finding on the workload. */
export function checkContainers(
  context: RuleContext,
  check: (workload: Workload, container: ContainerRef) => ContainerProblem[],
  scope: ContainerScope = {},
): Finding[] {
  const findings: Finding[] = [];
  for (const workload of context.workloads) {
    if (workload.batch && scope.batch === false) continue;
    for (const container of workload.containers) {
      if (container.init && scope.init === false) continue;
      for (const problem of check(workload, container)) {
        findings.push({
          object: workload.object,
          message: problem.message,
          path: problem.field ? `${container.path}.${problem.field}` : container.path,
        });
      }
    }
  }
  return findings;
}

/** The objects of some kinds, in output order. */
export function objectsOfKind(context: RuleContext, ...kinds: string[]): readonly any[] {
  const index = indexOf(context);
  const key = kinds.join(',');
  let objects = index.kinds.get(key);
  if (!objects) {
    objects = context.objects.filter((o) => kinds.includes(o?.kind));
    index.kinds.set(key, objects);
  }
  return objects;
}

/** The objects of a kind with a namespace and name (several when the output repeats one), in output order. */
export function objectsNamed(context: RuleContext, kind: string, namespace: string | undefined, name: string): readonly any[] {
  return indexOf(context).named.get(objectKey(kind, namespace, name)) ?? [];
}

/** The workloads in a namespace, in output order. */
export function workloadsIn(context: RuleContext, namespace: string | undefined): readonly Workload[] {
  return indexOf(context).workloads.inNamespace(namespace);
}

/** The workloads of a namespace whose pods a LabelSelector selects (an empty selector: all), in output order. */
export function workloadsSelectedBy(context: RuleContext, namespace: string | undefined, selector: any): readonly Workload[] {
  return selectWorkloads(context, namespace, selector?.matchLabels ?? {}, (labels) => selectorMatches(selector, labels));
}

/** The workloads of a namespace whose pods a map selector (a Service's `spec.selector`) selects, in output order. */
export function workloadsSelectedByMap(context: RuleContext, namespace: string | undefined, selector: Labels): readonly Workload[] {
  return selectWorkloads(context, namespace, selector, (labels) => mapSelectorMatches(selector, labels));
}

/** The workloads of a namespace that `matches`, among those the pod-label index gives for the labels it requires. */
function selectWorkloads(
  context: RuleContext, namespace: string | undefined, required: { readonly [key: string]: string }, matches: (labels: Labels) => boolean,
): readonly Workload[] {
  return indexOf(context).workloads.candidates(namespace, required).filter((w) => matches(w.podLabels));
}

/** Lookups over one target's objects, built on first use. */
interface ContextIndex {
  readonly kinds: Map<string, readonly any[]>;
  readonly named: ReadonlyMap<string, readonly any[]>;
  readonly workloads: LabelIndex<Workload>;
}

const INDEXES = new WeakMap<RuleContext, ContextIndex>();

function indexOf(context: RuleContext): ContextIndex {
  let index = INDEXES.get(context);
  if (!index) {
    const named = new Map<string, any[]>();
    for (const object of context.objects) {
      if (typeof object?.kind === 'string' && typeof object.metadata?.name === 'string') {
        push(named, objectKey(object.kind, object.metadata.namespace, object.metadata.name), object);
      }
    }
    const workloads = new LabelIndex<Workload>();
    for (const workload of context.workloads) workloads.add(workload.namespace, workload.podLabels, workload);
    index = { kinds: new Map(), named, workloads };
    INDEXES.set(context, index);
  }
  return index;
}

function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
