/** The entry points' error handling: a message, no stack trace unless DEBUG, exit code 1. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App as CdktfApp } from 'cdktf';
import { platform } from '../../environments';
import {
  GuardrailError, GuardrailReport, PlatformCharts, PlatformDefinition, PlatformValidationError, resolvePlatform, synthPlatform,
} from '../../lib';
import { laptopBuild, run, synthTerraform } from '../../stacks/_platform';

let stderr: jest.SpyInstance;

beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  stderr.mockRestore();
  process.exitCode = undefined;
  delete process.env.DEBUG;
});

test('fails when the definition is invalid: prints every issue, no stack trace, exit code 1', () => {
  run(() => {
    throw new PlatformValidationError([{ subject: 'environment "dev"', path: 'nodePool', value: 'gpu', allowed: 'expected a node pool of cluster "nonprod": "dev"' }]);
  });
  expect(process.exitCode).toBe(1);
  expect(stderr).toHaveBeenCalledWith('synth failed: invalid platform definition (1 error):\n'
    + '  - environment "dev": nodePool is "gpu"; expected a node pool of cluster "nonprod": "dev"\n');
});

test('prints the stack trace when DEBUG is set', () => {
  process.env.DEBUG = '1';
  run(() => {
    throw new Error('boom');
  });
  expect(stderr.mock.calls[0][0]).toMatch(/^synth failed: Error: boom\n\s+at /);
});

test('a successful run leaves the exit code alone', () => {
  run(() => undefined);
  expect(process.exitCode).toBeUndefined();
});

test('fails when the guardrails fail: prints the whole report, then the errors, exit code 1', () => {
  const report = { toText: () => 'guardrails FAILED: 1 error', errors: [] } as unknown as GuardrailReport;
  run(() => {
    throw new GuardrailError(report);
  });
  expect(process.exitCode).toBe(1);
  expect(stderr.mock.calls.map((call) => call[0])).toEqual(['guardrails FAILED: 1 error\n', 'synth failed: guardrails failed (0 errors):\n\n']);
});


describe('laptopBuild', () => {
  test('builds for a pipeline unless PLATFORM_LAPTOP is set', () => {
    expect(laptopBuild({})).toBe(false);
    expect(laptopBuild({ CI: 'true' })).toBe(false);
    expect(laptopBuild({ PLATFORM_LAPTOP: '1' })).toBe(true);
    expect(laptopBuild({ PLATFORM_LAPTOP: '1', CI: 'false' })).toBe(true);
  });

  test('fails when PLATFORM_LAPTOP is set in CI', () => {
    expect(() => laptopBuild({ PLATFORM_LAPTOP: '1', CI: 'true' })).toThrow(
      'PLATFORM_LAPTOP is set in CI (CI is set): a pipeline deploys every stack with shared, locked state; unset PLATFORM_LAPTOP',
    );
  });
});

describe('synthTerraform (cdktf synth / cdktf deploy)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entry-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const chartsOf = (definition: PlatformDefinition) => new PlatformCharts({ platform: resolvePlatform(definition), outdir: '/nonexistent' });

  test('fails when production breaks a guardrail, as npm run synth does, and leaves no stack to deploy', () => {
    const broken = {
      ...platform,
      environments: platform.environments.map((env) => (env.name !== 'production' ? env : {
        ...env, apps: { ...env.apps, worker: { ...env.apps!.worker, env: { API_TOKEN: 'planted-literal' } } },
      })),
    } as PlatformDefinition;
    expect(() => synthPlatform({ definition: broken, manifestsDir: path.join(outdir, 'dist'), terraformDir: path.join(outdir, 'npm') }))
      .toThrow(GuardrailError);
    const app = new CdktfApp({ outdir: path.join(outdir, 'cdktf'), skipValidation: true });
    expect(() => synthTerraform(app, chartsOf(broken), false)).toThrow(GuardrailError);
    expect(fs.existsSync(path.join(outdir, 'cdktf', 'stacks'))).toBe(false);
  });

  test('writes every stack when the guardrails pass', () => {
    const app = new CdktfApp({ outdir: path.join(outdir, 'ok'), skipValidation: true });
    synthTerraform(app, chartsOf(platform), false);
    expect(fs.readdirSync(path.join(outdir, 'ok', 'stacks')).sort()).toEqual(['cluster-nonprod', 'cluster-prod', 'dev', 'production', 'qa', 'staging']);
  });
});
