import { DeliveryError, resolvePlatform, withPreview } from '../../lib';
import {
  affectedEnvironments, CdktfManifest, checkMatrixAgainstManifest, PIPELINE_STAGES, PipelineMatrix, pipelineMatrix, PipelineStack,
} from '../../lib/delivery/pipeline-matrix';
import { GOVERNANCE_STACK_PREFIX } from '../../lib/platform/stack-names';
import { GITLAB_NO_STACKS_JOB, GitLabPipelineMode, gitlabChildPipeline } from '../../lib/delivery/gitlab-child-pipeline';
import { platform } from '../fixtures/shop/environments';
import { definitionWith } from './_fixtures';

const EXPIRES = new Date('2030-01-01T00:00:00Z');
const names = (matrix: PipelineMatrix) => matrix.stages.map((s) => [s.kind, s.stacks.map((stack) => stack.stack)]);
const stack = (matrix: PipelineMatrix, name: string) => matrix.stages.flatMap((s) => s.stacks).find((s) => s.stack === name)!;

/** cdktf.out/manifest.json as cdktf writes it for the stacks of a matrix: environment → governance → cluster. */
function manifestOf(matrix: PipelineMatrix): CdktfManifest {
  const stacks: Record<string, { name: string; dependencies: string[]; workingDirectory: string }> = {};
  for (const s of matrix.stages.flatMap((stage) => stage.stacks)) {
    const dependencies = s.kind === 'cluster' ? [] : s.kind === 'governance' ? [`cluster-${s.cluster}`] : [`${GOVERNANCE_STACK_PREFIX}${s.environment}`];
    stacks[s.stack] = { name: s.stack, dependencies, workingDirectory: `stacks/${s.stack}` };
  }
  return { stacks };
}
const backendsOf = (matrix: PipelineMatrix) => Object.fromEntries(matrix.stages.flatMap((s) => s.stacks).map((s) => [s.stack, s.state]));

