/** kubernetesApiAccess on the reference platform: the egress it opens passes the guardrails (reachability included). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthManifests } from '../../lib/platform/synth-platform';
import { platform } from '../fixtures/shop/environments';

describe('an app that calls the API server, through the guardrails', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'api-access-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('passes the reachability and policy checks: the egress to port 6443 excepts every pod and Service range', () => {
    const definition = JSON.parse(JSON.stringify(platform));
    definition.apps.find((a: any) => a.name === 'worker').kubernetesApiAccess = true;
    const result = synthManifests({ definition, manifestsDir: path.join(root, 'dist') });

    expect(result.report.failed).toBe(false);
    const egress = fs.readFileSync(path.join(root, 'dist', 'production', 'app-worker.k8s.yaml'), 'utf8');
    expect(egress).toContain('cidr: 0.0.0.0/0');
    expect(egress).toContain('port: 6443');
  });
});
