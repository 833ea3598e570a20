/**
 * The deploy matrix of a pipeline, generated from the platform definition: every Terraform stack the platform
 * synthesises, in stages that follow the stacks' dependencies (cluster → governance → environment), each with the
 * identity that applies it and where its state lives. The GitHub Actions and GitLab pipelines read it
 * (`npm run -s platform -- pipeline-matrix`), so an environment added to the definition is planned and applied without
 * a pipeline edit.
 */
import { DeliveryError, quoteList } from './delivery-error';
import { Environment } from '../environment/environment-model';
import { resolveStateBackend, stateBackendBlock } from '../environment/state-backends/registry';
import { BackendBlock } from '../environment/state-backends/state-backend';
import { PlatformDefinition } from '../platform/platform-definition';
import { Platform } from '../platform/platform-model';
import { CLUSTER_STACK_PREFIX, GOVERNANCE_STACK_PREFIX } from '../platform/stack-names';
import { resolvePlatform } from '../platform/resolve-platform';

/** Where the synthesised stacks live: `cdktf.out/stacks/<stack>` (cdktf's `workingDirectory`, relative to cdktf.out). */
export const CDKTF_OUT = 'cdktf.out';

/** The GitHub / GitLab environment every preview's stacks are applied in. */
export const PREVIEW_DEPLOYMENT = 'preview';

/** What a stack holds, and so when it is applied and by whom. */
export enum PipelineStackKind {
  /** `cluster-<cluster>`: cluster-scoped objects; the platform identity of that cluster. */
  CLUSTER = 'cluster',
  /** `governance-<environment>`: namespace, quota, RBAC, NetworkPolicies; the platform identity of its cluster. */
  GOVERNANCE = 'governance',
  /** `<environment>`: the apps only; the environment's deployer. */
  ENVIRONMENT = 'environment',
}

/** The stages in the order they are applied: each stack depends only on stacks of earlier stages. */
export const PIPELINE_STAGES: readonly PipelineStackKind[] = [PipelineStackKind.CLUSTER, PipelineStackKind.GOVERNANCE, PipelineStackKind.ENVIRONMENT];

/** Whose credentials apply a stack. */
export enum PipelineIdentityKind {
  /** The platform identity of a cluster: applies what governs the environments on it. */
  PLATFORM = 'platform',
  /** An environment's deployer: applies its apps, in its namespace only. */
  DEPLOYER = 'deployer',
}

/** The identity that plans and applies a stack, and the CI variables that hold its cloud role. */
export interface PipelineIdentity {
  readonly kind: PipelineIdentityKind;
  /** `platform-<cluster>` or `deployer-<environment>` (`deployer-previews` for every preview). */
  readonly name: string;
  /** The cluster whose platform identity this is, or the cluster of the deployer's environment. */
  readonly cluster: string;
  /** The environment whose deployer this is; absent for a platform identity. */
  readonly environment?: string;
  /** CI variable holding the cloud role that applies (e.g. `PLATFORM_NONPROD_ROLE_ARN`). */
  readonly roleVariable: string;
  /**
   * CI variable holding a read-only role for plans, if one is configured (e.g. `PLATFORM_NONPROD_PLAN_ROLE_ARN`);
   * the pipelines fall back to {@link roleVariable} when it is unset.
   */
  readonly planRoleVariable: string;
}