describe('pipelineMatrix', () => {
  const resolved = resolvePlatform(platform);
  const matrix = pipelineMatrix(platform);

  test('every stack of the definition, in stages cluster → governance → environment', () => {
    expect(PIPELINE_STAGES).toEqual(['cluster', 'governance', 'environment']);
    expect(names(matrix)).toEqual([
      ['cluster', resolved.clusters.map((c) => `cluster-${c.name}`)],
      ['governance', resolved.environments.map((e) => `governance-${e.name}`)],
      ['environment', resolved.environments.map((e) => e.name)],
    ]);
    expect(matrix.withheld).toEqual([]);
  });

  test('identities: the platform identity of the cluster for cluster and governance stacks, the deployer for the apps', () => {
    for (const environment of resolved.environments) {
      const governance = stack(matrix, `governance-${environment.name}`);
      const apps = stack(matrix, environment.name);
      expect(governance.identity).toEqual(stack(matrix, `cluster-${environment.cluster.name}`).identity);
      expect(governance.identity.kind).toBe('platform');
      expect(apps.identity).toEqual({
        kind: 'deployer',
        name: `deployer-${environment.name}`,
        cluster: environment.cluster.name,
        environment: environment.name,
        roleVariable: `DEPLOYER_${environment.name.toUpperCase()}_ROLE_ARN`,
        planRoleVariable: `DEPLOYER_${environment.name.toUpperCase()}_PLAN_ROLE_ARN`,
      });
    }
  });

  test('exact fields of a cluster stack, an environment\'s governance and its apps', () => {
    expect(stack(matrix, 'cluster-prod')).toEqual({
      stack: 'cluster-prod',
      kind: 'cluster',
      cluster: 'prod',
      context: 'prod',
      clusterNameVariable: 'CLUSTER_PROD_NAME',
      protected: true,
      preview: false,
      identity: {
        kind: 'platform', name: 'platform-prod', cluster: 'prod', roleVariable: 'PLATFORM_PROD_ROLE_ARN', planRoleVariable: 'PLATFORM_PROD_PLAN_ROLE_ARN',
      },
      // The cluster stack keeps its state where the cluster's protected environment keeps its own.
      state: {
        name: 's3',
        config: { bucket: 'example-platform-terraform-state', region: 'eu-west-1', key: 'platform/cluster-prod/terraform.tfstate', encrypt: true, use_lockfile: true },
      },
      deployment: 'cluster-prod',
      directory: 'cdktf.out/stacks/cluster-prod',
    });
    expect(stack(matrix, 'governance-dev')).toMatchObject({
      kind: 'governance', cluster: 'nonprod', environment: 'dev', protected: false, deployment: 'governance-dev',
      state: { name: 'kubernetes', config: { secret_suffix: 'governance-dev', namespace: 'terraform-state', config_path: '~/.kube/config', config_context: 'nonprod' } },
    });
    expect(stack(matrix, 'production')).toMatchObject({ kind: 'environment', protected: true, deployment: 'production', directory: 'cdktf.out/stacks/production' });
    expect(stack(matrix, 'cluster-nonprod').protected).toBe(false);
  });

  test('protection follows the definition: every stack of a protected environment, and its cluster\'s', () => {
    const protectedStacks = matrix.stages.flatMap((s) => s.stacks).filter((s) => s.protected).map((s) => s.stack);
    const expected = resolved.environments.filter((e) => e.protected)
      .flatMap((e) => [`cluster-${e.cluster.name}`, `governance-${e.name}`, e.name]);
    expect(protectedStacks.sort()).toEqual(expected.sort());
  });

  test('an environment added to the definition reaches the matrix, with no pipeline edit', () => {
    const withUat = definitionWith((d) => { d.environments.splice(3, 0, { name: 'uat', cluster: 'nonprod', apps: { web: { ingress: { host: 'shop.uat.example.com' } } } }); });
    const grown = pipelineMatrix(withUat);
    expect(stack(grown, 'governance-uat')).toMatchObject({ cluster: 'nonprod', identity: { name: 'platform-nonprod' } });
    expect(stack(grown, 'uat')).toMatchObject({ identity: { roleVariable: 'DEPLOYER_UAT_ROLE_ARN' }, deployment: 'uat' });
  });

  test('a pull request\'s matrix leaves the protected stacks out and names them', () => {
    const pr = pipelineMatrix(platform, { pullRequest: true });
    expect(names(pr)).toEqual([
      ['cluster', ['cluster-nonprod']],
      ['governance', ['governance-dev', 'governance-qa', 'governance-staging']],
      ['environment', ['dev', 'qa', 'staging']],
    ]);
    expect(pr.withheld).toEqual(['cluster-prod', 'governance-production', 'production']);
    expect(pr.stages.flatMap((s) => s.stacks).some((s) => s.protected)).toBe(false);
  });

  test('changed files select the stacks they can affect, with their cluster\'s stack', () => {
    expect(names(pipelineMatrix(platform, { changed: ['environments/qa.ts', 'docs/delivery.md'] }))).toEqual([
      ['cluster', ['cluster-nonprod']], ['governance', ['governance-qa']], ['environment', ['qa']],
    ]);
    expect(names(pipelineMatrix(platform, { changed: ['lib/core/merge.ts'] }))).toEqual(names(matrix));
    expect(names(pipelineMatrix(platform, { changed: ['README.md'] }))).toEqual([['cluster', []], ['governance', []], ['environment', []]]);
  });

  test('a cluster without environments still has its stack in the whole matrix, and in no narrowed one', () => {
    const withSpare = definitionWith((d) => { d.clusters.push({ ...d.clusters[0], name: 'spare', kubeconfig: { context: 'spare' } }); });
    expect(names(pipelineMatrix(withSpare))[0]).toEqual(['cluster', ['cluster-nonprod', 'cluster-prod', 'cluster-spare']]);
    expect(names(pipelineMatrix(withSpare, { changed: ['environments/dev.ts'] }))[0]).toEqual(['cluster', ['cluster-nonprod']]);
  });

  test('--environment narrows to the named environments and their clusters', () => {
    expect(names(pipelineMatrix(platform, { environments: ['production'] }))).toEqual([
      ['cluster', ['cluster-prod']], ['governance', ['governance-production']], ['environment', ['production']],
    ]);
  });

  test('the preview: its own stacks only, its own state key, nonprod identities, not protected', () => {
    const preview = pipelineMatrix(withPreview(platform, { id: '42', expires: EXPIRES }), { preview: true });
    expect(names(preview)).toEqual([['cluster', []], ['governance', ['governance-preview-42']], ['environment', ['preview-42']]]);
    expect(stack(preview, 'preview-42')).toMatchObject({
      preview: true,
      protected: false,
      deployment: 'preview',
      cluster: 'nonprod',
      identity: { kind: 'deployer', name: 'deployer-previews', roleVariable: 'PREVIEW_DEPLOYER_ROLE_ARN' },
      state: { name: 'kubernetes', config: { secret_suffix: 'preview-42' } },
    });
    expect(stack(preview, 'governance-preview-42').identity.name).toBe('platform-nonprod');
    expect(stack(preview, 'governance-preview-42').state.config.secret_suffix).toBe('governance-preview-42');
    // Without --preview, a selected preview stays out of the deploy matrix of main.
    expect(names(pipelineMatrix(withPreview(platform, { id: '42', expires: EXPIRES })))).toEqual(names(matrix));
  });

  test('the previews\' cluster, for the cleanup of expired previews', () => {
    expect(matrix.previewCluster).toMatchObject({ stack: 'cluster-nonprod', context: 'nonprod', previewLabel: 'platform.example.com/preview' });
    expect(pipelineMatrix(definitionWith((d) => { delete d.previews; })).previewCluster).toBeUndefined();
  });

  test('fails when an environment is unknown', () => {
    expect(() => pipelineMatrix(platform, { environments: ['prod', 'dev'] })).toThrow(new DeliveryError(
      'environment "prod" is not in the matrix; expected one of "dev", "qa", "staging", "production"'));
  });

  test('fails when --preview is asked without a selected preview', () => {
    expect(() => pipelineMatrix(platform, { preview: true })).toThrow(new DeliveryError('--preview asks for the stacks of a preview, but none is '
      + 'selected: set PREVIEW_ID and PREVIEW_EXPIRES (PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)")'));
  });

  test('fails when a preview would run on a cluster that hosts a protected environment', () => {
    const shared = definitionWith((d) => { d.environments[0].cluster = 'prod'; d.environments[0].nodePool = 'production'; });
    expect(() => pipelineMatrix(withPreview(shared, { id: '7', expires: EXPIRES }), { preview: true })).toThrow(new DeliveryError(
      'preview "preview-7" runs on cluster "prod", which hosts the protected environment(s) "production"; a preview\'s stacks run pull-request code '
      + 'with the platform identity of their cluster, so previews must use a template on a cluster without protected environments'));
  });
});

