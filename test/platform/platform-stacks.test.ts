import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { PlatformCharts, addPlatformStacks, resolvePlatform } from '../../lib';
import { StateBackendKind } from '../../lib/environment/environment-types';
import { validPlatform, withBase } from './fixtures';

/** Synthesizes a platform's stacks into a fresh folder and returns cdktf's manifest.json. */
function manifestOf(definition = validPlatform(), laptop?: boolean): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-stacks-'));
  try {
    const app = new App({ outdir, skipValidation: true });
    addPlatformStacks(app, new PlatformCharts({ platform: resolvePlatform(definition), outdir: '/nonexistent' }), { laptop });
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('addPlatformStacks', () => {
  const manifest = manifestOf();
  const dependencies = Object.fromEntries(Object.entries<any>(manifest.stacks).map(([name, stack]) => [name, stack.dependencies]));

  test('cluster → governance → environment in manifest.json, so cdktf deploys the cluster, then what governs an environment, then its apps', () => {
    expect(dependencies).toEqual({
      'cluster-nonprod': [],
      'cluster-prod': [],
      'governance-dev': ['cluster-nonprod'],
      'dev': ['governance-dev'],
      'governance-qa': ['cluster-nonprod'],
      'qa': ['governance-qa'],
      'governance-production': ['cluster-prod'],
      'production': ['governance-production'],
    });
  });

  test.each(['cluster-', 'governance-'])('fails when an environment\'s name starts with %s, the prefix of another kind of stack', (prefix) => {
    const definition = validPlatform();
    const name = `${prefix}dev`;
    const colliding = { ...definition, environments: definition.environments.map((e) => (e.name === 'qa' ? { ...e, name } : e)) };
    expect(() => manifestOf(colliding)).toThrow(`environment "${name}": name is "${name}", which starts with "${prefix}"; environment names must `
      + 'not start with "cluster-" or "governance-", the prefixes of the cluster and governance stacks (cdktf.out/stacks/<name>), so that no two '
      + 'stacks can share a name: rename the environment');
  });

  test('fails when a pipeline\'s stacks would keep local state', () => {
    const laptopState = withBase({ state: { kind: StateBackendKind.LOCAL, laptopOnly: true } });
    expect(() => manifestOf(laptopState)).toThrow(/^stack "cluster-prod": state.kind is "local", which is kept on one machine/);
  });

  test('lets a laptop build keep local state', () => {
    const laptopState = withBase({ state: { kind: StateBackendKind.LOCAL, laptopOnly: true } });
    expect(Object.keys(manifestOf(laptopState, true).stacks)).toHaveLength(8);
  });
});
