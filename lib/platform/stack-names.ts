/**
 * The names of a platform's Terraform stacks (`cdktf.out/stacks/<name>`), apart from the stacks themselves so that
 * code that only checks names (the guardrails' targets) loads no renderer.
 */

/** Prefix of cluster stack names: `cluster-<cluster>`. */
export const CLUSTER_STACK_PREFIX = 'cluster-';

/** Prefix of the stacks of what governs an environment, applied with the platform's identity: `governance-<environment>`. */
export const GOVERNANCE_STACK_PREFIX = 'governance-';

/** The stack of what governs `environment`: `governance-<environment>`. */
export function governanceStackName(environment: string): string {
  return `${GOVERNANCE_STACK_PREFIX}${environment}`;
}

/** Prefixes no environment name may start with, so that no environment's stack can take another stack's name. */
export const RESERVED_STACK_PREFIXES: readonly string[] = [CLUSTER_STACK_PREFIX, GOVERNANCE_STACK_PREFIX];
