import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { resolvePlatform } from '../../lib';
import { GITLAB_STACK_JOBS } from '../../lib/delivery/gitlab-child-pipeline';
import { platform } from '../../environments';
import { ROOT } from './_fixtures';

const text = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const read = (file: string) => parse(text(file));
const packageJson = JSON.parse(text('package.json'));
const scripts = Object.keys(packageJson.scripts);
const CLI_COMMANDS = ['promote', 'diff', 'previews list', 'previews expired', 'previews cleanup', 'previews expiry', 'kubeconfig', 'pipeline-matrix'];

const WORKFLOWS = ['platform.yml', 'preview.yml', 'promote.yml'].map((f) => `.github/workflows/${f}`);
/**
 * Every action from outside the repository, pinned to the full commit SHA of a release (GitHub's security hardening
 * guide: "Pin actions to a full length commit SHA"; a tag can be moved to other code). The SHAs are those of the release
 * tags in each action's repository, e.g. `git rev-parse 'refs/tags/v7.0.1^{commit}'` in actions/checkout.
 */
const PINS: { [action: string]: { sha: string; release: string } } = {
  'actions/checkout': { sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', release: 'v7.0.1' },
  'actions/setup-node': { sha: '820762786026740c76f36085b0efc47a31fe5020', release: 'v7.0.0' },
  'actions/upload-artifact': { sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', release: 'v7.0.0' },
  'actions/download-artifact': { sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', release: 'v8.0.1' },
  'actions/create-github-app-token': { sha: '1b10c78c7865c340bc4f6099eb2f838309f1e8c3', release: 'v3.1.1' },
  'aws-actions/configure-aws-credentials': { sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c', release: 'v6.2.3' },
  'hashicorp/setup-terraform': { sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e', release: 'v4.0.1' },
};
/** `uses` of each pinned action, as the parsed YAML holds it (the release comment is not part of the value). */
const PINNED = Object.fromEntries(Object.entries(PINS).map(([action, pin]) => [action, `${action}@${pin.sha}`]));
const ACTIONS = ['cloud-credentials', 'setup-terraform', 'plan-stack', 'apply-stack'].map((a) => `.github/actions/${a}/action.yml`);
const GITLAB = ['.gitlab-ci.yml', GITLAB_STACK_JOBS];

/** Every `npm run <script>` names a script of package.json, and every platform command exists. */
function checkCommands(lines: string[]): void {
  for (const line of lines) {
    for (const match of line.matchAll(/npm run (?:-s )?([\w:-]+)/g)) expect(scripts).toContain(match[1]);
    for (const match of line.matchAll(/npm run -s platform -- ((?:previews )?[a-z-]+)/g)) expect(CLI_COMMANDS).toContain(match[1]);
  }
}

const runsOf = (steps: any[]) => steps.map((s) => s.run).filter(Boolean) as string[];
const usesOf = (steps: any[]) => steps.map((s) => s.uses).filter(Boolean) as string[];

describe('GitHub Actions', () => {
  const workflows = Object.fromEntries(WORKFLOWS.map((f) => [f, read(f)]));
  const actions = Object.fromEntries(ACTIONS.map((f) => [f, read(f)]));
  const main = workflows['.github/workflows/platform.yml'];
  const jobs: Record<string, any> = main.jobs;
  const allJobs = Object.values(workflows).flatMap((w: any) => Object.entries(w.jobs) as Array<[string, any]>);
  const allSteps = [...allJobs.flatMap(([, j]) => j.steps), ...Object.values(actions).flatMap((a: any) => a.runs.steps)];

  test('the main workflow: pull requests and main, and a manual run for chosen environments', () => {
    expect(Object.keys(main.on)).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(main.on.push.branches).toEqual(['main']);
    expect(Object.keys(main.on.workflow_dispatch.inputs)).toEqual(['environments']);
    expect(Object.keys(jobs)).toEqual([
      'test', 'matrix', 'plan-pull-request', 'plan-cluster', 'apply-cluster', 'plan-governance', 'apply-governance', 'plan-environment', 'apply-environment',
    ]);
    expect(runsOf(jobs.test.steps)).toEqual(['npm ci', 'npm run typecheck', 'npm run lint', 'npm test', 'npm run synth']);
  });

  test('every job runs on a runner, every step runs or uses something, every need names a job', () => {
    for (const workflow of Object.values(workflows) as any[]) {
      for (const [name, job] of Object.entries(workflow.jobs) as Array<[string, any]>) {
        expect([name, job['runs-on']]).toEqual([name, 'ubuntu-latest']);
        for (const step of job.steps) expect(typeof step.uses === 'string' || typeof step.run === 'string').toBe(true);
        for (const need of [job.needs ?? []].flat()) expect(Object.keys(workflow.jobs)).toContain(need);
      }
    }
    for (const local of usesOf(allSteps).filter((u) => u.startsWith('./'))) expect(fs.existsSync(path.join(ROOT, local, 'action.yml'))).toBe(true);
    checkCommands(allSteps.map((s) => s.run ?? ''));
  });

  describe('permissions', () => {
    test('every workflow reads contents only, unless a job asks for more', () => {
      for (const workflow of Object.values(workflows) as any[]) expect(workflow.permissions).toEqual({ contents: 'read' });
    });

    test('id-token: write exactly in the jobs that take cloud credentials; nothing else is ever written with GITHUB_TOKEN', () => {
      for (const [name, job] of allJobs) {
        const credentials = usesOf(job.steps).includes('./.github/actions/cloud-credentials');
        expect([name, job.permissions?.['id-token']]).toEqual([name, credentials ? 'write' : undefined]);
        for (const [scope, level] of Object.entries(job.permissions ?? {})) {
          expect([name, scope, level]).toEqual([name, scope, scope === 'id-token' ? 'write' : 'read']);
        }
      }
    });

    test('actions: read only where a protected stack\'s environment is checked for reviewers', () => {
      for (const [name, job] of allJobs) {
        const checks = job.steps.some((s: any) => s.run?.includes('required_reviewers'));
        expect([name, job.permissions?.actions]).toEqual([name, checks ? 'read' : undefined]);
      }
    });
  });

  describe('the matrix comes from the definition', () => {
    test('the matrix job runs the generator against the synthesised manifest; a pull request\'s leaves protected stacks out', () => {
      const run = runsOf(jobs.matrix.steps).join('\n');
      expect(run).toContain('args=(--manifest cdktf.out/manifest.json)');
      expect(run).toContain('if [ "$EVENT" = pull_request ]; then args+=(--pull-request); fi');
      expect(run).toContain('npm run -s platform -- pipeline-matrix "${args[@]}" > matrix.json');
      expect(Object.keys(jobs.matrix.outputs)).toEqual(['cluster', 'governance', 'environment', 'plan']);
    });

    test('every matrix job iterates over an output of the matrix job', () => {
      const expected: Record<string, string> = {
        'plan-pull-request': 'plan', 'plan-cluster': 'cluster', 'apply-cluster': 'cluster', 'plan-governance': 'governance',
        'apply-governance': 'governance', 'plan-environment': 'environment', 'apply-environment': 'environment',
      };
      for (const [name, output] of Object.entries(expected)) {
        expect(jobs[name].strategy.matrix).toEqual({ stack: `\${{ fromJSON(needs.matrix.outputs.${output}) }}` });
        expect([jobs[name].needs].flat()).toContain('matrix');
      }
    });

    test('no environment or cluster of the reference platform is named in any pipeline (comments aside)', () => {
      const resolved = resolvePlatform(platform);
      const named = [...resolved.environments.map((e) => e.name), ...resolved.clusters.map((c) => c.name)];
      for (const file of [...WORKFLOWS, ...ACTIONS, ...GITLAB]) {
        const content = JSON.stringify(read(file)).replace(/\/dev\/null/g, '');
        for (const name of named) expect([file, name, new RegExp(`(?<![\\w-])${name}(?![\\w-])`).test(content)]).toEqual([file, name, false]);
      }
    });
  });

  describe('order: cluster stacks, then governance, then environments; each apply after its plan', () => {
    test('needs chain the stages', () => {
      expect(jobs['plan-cluster'].needs).toEqual('matrix');
      expect(jobs['apply-cluster'].needs).toEqual(['matrix', 'plan-cluster']);
      expect(jobs['plan-governance'].needs).toEqual(['matrix', 'apply-cluster']);
      expect(jobs['apply-governance'].needs).toEqual(['matrix', 'plan-governance']);
      expect(jobs['plan-environment'].needs).toEqual(['matrix', 'apply-governance']);
      expect(jobs['apply-environment'].needs).toEqual(['matrix', 'plan-environment']);
    });

    test('a stage with nothing to do does not stop the next; a failed one does', () => {
      for (const name of ['plan-governance', 'apply-governance', 'plan-environment', 'apply-environment']) {
        expect(jobs[name].if).toMatch(/^\$\{\{ !cancelled\(\) && !failure\(\) && github\.event_name != 'pull_request' && needs\.matrix\.outputs\.\w+ != '\[\]' \}\}$/);
      }
    });
  });

  describe('plan → approval → apply of that plan', () => {
    const planStack = actions['.github/actions/plan-stack/action.yml'].runs.steps;
    const applyStack = actions['.github/actions/apply-stack/action.yml'].runs.steps;

    test('a plan job writes a plan file and uploads it, with its text, as plan-<stack>', () => {
      expect(runsOf(planStack).join('\n')).toContain('terraform -chdir="$DIR" plan -input=false -lock-timeout=10m $mode -out=tfplan');
      expect(runsOf(planStack).join('\n')).toContain('terraform -chdir="$DIR" show -no-color tfplan > "$DIR/plan.txt"');
      const upload = planStack.find((s: any) => s.uses === PINNED['actions/upload-artifact']);
      expect(upload.with.name).toBe('plan-${{ inputs.stack }}');
      expect(upload.with.path.trim().split('\n').map((p: string) => p.trim())).toEqual(
        ['tfplan', 'plan.txt', 'cdk.tf.json', '.terraform.lock.hcl'].map((f) => `\${{ inputs.directory }}/${f}`));
      expect(upload.with['include-hidden-files']).toBe(true);
    });

    test('an apply job downloads that artefact into the same folder and applies that plan file, nothing else', () => {
      const download = applyStack.find((s: any) => s.uses === PINNED['actions/download-artifact']);
      expect(download.with).toEqual({ name: 'plan-${{ inputs.stack }}', path: '${{ inputs.directory }}' });
      expect(runsOf(applyStack)).toEqual([
        'terraform -chdir="$DIR" init -input=false -lockfile=readonly',
        'terraform -chdir="$DIR" apply -input=false -lock-timeout=10m tfplan',
      ]);
    });

    test('plan and apply jobs of a stage pass the same stack; only apply jobs run in the stack\'s GitHub environment', () => {
      for (const stage of ['cluster', 'governance', 'environment']) {
        const plan = jobs[`plan-${stage}`];
        const apply = jobs[`apply-${stage}`];
        const inputs = (job: any, action: string) => job.steps.find((s: any) => s.uses === action).with;
        expect(inputs(plan, './.github/actions/plan-stack')).toEqual(inputs(apply, './.github/actions/apply-stack'));
        expect(plan.environment).toBeUndefined();
        expect(apply.environment).toBe('${{ matrix.stack.deployment }}');
        expect(apply.concurrency).toEqual({ group: 'apply-${{ matrix.stack.stack }}', 'cancel-in-progress': false });
        expect(apply.strategy['fail-fast']).toBe(false);
      }
    });

    test('a protected stack is applied only when its environment has required reviewers', () => {
      for (const stage of ['cluster', 'governance', 'environment']) {
        const check = jobs[`apply-${stage}`].steps[1];
        expect(check.if).toBe('matrix.stack.protected');
        expect(check.run).toContain('gh api "repos/$GITHUB_REPOSITORY/environments/$DEPLOYMENT" --jq \'[.protection_rules[]? | select(.type == "required_reviewers")] | length\'');
        expect(check.run).toContain('exit 1');
        // Before any credentials are taken.
        expect(jobs[`apply-${stage}`].steps[2].uses).toBe('./.github/actions/cloud-credentials');
      }
    });

    test('nothing is applied without a plan file: no -auto-approve, no cdktf deploy, in any pipeline', () => {
      for (const file of [...WORKFLOWS, ...ACTIONS, ...GITLAB]) {
        expect([file, /auto-approve|cdktf (deploy|destroy)/.test(JSON.stringify(read(file)))]).toEqual([file, false]);
      }
      for (const step of allSteps.filter((s) => /terraform .*apply/.test(s.run ?? ''))) expect(step.run).toMatch(/apply -input=false -lock-timeout=10m tfplan$/);
    });
  });

  describe('credentials: OIDC, no stored kubeconfig', () => {
    const credentials = actions['.github/actions/cloud-credentials/action.yml'];

    test('the role is assumed with the job\'s OIDC token; the cluster is reached by the cloud\'s exec authentication', () => {
      expect(credentials.runs.steps[0]).toEqual({
        name: 'assume the role (OIDC)',
        uses: PINNED['aws-actions/configure-aws-credentials'],
        with: { 'role-to-assume': '${{ inputs.role }}', 'aws-region': '${{ inputs.region }}', 'role-session-name': 'github-${{ github.run_id }}-${{ github.run_attempt }}' },
      });
      expect(credentials.runs.steps[1].run).toBe('aws eks update-kubeconfig --name "$CLUSTER_NAME" --region "$REGION" --alias "$CONTEXT" --user-alias "$CONTEXT"');
      expect(text('.github/actions/cloud-credentials/action.yml')).toMatch(/- GKE: google-github-actions\/auth[\s\S]*- AKS: azure\/login/);
    });

    test('the role comes from the variable the matrix names: the plan role for plans (else the role), the role for applies', () => {
      for (const [name, job] of Object.entries(jobs).filter(([n]) => n.startsWith('plan-') || n.startsWith('apply-'))) {
        const step = job.steps.find((s: any) => s.uses === './.github/actions/cloud-credentials');
        expect([name, step.with.role]).toEqual([name, name.startsWith('plan-')
          ? '${{ vars[matrix.stack.identity.planRoleVariable] || vars[matrix.stack.identity.roleVariable] }}'
          : '${{ vars[matrix.stack.identity.roleVariable] }}']);
        expect(step.with.context).toBe('${{ matrix.stack.context }}');
      }
    });

    test('no kubeconfig or cloud key is read from a secret; the only secret is the promotion App\'s key', () => {
      const secrets = [...Object.values(workflows), ...Object.values(actions)].flatMap((w) => JSON.stringify(w).match(/secrets\.\w+/g) ?? []);
      expect(secrets).toEqual(['secrets.PROMOTION_APP_PRIVATE_KEY']);
    });
  });

  describe('pull requests never hold production credentials', () => {
    test('no workflow runs on pull_request_target', () => {
      for (const workflow of Object.values(workflows) as any[]) expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    });

    test('on a pull request, only the plan job and the preview jobs take credentials: unprotected stacks, the preview environment', () => {
      const prJobs = allJobs.filter(([, job]) => usesOf(job.steps).includes('./.github/actions/cloud-credentials'))
        .filter(([, job]) => !/github\.event_name != 'pull_request'|github\.event_name == 'schedule'/.test(job.if ?? ''));
      expect(prJobs.map(([name]) => name)).toEqual(['plan-pull-request', 'preview', 'preview-destroy']);
      expect(jobs['plan-pull-request'].if).toBe('github.event_name == \'pull_request\' && needs.matrix.outputs.plan != \'[]\'');
      expect(jobs['plan-pull-request'].environment).toBeUndefined();
      for (const [, job] of prJobs.slice(1)) expect(job.environment).toBe('preview');
    });

    test('every job that applies runs only off pull requests, or in the preview environment', () => {
      for (const [name, job] of allJobs.filter(([, j]) => usesOf(j.steps).includes('./.github/actions/apply-stack'))) {
        expect([name, job.environment === 'preview' || /github\.event_name != 'pull_request'/.test(job.if)]).toEqual([name, true]);
      }
    });
  });

  describe('previews', () => {
    const preview = workflows['.github/workflows/preview.yml'].jobs;

    test('the expiry comes from the pipeline\'s clock when the preview is created, never from a commit', () => {
      for (const name of ['preview', 'preview-destroy']) {
        expect(runsOf(preview[name].steps)).toContain('echo "PREVIEW_EXPIRES=$(npm run -s platform -- previews expiry)" >> "$GITHUB_ENV"');
        expect(preview[name].env).toEqual({ PREVIEW_ID: '${{ github.event.number }}' });
      }
      expect(text('.github/workflows/preview.yml')).not.toMatch(/git log/);
      // The TTL is the definition's (previews.ttl): no pipeline variable overrides it.
      expect(workflows['.github/workflows/preview.yml'].env.PREVIEW_TTL).toBeUndefined();
      expect(read('.gitlab-ci.yml').variables.PREVIEW_TTL).toBeUndefined();
    });

    test('its stacks come from the generator (--preview), governance before the apps, each applying its own plan file', () => {
      const steps = preview.preview.steps;
      expect(runsOf(steps)).toContain(
        'npm run -s platform -- pipeline-matrix --preview --manifest cdktf.out/manifest.json > preview.json\n'
        + 'echo "governance=$(jq -c \'.stages[] | select(.kind == "governance") | .stacks[0]\' preview.json)" >> "$GITHUB_OUTPUT"\n'
        + 'echo "environment=$(jq -c \'.stages[] | select(.kind == "environment") | .stacks[0]\' preview.json)" >> "$GITHUB_OUTPUT"\n');
      const order = steps.filter((s: any) => s.uses?.startsWith('./')).map((s: any) => [s.uses.split('/').pop(), /outputs\.(\w+)\)/.exec(JSON.stringify(s.with))![1]]);
      expect(order).toEqual([
        ['cloud-credentials', 'governance'], ['plan-stack', 'governance'], ['apply-stack', 'governance'],
        ['cloud-credentials', 'environment'], ['plan-stack', 'environment'], ['apply-stack', 'environment'],
      ]);
      const destroy = preview['preview-destroy'].steps.filter((s: any) => s.uses === './.github/actions/plan-stack');
      expect(destroy.map((s: any) => s.with.destroy)).toEqual(['true', 'true']);
    });

    test('a pull request from a fork gets no preview (it gets no OIDC token)', () => {
      for (const name of ['preview', 'preview-destroy']) expect(preview[name].if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    });

    test('expired previews are cleaned up hourly from main, with the previews\' cluster from the generator', () => {
      expect(workflows['.github/workflows/preview.yml'].on.schedule).toEqual([{ cron: '0 * * * *' }]);
      expect(runsOf(preview['previews-cleanup'].steps)).toEqual([
        'npm ci',
        'echo "cluster=$(npm run -s platform -- pipeline-matrix | jq -c \'.previewCluster\')" >> "$GITHUB_OUTPUT"',
        'kubectl --context "$CONTEXT" get namespaces -l "$LABEL=true" -o json > namespaces.json',
        'npm run -s platform -- previews list --input namespaces.json',
        'npm run -s platform -- previews cleanup --input namespaces.json --context "$CONTEXT" --execute',
      ]);
    });
  });

  test('promotion pull requests are created with a GitHub App token, so that they trigger the workflows', () => {
    const promote = workflows['.github/workflows/promote.yml'].jobs.promote;
    expect(promote.steps[0]).toEqual({
      id: 'app-token',
      uses: PINNED['actions/create-github-app-token'],
      with: { 'client-id': '${{ vars.PROMOTION_APP_CLIENT_ID }}', 'private-key': '${{ secrets.PROMOTION_APP_PRIVATE_KEY }}' },
    });
    expect(promote.steps[1].with.token).toBe('${{ steps.app-token.outputs.token }}');
    expect(promote.steps.at(-1).env.GH_TOKEN).toBe('${{ steps.app-token.outputs.token }}');
    expect(text('.github/workflows/promote.yml')).not.toMatch(/github\.token|secrets\.GITHUB_TOKEN/);
    expect(promote.permissions).toBeUndefined();
  });
});

describe('GitLab CI', () => {
  const pipeline = read('.gitlab-ci.yml');
  const templates = read(GITLAB_STACK_JOBS);
  const jobs = Object.entries(pipeline).filter(([name, job]: [string, any]) => !name.startsWith('.') && (job?.script || job?.trigger)) as Array<[string, any]>;
  const names = jobs.map(([name]) => name);

  test('every job has a declared stage and rules; needs, on_stop and extends name jobs or templates', () => {
    expect(names).toEqual(['test', 'matrix', 'stacks', 'preview:deploy', 'preview:destroy', 'promote', 'previews:cleanup']);
    for (const [, job] of jobs) {
      expect(pipeline.stages).toContain(job.stage);
      expect(job.rules.length).toBeGreaterThan(0);
      for (const need of job.needs ?? []) expect(names).toContain(need);
    }
    for (const [, job] of jobs.filter(([, j]) => j.extends)) expect(pipeline[job.extends]).toBeDefined();
    for (const [, job] of jobs.filter(([, j]) => j.environment?.on_stop)) expect(names).toContain(job.environment.on_stop);
    checkCommands([...jobs.flatMap(([, job]) => job.script ?? []), ...Object.values(templates).flatMap((t: any) => t.script ?? [])]);
  });

  test('the matrix job generates the child pipeline from the definition; the stacks job runs it', () => {
    expect(pipeline.matrix.script.at(-1)).toBe('npm run -s platform -- pipeline-matrix --manifest cdktf.out/manifest.json $MATRIX_ARGS > stacks.yml');
    expect(pipeline.matrix.rules.map((r: any) => r.variables.MATRIX_ARGS)).toEqual(['--pull-request --gitlab plan', '--gitlab deploy']);
    expect(pipeline.stacks.trigger).toEqual({ include: [{ artifact: 'stacks.yml', job: 'matrix' }], strategy: 'depend' });
    expect(pipeline.stacks.variables).toEqual({ PARENT_PIPELINE_ID: '$CI_PIPELINE_ID' });
  });

  test('the templates: OIDC ID token for the role, exec authentication for the cluster; plan file as artefact; apply of that file', () => {
    expect(templates['.stack-job'].id_tokens).toEqual({ AWS_ID_TOKEN: { aud: 'sts.amazonaws.com' } });
    expect(templates['.stack-job'].before_script).toContain('printf \'%s\' "$AWS_ID_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"');
    expect(templates['.stack-job'].before_script.at(-1)).toMatch(/^aws eks update-kubeconfig .* --alias "\$KUBE_CONTEXT" --user-alias "\$KUBE_CONTEXT"$/);
    expect(templates['.plan-stack'].script).toContain('terraform -chdir="$STACK_DIR" plan -input=false -lock-timeout=10m -out=tfplan');
    expect(templates['.plan-stack'].artifacts.paths).toEqual(['$STACK_DIR/tfplan', '$STACK_DIR/plan.txt', '$STACK_DIR/cdk.tf.json', '$STACK_DIR/.terraform.lock.hcl']);
    expect(templates['.apply-stack'].script).toEqual([
      'terraform -chdir="$STACK_DIR" init -input=false -lockfile=readonly',
      'terraform -chdir="$STACK_DIR" apply -input=false -lock-timeout=10m tfplan',
    ]);
  });

  test('previews: expiry from the pipeline\'s clock, stacks from the generator, governance first and last', () => {
    expect(pipeline['preview:deploy'].script[0]).toBe('export PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"');
    expect(pipeline['preview:deploy'].script.at(-1)).toBe('for kind in governance environment; do preview_stack "$kind" plan; done');
    expect(pipeline['preview:destroy'].script.at(-1)).toBe('for kind in environment governance; do preview_stack "$kind" "plan -destroy"; done');
    expect(pipeline['preview:deploy'].environment).toEqual({ name: 'preview/$CI_MERGE_REQUEST_IID', on_stop: 'preview:destroy', auto_stop_in: '3 days' });
    expect(text('.gitlab-ci.yml')).not.toMatch(/git log/);
    expect(pipeline['previews:cleanup'].rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
  });
});

describe('pinned versions, the same in both pipelines', () => {
  test('every action from outside the repository is pinned to a release\'s full commit SHA, its release named in a comment', () => {
    const files = [...WORKFLOWS, ...ACTIONS];
    const lines = files.flatMap((file) => text(file).split('\n').filter((line) => /^\s*(- )?uses: /.test(line)).map((line) => ({ file, line: line.trim() })));
    const external = lines.filter(({ line }) => !line.includes('uses: ./'));
    expect(external.length).toBeGreaterThan(0);
    for (const { file, line } of external) {
      const match = /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line);
      expect({ file, line, pinned: match !== null }).toEqual({ file, line, pinned: true });
      expect({ file, action: match![1], sha: match![2], release: match![3] }).toEqual({ file, action: match![1], ...PINS[match![1]] });
    }
    expect(new Set(external.map(({ line }) => line.replace(/^- /, '').split('@')[0]))).toEqual(new Set(Object.keys(PINS).map((a) => `uses: ${a}`)));
  });

  const node = text('.nvmrc').trim();
  const terraform = text('.terraform-version').trim();

  test('exact versions in one place each: .nvmrc and .terraform-version (Terraform ≥ 1.10 for S3 lock files)', () => {
    expect(node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(terraform).toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor] = terraform.split('.').map(Number);
    expect(major > 1 || (major === 1 && minor >= 10)).toBe(true);
    expect(Number(node.split('.')[0])).toBeGreaterThanOrEqual(Number(/>=(\d+)/.exec(packageJson.engines.node)![1]));
  });

  test('GitHub reads them from those files: every setup-node from .nvmrc, Terraform through one action from .terraform-version', () => {
    const steps = [...WORKFLOWS, ...ACTIONS].flatMap((f) => {
      const doc = read(f);
      return doc.jobs ? Object.values(doc.jobs).flatMap((j: any) => j.steps) : doc.runs.steps;
    });
    const setupNode = steps.filter((s: any) => s.uses?.startsWith('actions/setup-node'));
    expect(setupNode.length).toBeGreaterThan(0);
    for (const step of setupNode) expect(step.with).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
    const setupTerraform = steps.filter((s: any) => s.uses?.startsWith('hashicorp/setup-terraform'));
    expect(setupTerraform).toEqual([{
      uses: PINNED['hashicorp/setup-terraform'], with: { terraform_version: '${{ steps.version.outputs.terraform }}', terraform_wrapper: false },
    }]);
    expect(read('.github/actions/setup-terraform/action.yml').runs.steps[0].run).toBe('echo "terraform=$(cat .terraform-version)" >> "$GITHUB_OUTPUT"');
    for (const step of steps.filter((s: any) => s.uses?.includes('/setup-') && !s.uses.startsWith('./'))) {
      expect([PINNED['actions/setup-node'], PINNED['hashicorp/setup-terraform']]).toContain(step.uses);
    }
  });

  test('GitLab\'s image carries the same versions, and every job that runs Node or Terraform checks them against the files', () => {
    const pipeline = read('.gitlab-ci.yml');
    expect(pipeline.variables.PLATFORM_CI_IMAGE).toMatch(new RegExp(`:node${node.replace(/\./g, '\\.')}-terraform${terraform.replace(/\./g, '\\.')}$`));
    const nodeCheck = 'test "$(node --version)" = "v$(cat .nvmrc)" || { echo "the image runs Node $(node --version); .nvmrc pins $(cat .nvmrc)"; exit 1; }';
    const terraformCheck = 'test "$(terraform version -json | jq -r .terraform_version)" = "$(cat .terraform-version)" || '
      + '{ echo "the image\'s Terraform is not the $(cat .terraform-version) of .terraform-version"; exit 1; }';
    expect(pipeline.default.before_script[0]).toBe(nodeCheck);
    expect(pipeline['.preview-credentials'].before_script.slice(0, 2)).toEqual([nodeCheck, terraformCheck]);
    expect(read(GITLAB_STACK_JOBS)['.stack-job'].before_script.slice(0, 2)).toEqual([nodeCheck, terraformCheck]);
  });
});