describe('affectedEnvironments', () => {
  const envs = ['dev', 'qa', 'staging', 'production'];
  test.each([
    [['environments/dev.ts'], ['dev']],
    [['environments/production.ts', 'environments/dev.ts'], ['dev', 'production']],
    [['docs/delivery.md', 'README.md', 'test/delivery/cli.test.ts', '.github/workflows/platform.yml', '.gitlab-ci.yml', '.gitlab/stack-jobs.yml'], []],
    [['.nvmrc'], 'all'],
    [['.terraform-version'], 'all'],
    [['environments/dev.ts', 'lib/platform/platform-stacks.ts'], 'all'],
    [['stacks/terraform.ts'], 'all'],
    [['package.json'], 'all'],
    [['package-lock.json'], 'all'],
    [['environments/clusters.ts'], 'all'],
    [['environments/base.ts'], 'all'],
    [['environments/apps.ts'], 'all'],
    [['environments/index.ts'], 'all'],
    // A removed environment's file, or a new helper file: shared until proven otherwise.
    [['environments/uat.ts'], 'all'],
    [['environments/sub/dev.ts'], 'all'],
    [['cdktf.json'], 'all'],
    [['', '  '], []],
  ])('%j → %j', (changed, expected) => {
    expect(affectedEnvironments(envs, changed)).toEqual(expected);
  });

  test.each(['/etc/passwd', '../environments/dev.ts', 'environments/../lib/x.ts', './environments/dev.ts', 'environments\\dev.ts'])(
    'fails when a changed path is not relative to the repository root: %s', (file) => {
      expect(() => affectedEnvironments(envs, [file])).toThrow(new DeliveryError(`changed file "${file}" is not allowed; expected a path `
        + 'relative to the repository root, as `git diff --name-only` prints it (e.g. environments/dev.ts)'));
    });
});

