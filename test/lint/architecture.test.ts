/**
 * The import rules of docs/architecture.md reject what they are meant to: dependency-cruiser runs with the project's
 * own configs over fixtures/broken (one deliberate break per rule) and fixtures/clean (the same shapes, done right).
 */
import * as path from 'node:path';
import { spawnAsync, started, taskQueue } from '../_process';

const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
const STRUCTURE = path.join(ROOT, '.dependency-cruiser.cjs');
const LOADS = path.join(ROOT, '.dependency-cruiser-loads.cjs');

interface Violation { readonly rule: string; readonly from: string; readonly to: string }

/** The violations dependency-cruiser reports for `fixture` under `config`, as `rule: from -> to`. */
async function violations(fixture: string, config: string): Promise<string[]> {
  const cwd = path.join(__dirname, 'fixtures', fixture);
  const run = await spawnAsync(DEPCRUISE, ['lib', 'environments', '--config', config, '--output-type', 'json'], { cwd });
  if (run.stdout === '') {
    throw new Error(`depcruise wrote nothing (exit ${run.status}): ${run.stderr}`);
  }
  const result = JSON.parse(run.stdout) as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return result.summary.violations
    // Renderers resolve into node_modules, which may lie outside the fixture (or be a symlink): keep the path from there.
    .map((v): Violation => ({ rule: v.rule.name, from: v.from, to: v.to.replace(/^.*?(?=node_modules\/)/, '') }))
    .map((v) => `${v.rule}: ${v.from} -> ${v.to}`)
    .sort();
}

describe('import rules', () => {
  // Each dependency-cruiser run takes a second or two: the four start together (a few at a time), each test awaits its own.
  const queue = taskQueue();
  let runs: { [run in 'brokenStructure' | 'brokenLoads' | 'cleanStructure' | 'cleanLoads']: Promise<string[]> };
  beforeAll(() => {
    runs = {
      brokenStructure: started(queue(() => violations('broken', STRUCTURE))),
      brokenLoads: started(queue(() => violations('broken', LOADS))),
      cleanStructure: started(queue(() => violations('clean', STRUCTURE))),
      cleanLoads: started(queue(() => violations('clean', LOADS))),
    };
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(runs));
  });

  test('fails when a folder imports a later layer, a file cycle forms, or a private helper leaves its folder', async () => {
    expect(await runs.brokenStructure).toEqual([
      'environments-import-definitions-only: environments/dev.ts -> lib/index.ts',
      'layer-core: lib/core/back-import.ts -> lib/cluster/cluster-model.ts',
      'layer-environment: lib/environment/borrows-helper.ts -> lib/guardrails/_selector.ts',
      'no-circular: lib/app/ping.ts -> lib/app/pong.ts',
      'private-helpers-stay-home: lib/environment/borrows-helper.ts -> lib/guardrails/_selector.ts',
    ]);
  }, 60_000);

  test('fails when a model or the definitions load a renderer at run time, directly or through another file', async () => {
    expect(await runs.brokenLoads).toEqual([
      'definitions-load-no-renderer: environments/dev.ts -> node_modules/cdk8s/lib/index.js',
      'models-load-no-renderer: lib/cluster/cluster-model.ts -> node_modules/cdk8s/lib/index.js',
      'models-load-no-renderer: lib/core/back-import.ts -> node_modules/cdk8s/lib/index.js',
    ]);
  }, 60_000);

  test('accept the same shapes done right: lower layers only, helpers at home, renderer types by import type', async () => {
    expect(await runs.cleanStructure).toEqual([]);
    expect(await runs.cleanLoads).toEqual([]);
  }, 60_000);
});