/** One stack of the matrix. */
export interface PipelineStack {
  /** The stack's name in cdktf.out/manifest.json. */
  readonly stack: string;
  /** What the stack holds: a cluster's objects, what governs an environment, or what it runs. */
  readonly kind: PipelineStackKind;
  /** The cluster the stack deploys to. */
  readonly cluster: string;
  /** The kube context the stack's provider and guard use (the cluster's `kubeconfig.context`). */
  readonly context: string;
  /**
   * CI variable holding the cloud's name of the cluster (the EKS, GKE or AKS cluster), e.g. `CLUSTER_NONPROD_NAME`;
   * the pipelines use the definition's cluster name when it is unset.
   */
  readonly clusterNameVariable: string;
  /**
   * The environment the stack belongs to.
   * @default - none: a cluster stack
   */
  readonly environment?: string;
  /** Whether the stack belongs to a protected environment (for a cluster stack: hosts one). Its apply waits for approval. */
  readonly protected: boolean;
  /** Whether the stack belongs to a preview environment. */
  readonly preview: boolean;
  /** Who applies the stack: the platform identity of its cluster, or the deployer of its environment. */
  readonly identity: PipelineIdentity;
  /** The state backend of the stack, exactly as its `cdk.tf.json` declares it. */
  readonly state: BackendBlock;
  /** The GitHub / GitLab environment the apply job runs in: the stack's name, or `preview` for a preview's stacks. */
  readonly deployment: string;
  /** The stack's folder, from the repository root: `cdktf.out/stacks/<stack>`. */
  readonly directory: string;
}

/** One stage: stacks that may be planned and applied in parallel, after every earlier stage. */
export interface PipelineStage {
  readonly kind: PipelineStackKind;
  readonly stacks: PipelineStack[];
}

/** The matrix: the stages in apply order, and the stacks a pull request's plan leaves out. */
export interface PipelineMatrix {
  /** The stages in apply order: clusters, then what governs each environment, then what each environment runs. */
  readonly stages: PipelineStage[];
  /**
   * Stacks left out because the matrix is for a pull request and they are protected: code of a pull request never runs
   * with their credentials. Their plan is made after the merge, from main, and approved before it is applied.
   */
  readonly withheld: string[];
  /**
   * Where the previews live, for the cleanup of expired ones: the stack of the template's cluster (its context and
   * platform identity) and the label every preview namespace carries.
   * @default - none: the definition declares no previews
   */
  readonly previewCluster?: PipelineStack & { readonly previewLabel: string };
}

/** Which stacks to list. */
export interface PipelineMatrixOptions {
  /**
   * Files changed by the change being planned (`git diff --name-only <base>...HEAD`), relative to the repository root:
   * only the stacks they can affect are listed (see {@link affectedEnvironments}).
   * @default - every stack
   */
  readonly changed?: readonly string[];
  /**
   * Only these environments (and their clusters' stacks).
   * @default - every environment the other options select
   */
  readonly environments?: readonly string[];
  /**
   * A matrix for a pull request: protected stacks are left out (listed in `withheld`).
   * @default false
   */
  readonly pullRequest?: boolean;
  /**
   * Only the preview's stacks (its governance and its apps; the definition must have a preview selected).
   * Otherwise previews are left out.
   * @default false
   */
  readonly preview?: boolean;
}

