/**
 * The import rules of docs/architecture.md reject what they are meant to: dependency-cruiser runs with the project's
 * own configs over fixtures/broken (one deliberate break per rule) and fixtures/clean (the same shapes, done right).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
const STRUCTURE = path.join(ROOT, '.dependency-cruiser.cjs');
const LOADS = path.join(ROOT, '.dependency-cruiser-loads.cjs');

interface Violation { readonly rule: string; readonly from: string; readonly to: string }

/** The violations dependency-cruiser reports for `fixture` under `config`, as `rule: from -> to`. */
function violations(fixture: string, config: string): string[] {
  const cwd = path.join(__dirname, 'fixtures', fixture);
  const run = spawnSync(DEPCRUISE, ['lib', 'environments', '--config', config, '--output-type', 'json'], { cwd, encoding: 'utf8' });
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
  test('fails when a folder imports a later layer, a file cycle forms, or a private helper leaves its folder', () => {
    expect(violations('broken', STRUCTURE)).toEqual([
      'environments-import-definitions-only: environments/dev.ts -> lib/index.ts',
      'layer-core: lib/core/back-import.ts -> lib/cluster/cluster-model.ts',
      'layer-environment: lib/environment/borrows-helper.ts -> lib/guardrails/_selector.ts',
      'no-circular: lib/app/ping.ts -> lib/app/pong.ts',
      'private-helpers-stay-home: lib/environment/borrows-helper.ts -> lib/guardrails/_selector.ts',
    ]);
  });

  test('fails when a model or the definitions load a renderer at run time, directly or through another file', () => {
    expect(violations('broken', LOADS)).toEqual([
      'definitions-load-no-renderer: environments/dev.ts -> node_modules/cdk8s/lib/index.js',
      'models-load-no-renderer: lib/cluster/cluster-model.ts -> node_modules/cdk8s/lib/index.js',
      'models-load-no-renderer: lib/core/back-import.ts -> node_modules/cdk8s/lib/index.js',
    ]);
  });

  test('accept the same shapes done right: lower layers only, helpers at home, renderer types by import type', () => {
    expect(violations('clean', STRUCTURE)).toEqual([]);
    expect(violations('clean', LOADS)).toEqual([]);
  });
});
