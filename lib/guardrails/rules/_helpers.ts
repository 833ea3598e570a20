/** Shared loops of the rules: over containers, over objects of a kind. */
import { ContainerRef, Workload } from '../_objects';
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

/** The objects of a kind. */
export function objectsOfKind(context: RuleContext, ...kinds: string[]): any[] {
  return context.objects.filter((o) => kinds.includes(o?.kind));
}

/** The workloads in a namespace. */
export function workloadsIn(context: RuleContext, namespace: string | undefined): Workload[] {
  return context.workloads.filter((w) => w.namespace === namespace);
}