/** Files whose change cannot alter any stack: documentation, tests, CI definitions. */
const NO_STACK_CHANGE = [/^docs\//, /\.md$/i, /^test\//, /^bench\//, /^\.github\//, /^\.gitlab\//, /^\.gitlab-ci\.yml$/, /^LICENSE$/];

/** The definition folder: a file named after an environment there changes that environment alone. */
const DEFINITIONS_DIR = 'environments/';

/**
 * The environments a change can affect, from the files it changes; `'all'` when it can affect every one.
 *
 * Conservative: only `environments/<environment>.ts` narrows the set (to that environment). Documentation, tests and
 * CI files change no stack. Every other file (lib/, stacks/, package.json, package-lock.json, cdktf.json,
 * environments/clusters.ts, base.ts, apps.ts, index.ts, a file whose environment no longer exists) can change every
 * stack, so it selects all of them.
 *
 * @throws DeliveryError when a path is not relative to the repository root as `git diff --name-only` prints it
 */
export function affectedEnvironments(environmentNames: readonly string[], changed: readonly string[]): readonly string[] | 'all' {
  const affected = new Set<string>();
  for (const raw of changed) {
    const file = raw.trim();
    if (file === '') continue;
    if (file.startsWith('/') || file.startsWith('./') || file.split('/').includes('..') || file.includes('\\')) {
      throw new DeliveryError(`changed file "${file}" is not allowed; expected a path relative to the repository root, as `
        + '`git diff --name-only` prints it (e.g. environments/dev.ts)');
    }
    if (NO_STACK_CHANGE.some((pattern) => pattern.test(file))) continue;
    const own = file.startsWith(DEFINITIONS_DIR) && /^[^/]+\.ts$/.test(file.slice(DEFINITIONS_DIR.length))
      ? file.slice(DEFINITIONS_DIR.length, -'.ts'.length) : undefined;
    if (own === undefined || !environmentNames.includes(own)) return 'all';
    affected.add(own);
  }
  return environmentNames.filter((name) => affected.has(name));
}

/**
 * The matrix of a platform definition (with the preview the entry points select, if any).
 *
 * @throws DeliveryError when an environment named in `options.environments` is unknown, `options.preview` is set but
 *   no preview is selected, a preview's cluster hosts a protected environment, or a changed path is malformed
 */
export function pipelineMatrix(definition: PlatformDefinition, options: PipelineMatrixOptions = {}): PipelineMatrix {
  const platform = resolvePlatform(definition);
  const previews = platform.environments.filter(isPreviewEnvironment);
  const regular = platform.environments.filter((e) => !previews.includes(e));

  let selected: Environment[];
  // Whether the selection is narrower than the whole definition: then only the clusters of the selected environments.
  let narrowed = false;
  if (options.preview) {
    if (previews.length === 0) {
      throw new DeliveryError('--preview asks for the stacks of a preview, but none is selected: set PREVIEW_ID and PREVIEW_EXPIRES '
        + '(PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)")');
    }
    for (const preview of previews) {
      const guarded = platform.environments.filter((e) => e.cluster.name === preview.cluster.name && e.protected).map((e) => e.name);
      if (guarded.length > 0) {
        throw new DeliveryError(`preview "${preview.name}" runs on cluster "${preview.cluster.name}", which hosts the protected environment(s) `
          + `${quoteList(guarded)}; a preview's stacks run pull-request code with the platform identity of their cluster, so previews must `
          + 'use a template on a cluster without protected environments');
      }
    }
    selected = previews;
  } else {
    selected = regular;
  }

  if (options.environments !== undefined) {
    const names = selected.map((e) => e.name);
    const unknown = options.environments.filter((name) => !names.includes(name));
    if (unknown.length > 0) {
      throw new DeliveryError(`environment ${quoteList(unknown)} is not in the matrix; expected one of ${quoteList(names)}`);
    }
    selected = selected.filter((e) => options.environments!.includes(e.name));
    narrowed = true;
  }
  if (options.changed !== undefined) {
    const affected = affectedEnvironments(regular.map((e) => e.name), options.changed);
    // A preview is the pull request's own copy: every change of the pull request affects it.
    if (affected !== 'all' && !options.preview) {
      selected = selected.filter((e) => affected.includes(e.name));
      narrowed = true;
    }
  }

  const clusterNames = new Set(selected.map((e) => e.cluster.name));
  // A preview's cluster stack is not the preview's: it is applied from main, with the cluster's other environments.
  const clusters = options.preview ? [] : platform.clusters.filter((c) => !narrowed || clusterNames.has(c.name));
  const all: PipelineStack[] = [
    ...clusters.map((cluster) => clusterStack(platform, cluster.name)),
    ...selected.map((e) => governanceStack(e)),
    ...selected.map((e) => environmentStack(e)),
  ];
  const withheld = options.pullRequest ? all.filter((s) => s.protected).map((s) => s.stack) : [];
  const stacks = all.filter((s) => !withheld.includes(s.stack));
  const template = platform.environments.find((e) => e.name === definition.previews?.template);
  return {
    stages: PIPELINE_STAGES.map((kind) => ({ kind, stacks: stacks.filter((s) => s.kind === kind) })),
    withheld,
    ...(template ? {
      previewCluster: { ...clusterStack(platform, template.cluster.name), previewLabel: template.cluster.labelKeys.preview },
    } : {}),
  };
}

/** The stacks of a cdktf app as its `manifest.json` lists them. */
export interface CdktfManifest {
  readonly stacks: {
    readonly [name: string]: { readonly name: string; readonly dependencies: readonly string[]; readonly workingDirectory: string };
  };
}

/**
 * Checks a matrix against what `cdktf synth` wrote: every stack of the matrix is in the manifest, in the folder the
 * matrix names, with the backend the matrix names, and depends only on stacks of earlier stages; every stack of the
 * manifest is one the definition explains. So a pipeline never applies a stack the matrix misdescribes, nor in the
 * wrong order.
 *
 * @param complete the matrix of the whole definition (no `changed`, `environments` or `pullRequest`), which must
 *   account for every stack of the manifest; pass `undefined` to skip that direction
 * @param backends the backend block of each synthesised stack (`terraform.backend` of its cdk.tf.json)
 * @throws DeliveryError on the first disagreement, naming the stack, what the matrix expects and what was synthesised
 */
export function checkMatrixAgainstManifest(
  matrix: PipelineMatrix, manifest: CdktfManifest, backends: { readonly [stack: string]: BackendBlock | undefined }, complete?: PipelineMatrix,
): void {
  const synthesised = Object.keys(manifest.stacks);
  const kinds = new Map<string, PipelineStackKind>();
  for (const source of [complete, matrix]) source?.stages.forEach((stage) => stage.stacks.forEach((s) => kinds.set(s.stack, s.kind)));
  // A stack outside this matrix (the cluster stack of a preview, applied from main) is of the kind its name says.
  const kindOf = (name: string) => kinds.get(name) ?? (name.startsWith(CLUSTER_STACK_PREFIX) ? PipelineStackKind.CLUSTER
    : name.startsWith(GOVERNANCE_STACK_PREFIX) ? PipelineStackKind.GOVERNANCE : PipelineStackKind.ENVIRONMENT);
  for (const stage of matrix.stages) {
    for (const stack of stage.stacks) {
      const entry = manifest.stacks[stack.stack];
      if (!entry) {
        throw new DeliveryError(`stack "${stack.stack}" (${stack.kind}) is in the matrix but not in cdktf.out/manifest.json, which has `
          + `${quoteList(synthesised)}; run \`npx cdktf synth\` with the same definition (and PREVIEW_ID) first`);
      }
      if (`${CDKTF_OUT}/${entry.workingDirectory}` !== stack.directory) {
        throw new DeliveryError(`stack "${stack.stack}": its folder is ${CDKTF_OUT}/${entry.workingDirectory} in the manifest; the matrix expects ${stack.directory}`);
      }
      const backend = backends[stack.stack];
      if (canonical(backend) !== canonical(stack.state)) {
        throw new DeliveryError(`stack "${stack.stack}": its cdk.tf.json declares the backend ${JSON.stringify(backend ?? null)}; `
          + `the definition gives ${JSON.stringify(stack.state)}`);
      }
      for (const dependency of entry.dependencies) {
        if (PIPELINE_STAGES.indexOf(kindOf(dependency)) >= PIPELINE_STAGES.indexOf(stack.kind)) {
          throw new DeliveryError(`stack "${stack.stack}" (${stack.kind}) depends on "${dependency}" (${kindOf(dependency)}) in `
            + `cdktf.out/manifest.json, which is not applied in an earlier stage; expected dependencies in the order ${PIPELINE_STAGES.join(' → ')}`);
        }
      }
    }
  }
  if (complete) {
    const known = new Set(complete.stages.flatMap((s) => s.stacks.map((stack) => stack.stack)));
    const unknown = synthesised.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new DeliveryError(`cdktf.out/manifest.json has stack(s) ${quoteList(unknown)} that the definition does not explain; expected only `
        + `${CLUSTER_STACK_PREFIX}<cluster>, ${GOVERNANCE_STACK_PREFIX}<environment> and <environment> stacks: ${quoteList([...known])}`);
    }
  }
}

