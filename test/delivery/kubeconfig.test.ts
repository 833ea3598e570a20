import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { kubeconfigFragment } from '../../lib/delivery/kubeconfig';
import { resolvePlatform, writeKubeconfigs } from '../../lib';
import { platform } from '../fixtures/shop/environments';

describe('kubeconfig fragments', () => {
  const resolved = resolvePlatform(platform);

  test('context = the cluster\'s context with the environment\'s namespace', () => {
    expect(parse(kubeconfigFragment(resolved.environments[3]))).toEqual({
      apiVersion: 'v1', kind: 'Config', contexts: [{ name: 'production', context: { cluster: 'prod', user: 'prod', namespace: 'production' } }],
    });
    expect(kubeconfigFragment(resolved.environments[0]).split('\n')[1])
      .toBe('# Use with the kubeconfig that defines them: KUBECONFIG=$HOME/.kube/config:dist/kubeconfig/dev.yaml kubectl --context dev …');
  });

  test('one file per environment, byte-identical on every run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
    const files = writeKubeconfigs(resolved, dir);
    expect(files.map((f) => path.basename(f))).toEqual(['dev.yaml', 'qa.yaml', 'staging.yaml', 'production.yaml']);
    const first = files.map((f) => fs.readFileSync(f, 'utf8'));
    writeKubeconfigs(resolved, dir);
    expect(files.map((f) => fs.readFileSync(f, 'utf8'))).toEqual(first);
  });
});
