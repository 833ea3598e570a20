/** The deploy end-to-end script: where no cluster can run, it says it was skipped and never exits as a pass. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

test('prints SKIPPED and exits 77 (not 0) where docker, kind, kubectl or terraform is missing', () => {
  const script = path.join(__dirname, '..', '..', 'scripts', 'e2e-deploy-kind.sh');
  const result = spawnSync('/bin/bash', [script], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });
  expect(result.status).toBe(77);
  expect(result.stdout).toBe('e2e-deploy SKIPPED (not a pass): \'docker\' is not installed\n');
});
