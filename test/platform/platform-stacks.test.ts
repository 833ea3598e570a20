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

  test('each environment\'s stack depends on its cluster\'s stack in manifest.json, so cdktf deploys the cluster first', () => {
    expect(dependencies).toEqual({
      'cluster-nonprod': [],
      'cluster-prod': [],
      'dev': ['cluster-nonprod'],
      'qa': ['cluster-nonprod'],
      'production': ['cluster-prod'],
    });
  });

  test('fails when a pipeline\'s stacks would keep local state', () => {
    const laptopState = withBase({ state: { kind: StateBackendKind.LOCAL, laptopOnly: true } });
    expect(() => manifestOf(laptopState)).toThrow(/^stack "cluster-prod": state.kind is "local", which is kept on one machine/);
  });

  test('lets a laptop build keep local state', () => {
    const laptopState = withBase({ state: { kind: StateBackendKind.LOCAL, laptopOnly: true } });
    expect(Object.keys(manifestOf(laptopState, true).stacks)).toHaveLength(5);
  });
});