/** JSON with object keys sorted: cdktf writes a backend's arguments sorted by name. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

function clusterStack(platform: Platform, clusterName: string): PipelineStack {
  const cluster = platform.clusters.find((c) => c.name === clusterName)!;
  const hosted = platform.environments.filter((e) => e.cluster.name === clusterName);
  // The same rule as addPlatformStacks: a cluster stack keeps its state where its protected environment keeps its own.
  const state = hosted.find((e) => e.protected)?.state ?? resolveStateBackend(undefined, { cluster });
  const stack = `${CLUSTER_STACK_PREFIX}${clusterName}`;
  return {
    stack,
    kind: PipelineStackKind.CLUSTER,
    cluster: clusterName,
    context: cluster.kubeconfig.context,
    clusterNameVariable: clusterNameVariable(clusterName),
    protected: hosted.some((e) => e.protected),
    preview: false,
    identity: platformIdentity(clusterName),
    state: stateBackendBlock(state, stack),
    deployment: stack,
    directory: `${CDKTF_OUT}/stacks/${stack}`,
  };
}

function governanceStack(environment: Environment): PipelineStack {
  return environmentStackOf(environment, `${GOVERNANCE_STACK_PREFIX}${environment.name}`, PipelineStackKind.GOVERNANCE,
    platformIdentity(environment.cluster.name));
}

function environmentStack(environment: Environment): PipelineStack {
  return environmentStackOf(environment, environment.name, PipelineStackKind.ENVIRONMENT, isPreviewEnvironment(environment)
    // One role for every preview: a preview's namespace exists only as long as its pull request.
    ? { kind: PipelineIdentityKind.DEPLOYER, name: 'deployer-previews', cluster: environment.cluster.name, environment: environment.name,
      roleVariable: 'PREVIEW_DEPLOYER_ROLE_ARN', planRoleVariable: 'PREVIEW_DEPLOYER_PLAN_ROLE_ARN' }
    : { kind: PipelineIdentityKind.DEPLOYER, name: `deployer-${environment.name}`, cluster: environment.cluster.name, environment: environment.name,
      ...roleVariables(`DEPLOYER_${variableName(environment.name)}`) });
}

function environmentStackOf(environment: Environment, stack: string, kind: PipelineStackKind, identity: PipelineIdentity): PipelineStack {
  const preview = isPreviewEnvironment(environment);
  return {
    stack,
    kind,
    cluster: environment.cluster.name,
    context: environment.cluster.kubeconfig.context,
    clusterNameVariable: clusterNameVariable(environment.cluster.name),
    environment: environment.name,
    protected: environment.protected,
    preview,
    identity,
    state: stateBackendBlock(environment.state, stack),
    deployment: preview ? PREVIEW_DEPLOYMENT : stack,
    directory: `${CDKTF_OUT}/stacks/${stack}`,
  };
}

/** A preview carries `<labelDomain>/preview: "true"` (withPreview sets it; lib/delivery/preview.ts). */
function isPreviewEnvironment(environment: Environment): boolean {
  return environment.labels[environment.cluster.labelKeys.preview] === 'true';
}

function platformIdentity(cluster: string): PipelineIdentity {
  return { kind: PipelineIdentityKind.PLATFORM, name: `platform-${cluster}`, cluster, ...roleVariables(`PLATFORM_${variableName(cluster)}`) };
}

function roleVariables(prefix: string) {
  return { roleVariable: `${prefix}_ROLE_ARN`, planRoleVariable: `${prefix}_PLAN_ROLE_ARN` };
}

function clusterNameVariable(cluster: string): string {
  return `CLUSTER_${variableName(cluster)}_NAME`;
}

/** `non-prod` → `NON_PROD`: CI variable names allow letters, digits and `_` only. */
function variableName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}
