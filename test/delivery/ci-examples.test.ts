import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './_fixtures';

const read = (file: string) => parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
const CLI_COMMANDS = ['promote', 'diff', 'previews list', 'previews expired', 'previews cleanup', 'kubeconfig'];

/** Every `npm run <script>` names a script of package.json, and every platform command exists. */
function checkCommands(lines: string[]): void {
  for (const line of lines) {
    for (const match of line.matchAll(/npm run (?:-s )?([\w:-]+)/g)) expect(scripts).toContain(match[1]);
    const cli = /npm run -s platform -- ((?:previews )?[a-z]+)/.exec(line);
    if (cli) expect(CLI_COMMANDS).toContain(cli[1]);
  }
}

describe('GitHub Actions workflow', () => {
  const workflow = read('.github/workflows/platform.yml');
  const jobs: Record<string, any> = workflow.jobs;

  test('triggers: pull requests (also closed), main, a schedule and a promotion form', () => {
    expect(workflow.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.schedule).toHaveLength(1);
    expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual(['from', 'to', 'apps']);
  });

  test('jobs: synth and test, deploy, preview and its destruction, promotion, cleanup', () => {
    expect(Object.keys(jobs)).toEqual(['test', 'deploy-nonprod', 'deploy-production', 'preview', 'preview-destroy', 'promote', 'previews-cleanup']);
    for (const [name, job] of Object.entries(jobs)) {
      expect([name, job['runs-on']]).toEqual([name, 'ubuntu-latest']);
      expect(job.steps.length).toBeGreaterThan(0);
      for (const step of job.steps) expect(typeof step.uses === 'string' || typeof step.run === 'string').toBe(true);
      for (const need of [job.needs ?? []].flat()) expect(Object.keys(jobs)).toContain(need);
    }
  });

  test('the steps run what the README documents', () => {
    const runs = (job: string) => jobs[job].steps.map((s: any) => s.run).filter(Boolean);
    expect(runs('test')).toEqual(['npm ci', 'npm run typecheck', 'npm run lint', 'npm test', 'npm run synth']);
    expect(runs('deploy-nonprod')).toContain('npx cdktf deploy cluster-nonprod dev qa staging --auto-approve');
    expect(jobs['deploy-production'].environment).toBe('production');
    expect(jobs.preview.env.PREVIEW_ID).toBe('${{ github.event.number }}');
    expect(runs('preview')).toContain('npx cdktf deploy "preview-$PREVIEW_ID" --auto-approve');
    expect(runs('preview-destroy')).toContain('npx cdktf destroy "preview-$PREVIEW_ID" --auto-approve');
    expect(runs('promote').join('\n')).toContain('npm run -s platform -- promote "$FROM" "$TO" $apps');
    expect(runs('previews-cleanup')).toContain('npm run -s platform -- previews cleanup --input namespaces.json --context nonprod --execute');
    checkCommands(Object.values(jobs).flatMap((job: any) => job.steps.map((s: any) => s.run ?? '')));
  });
});

describe('GitLab CI pipeline', () => {
  const pipeline = read('.gitlab-ci.yml');
  const jobs = Object.entries(pipeline).filter(([name, job]: [string, any]) => !['stages', 'default', 'variables'].includes(name) && job.script);

  test('every job has a declared stage, a script and rules; needs and on_stop name jobs', () => {
    const names = jobs.map(([name]) => name);
    expect(names).toEqual(['test', 'deploy:nonprod', 'deploy:production', 'preview:deploy', 'preview:destroy', 'promote', 'previews:cleanup']);
    for (const [, job] of jobs as Array<[string, any]>) {
      expect(pipeline.stages).toContain(job.stage);
      expect(Array.isArray(job.script)).toBe(true);
      expect(job.rules.length).toBeGreaterThan(0);
      for (const need of job.needs ?? []) expect(names).toContain(need);
    }
    for (const [, job] of (jobs as Array<[string, any]>).filter(([, j]) => j.environment?.on_stop)) {
      expect(names).toContain(job.environment.on_stop);
    }
    checkCommands(jobs.flatMap(([, job]: [string, any]) => job.script));
  });

  test('previews: deployed per merge request, stopped by a job, expired ones cleaned up on a schedule', () => {
    const job = (name: string) => pipeline[name];
    expect(job('preview:deploy').variables.PREVIEW_ID).toBe('$CI_MERGE_REQUEST_IID');
    expect(job('preview:deploy').environment).toEqual({ name: 'preview/$CI_MERGE_REQUEST_IID', on_stop: 'preview:destroy', auto_stop_in: '3 days' });
    expect(job('preview:destroy').environment.action).toBe('stop');
    expect(job('preview:destroy').script).toContain('npx cdktf destroy "preview-$PREVIEW_ID" --auto-approve');
    expect(job('previews:cleanup').rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
  });
});
