/**
 * The deploy matrix as a GitLab child pipeline. GitLab has no matrix computed at run time, but a job can write a
 * pipeline and trigger it (`trigger: include: artifact:`, "Dynamic child pipelines" in the GitLab docs); JSON is YAML,
 * so the file is the JSON this module returns. Its jobs extend the templates of `.gitlab/stack-jobs.yml`, which hold
 * every script: this module only lists the stacks, their stages, identities and gates.
 */
import { PIPELINE_STAGES, PipelineMatrix, PipelineStack } from './pipeline-matrix';

/** The file of job templates the child pipeline includes. */
export const GITLAB_STACK_JOBS = '.gitlab/stack-jobs.yml';

/** The job of the parent pipeline whose artefacts (dist/, cdktf.out/) every plan job reads. */
export const GITLAB_SYNTH_JOB = 'test';

/** What the child pipeline does. */
export enum GitLabPipelineMode {
  /** Plan every stack of the matrix and publish the plans; apply nothing (merge requests). */
  PLAN = 'plan',
  /** Plan and apply stage by stage; a protected stack's apply is a manual job of its protected environment (main). */
  DEPLOY = 'deploy',
}

/** A GitLab CI job, as far as the child pipeline writes one. */
export interface GitLabJob {
  readonly extends: string;
  readonly stage: string;
  readonly variables: { readonly [name: string]: string };
  readonly needs: ReadonlyArray<string | { readonly pipeline: string; readonly job: string }>;
  readonly environment?: { readonly name: string; readonly deployment_tier: string };
  readonly resource_group?: string;
  readonly rules?: ReadonlyArray<{ readonly when: string }>;
}

/** The job of a child pipeline without stacks: GitLab refuses a pipeline without a job. */
export interface GitLabNoopJob {
  readonly stage: string;
  readonly script: readonly string[];
}

/** A GitLab CI configuration: `include`, `stages` and the jobs by name. */
export interface GitLabPipeline {
  readonly include: ReadonlyArray<{ readonly local: string }>;
  readonly stages: readonly string[];
  readonly [job: string]: GitLabJob | GitLabNoopJob | readonly string[] | ReadonlyArray<{ readonly local: string }>;
}

/** The name of the only job of a child pipeline whose matrix lists no stack. */
export const GITLAB_NO_STACKS_JOB = 'no-stacks';

/**
 * The child pipeline of a matrix: in `plan` mode one plan job per stack; in `deploy` mode, per stage, a plan job and
 * an apply job per stack, each plan after every apply of the earlier stages, each apply after its own plan, whose
 * artefact (the plan file) it applies. A protected stack's apply runs only when started by hand, in a GitLab
 * environment named after the stack (protect it: "Protected environments", with approval rules).
 */
export function gitlabChildPipeline(matrix: PipelineMatrix, mode: GitLabPipelineMode): GitLabPipeline {
  const synth = { pipeline: '$PARENT_PIPELINE_ID', job: GITLAB_SYNTH_JOB };
  if (matrix.stages.every((s) => s.stacks.length === 0)) {
    const stage = mode === GitLabPipelineMode.PLAN ? 'plan' : `plan-${PIPELINE_STAGES[0]}`;
    return {
      include: [{ local: GITLAB_STACK_JOBS }],
      stages: [stage],
      [GITLAB_NO_STACKS_JOB]: { stage, script: ['echo "no stack is affected by this change"'] },
    };
  }
  const jobs: Record<string, GitLabJob> = {};
  if (mode === GitLabPipelineMode.PLAN) {
    for (const stack of matrix.stages.flatMap((s) => s.stacks)) {
      jobs[`plan:${stack.stack}`] = { extends: '.plan-stack', stage: 'plan', variables: variables(stack, true), needs: [synth] };
    }
    return { include: [{ local: GITLAB_STACK_JOBS }], stages: ['plan'], ...jobs };
  }
  const applied: string[] = [];
  for (const stage of matrix.stages) {
    const thisStage: string[] = [];
    for (const stack of stage.stacks) {
      jobs[`plan:${stack.stack}`] = {
        extends: '.plan-stack', stage: `plan-${stage.kind}`, variables: variables(stack, true), needs: [synth, ...applied],
      };
      jobs[`apply:${stack.stack}`] = {
        extends: '.apply-stack',
        stage: `apply-${stage.kind}`,
        variables: variables(stack, false),
        needs: [`plan:${stack.stack}`],
        environment: { name: stack.deployment, deployment_tier: stack.protected ? 'production' : 'development' },
        resource_group: stack.stack,
        // A manual job blocks the stages after it until someone starts it (allow_failure is false under rules).
        rules: [{ when: stack.protected ? 'manual' : 'on_success' }],
      };
      thisStage.push(`apply:${stack.stack}`);
    }
    applied.push(...thisStage);
  }
  return {
    include: [{ local: GITLAB_STACK_JOBS }],
    stages: PIPELINE_STAGES.flatMap((kind) => [`plan-${kind}`, `apply-${kind}`]),
    ...jobs,
  };
}

/** What the templates' scripts read: the stack, its folder, its cluster and context, the variable of its role. */
function variables(stack: PipelineStack, plan: boolean): { [name: string]: string } {
  return {
    STACK: stack.stack,
    STACK_DIR: stack.directory,
    CLUSTER: stack.cluster,
    CLUSTER_NAME_VARIABLE: stack.clusterNameVariable,
    KUBE_CONTEXT: stack.context,
    IDENTITY: stack.identity.name,
    // Plans use the read-only role where one is configured, and the identity's role otherwise.
    ROLE_VARIABLE: plan ? stack.identity.planRoleVariable : stack.identity.roleVariable,
    FALLBACK_ROLE_VARIABLE: stack.identity.roleVariable,
  };
}
