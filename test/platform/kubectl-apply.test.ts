/** The kubectl path of an output folder. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformCharts, resolvePlatform } from '../../lib';
import { platform } from '../../environments';

describe('PlatformCharts', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-apply-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('writes no construct metadata among the manifests, even where cdk8s-cli asks every app for it', () => {
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      new PlatformCharts({ platform: resolvePlatform(platform), outdir: dir }).synth();
    } finally {
      delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    }
    const files = fs.readdirSync(dir, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('construct-metadata.json'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('dev'))).toEqual(
      ['dev', ...['app-api.k8s.yaml', 'app-store.k8s.yaml', 'app-web.k8s.yaml', 'app-worker.k8s.yaml', 'environment.k8s.yaml'].map((f) => `dev/${f}`)],
    );
  });
});