describe('checkMatrixAgainstManifest', () => {
  const matrix = pipelineMatrix(platform);
  const manifest = manifestOf(matrix);

  test('passes when the manifest has exactly the stacks, folders, backends and order of the matrix', () => {
    expect(() => checkMatrixAgainstManifest(matrix, manifest, backendsOf(matrix), matrix)).not.toThrow();
    // A matrix of part of the stacks is checked against the whole manifest.
    const part = pipelineMatrix(platform, { changed: ['environments/dev.ts'] });
    expect(() => checkMatrixAgainstManifest(part, manifest, backendsOf(matrix), matrix)).not.toThrow();
  });

  test('passes for a preview, whose cluster stack is applied from main', () => {
    const definition = withPreview(platform, { id: '42', expires: EXPIRES });
    const preview = pipelineMatrix(definition, { preview: true });
    const withPreviewStacks = { stacks: { ...manifest.stacks, ...manifestOf(preview).stacks } };
    withPreviewStacks.stacks['governance-preview-42'] = { ...withPreviewStacks.stacks['governance-preview-42'], dependencies: ['cluster-nonprod'] };
    expect(() => checkMatrixAgainstManifest(preview, withPreviewStacks, backendsOf(preview))).not.toThrow();
  });

  test('fails when a stack of the matrix was not synthesised', () => {
    const rest = Object.fromEntries(Object.entries(manifest.stacks).filter(([name]) => name !== 'governance-qa'));
    expect(() => checkMatrixAgainstManifest(matrix, { stacks: rest }, backendsOf(matrix), matrix)).toThrow(new DeliveryError(
      'stack "governance-qa" (governance) is in the matrix but not in cdktf.out/manifest.json, which has "cluster-nonprod", "cluster-prod", '
      + '"governance-dev", "governance-staging", "governance-production", "dev", "qa", "staging", "production"; run `npx cdktf synth` with the same '
      + 'definition (and PREVIEW_ID) first'));
  });

  test('fails when the manifest has a stack the definition does not explain', () => {
    const extra = { stacks: { ...manifest.stacks, legacy: { name: 'legacy', dependencies: [], workingDirectory: 'stacks/legacy' } } };
    expect(() => checkMatrixAgainstManifest(matrix, extra, backendsOf(matrix), matrix)).toThrow(
      /^cdktf\.out\/manifest\.json has stack\(s\) "legacy" that the definition does not explain; expected only cluster-<cluster>, governance-<environment> and <environment> stacks: "cluster-nonprod"/);
  });

  test('fails when a stack depends on one of the same or a later stage', () => {
    const wrong = { stacks: { ...manifest.stacks, dev: { ...manifest.stacks.dev, dependencies: ['qa'] } } };
    expect(() => checkMatrixAgainstManifest(matrix, wrong, backendsOf(matrix), matrix)).toThrow(new DeliveryError(
      'stack "dev" (environment) depends on "qa" (environment) in cdktf.out/manifest.json, which is not applied in an earlier stage; expected '
      + 'dependencies in the order cluster → governance → environment'));
  });

  test('fails when a stack\'s folder is not the matrix\'s', () => {
    const moved = { stacks: { ...manifest.stacks, qa: { ...manifest.stacks.qa, workingDirectory: 'stacks/qa-old' } } };
    expect(() => checkMatrixAgainstManifest(matrix, moved, backendsOf(matrix), matrix)).toThrow(new DeliveryError(
      'stack "qa": its folder is cdktf.out/stacks/qa-old in the manifest; the matrix expects cdktf.out/stacks/qa'));
  });

  test('fails when a stack\'s backend is not the one the definition gives', () => {
    const backends = { ...backendsOf(matrix), production: { name: 'local', config: { path: 'terraform.tfstate' } } };
    expect(() => checkMatrixAgainstManifest(matrix, manifest, backends, matrix)).toThrow(
      /^stack "production": its cdk\.tf\.json declares the backend \{"name":"local","config":\{"path":"terraform\.tfstate"\}\}; the definition gives \{"name":"s3",/);
    // The order of the arguments does not matter: cdktf writes them sorted.
    const sorted = { ...backendsOf(matrix), dev: { name: 'kubernetes', config: { config_context: 'nonprod', config_path: '~/.kube/config', namespace: 'terraform-state', secret_suffix: 'dev' } } };
    expect(() => checkMatrixAgainstManifest(matrix, manifest, sorted, matrix)).not.toThrow();
  });
});

describe('gitlabChildPipeline', () => {
  const matrix = pipelineMatrix(platform);
  const deploy = gitlabChildPipeline(matrix, GitLabPipelineMode.DEPLOY) as Record<string, any>;
  const jobs = Object.keys(deploy).filter((k) => !['include', 'stages'].includes(k));
  const all = matrix.stages.flatMap((s) => s.stacks);

  test('deploy: a plan and an apply job per stack, in stages plan/apply per kind', () => {
    expect(deploy.include).toEqual([{ local: '.gitlab/stack-jobs.yml' }]);
    expect(deploy.stages).toEqual(['plan-cluster', 'apply-cluster', 'plan-governance', 'apply-governance', 'plan-environment', 'apply-environment']);
    expect(jobs).toEqual([...all.map((s) => [`plan:${s.stack}`, `apply:${s.stack}`]).flat()]);
  });

  test('deploy: each apply needs its own plan (the plan file it applies); each plan needs every apply of the earlier stages', () => {
    const appliedBefore = (s: PipelineStack) => all.filter((o) => PIPELINE_STAGES.indexOf(o.kind) < PIPELINE_STAGES.indexOf(s.kind)).map((o) => `apply:${o.stack}`);
    for (const s of all) {
      expect(deploy[`apply:${s.stack}`].needs).toEqual([`plan:${s.stack}`]);
      expect(deploy[`plan:${s.stack}`].needs).toEqual([{ pipeline: '$PARENT_PIPELINE_ID', job: 'test' }, ...appliedBefore(s)]);
    }
  });

  test('deploy: protected stacks apply only by hand, in an environment named after the stack; the rest on success', () => {
    for (const s of all) {
      expect(deploy[`apply:${s.stack}`]).toMatchObject({
        extends: '.apply-stack',
        environment: { name: s.stack, deployment_tier: s.protected ? 'production' : 'development' },
        resource_group: s.stack,
        rules: [{ when: s.protected ? 'manual' : 'on_success' }],
      });
    }
    expect(all.filter((s) => s.protected).map((s) => s.stack)).toEqual(['cluster-prod', 'governance-production', 'production']);
  });

  test('the role variable: the identity\'s plan role for plans (falling back to its role), its role for applies', () => {
    expect(deploy['plan:production'].variables).toEqual({
      STACK: 'production', STACK_DIR: 'cdktf.out/stacks/production', CLUSTER: 'prod', CLUSTER_NAME_VARIABLE: 'CLUSTER_PROD_NAME', KUBE_CONTEXT: 'prod',
      IDENTITY: 'deployer-production', ROLE_VARIABLE: 'DEPLOYER_PRODUCTION_PLAN_ROLE_ARN', FALLBACK_ROLE_VARIABLE: 'DEPLOYER_PRODUCTION_ROLE_ARN',
    });
    expect(deploy['apply:production'].variables.ROLE_VARIABLE).toBe('DEPLOYER_PRODUCTION_ROLE_ARN');
  });

  test('plan (merge requests): plan jobs only, of the stacks a pull request may plan', () => {
    const plan = gitlabChildPipeline(pipelineMatrix(platform, { pullRequest: true }), GitLabPipelineMode.PLAN) as Record<string, any>;
    expect(plan.stages).toEqual(['plan']);
    expect(Object.keys(plan).filter((k) => k.includes(':'))).toEqual(
      ['cluster-nonprod', 'governance-dev', 'governance-qa', 'governance-staging', 'dev', 'qa', 'staging'].map((s) => `plan:${s}`));
  });

  test('a matrix without stacks gives one job that says so (GitLab refuses an empty pipeline)', () => {
    const empty = gitlabChildPipeline(pipelineMatrix(platform, { changed: ['README.md'] }), GitLabPipelineMode.DEPLOY) as Record<string, any>;
    expect(empty.stages).toEqual(['plan-cluster']);
    expect(empty[GITLAB_NO_STACKS_JOB]).toEqual({ stage: 'plan-cluster', script: ['echo "no stack is affected by this change"'] });
  });
});
