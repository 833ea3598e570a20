import * as path from 'node:path';
import { DeliveryError } from '../../lib';
import { editEnvironmentSource, evaluateEnvironmentSource } from '../../lib/delivery/_source-edit';
import { ROOT } from './_fixtures';

const FILE = 'environments/demo.ts';
const SOURCE = `import { EnvironmentDefinition } from '../lib';

// The demo environment.
export const demo: EnvironmentDefinition = {
  name: 'demo',
  cluster: 'nonprod',
  apps: {
    web: {
      // pinned by release 12
      version: "1.0.0",
      replicas: 2,
    },
    api: { replicas: 1 },
    worker: {},
  },
};
`;

const edit = (p: string[], value: string | null | undefined) => editEnvironmentSource(SOURCE, FILE, 'demo', [{ path: p, value }]);

describe('editEnvironmentSource', () => {
  test('replaces a value in place, keeping its quotes and the comment above', () => {
    expect(edit(['apps', 'web', 'version'], '1.1.0')).toBe(SOURCE.replace('"1.0.0"', '"1.1.0"'));
  });

  test('inserts a missing field on its own line in a multi-line object', () => {
    expect(edit(['apps', 'web', 'digest'], 'sha256:x')).toBe(SOURCE.replace('      // pinned', '      digest: \'sha256:x\',\n      // pinned'));
  });

  test('inserts a missing field first in a one-line object, and into an empty one', () => {
    expect(edit(['apps', 'api', 'version'], '2.0.0')).toBe(SOURCE.replace('api: { replicas: 1 }', 'api: { version: \'2.0.0\', replicas: 1 }'));
    expect(edit(['apps', 'worker', 'version'], '3.0.0')).toBe(SOURCE.replace('worker: {}', 'worker: { version: \'3.0.0\' }'));
  });

  test('creates a missing app entry with the pin', () => {
    expect(edit(['apps', 'store', 'version'], '7.0.0')).toBe(SOURCE.replace('    web: {\n', '    store: { version: \'7.0.0\' },\n    web: {\n'));
  });

  test('removes a field with its line, and writes null to clear an inherited one', () => {
    expect(edit(['apps', 'web', 'version'], undefined)).toBe(SOURCE.replace('      version: "1.0.0",\n', ''));
    expect(edit(['apps', 'api', 'digest'], null)).toBe(SOURCE.replace('api: { replicas: 1 }', 'api: { digest: null, replicas: 1 }'));
    expect(edit(['apps', 'api', 'digest'], undefined)).toBe(SOURCE);
  });

  test('keeps an enum member an enum member', () => {
    const text = 'export const demo = { name: \'demo\', apps: { web: { strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE }) } } };\n';
    expect(editEnvironmentSource(text, FILE, 'demo', [{ path: ['apps', 'web', 'strategy', 'active'], value: 'green' }]))
      .toBe(text.replace('Slot.BLUE', 'Slot.GREEN'));
  });

  test('fails when the file defines no such environment', () => {
    expect(() => editEnvironmentSource(SOURCE, FILE, 'qa', [{ path: ['apps', 'web', 'version'], value: '1' }]))
      .toThrow(new DeliveryError('environments/demo.ts defines no environment named "qa" as an object literal ({ name: \'qa\', … })'));
  });

  test('fails when a value on the path is not a literal', () => {
    const text = 'const shared = {};\nexport const demo = { name: \'demo\', apps: shared };\n';
    expect(() => editEnvironmentSource(text, FILE, 'demo', [{ path: ['apps', 'web', 'version'], value: '1' }]))
      .toThrow(new DeliveryError('environments/demo.ts: apps is not an object literal; promotion edits literal values only'));
  });

  test('fails when the object spreads another', () => {
    const text = 'const shared = {};\nexport const demo = { name: \'demo\', apps: { ...shared } };\n';
    expect(() => editEnvironmentSource(text, FILE, 'demo', [{ path: ['apps', 'web', 'version'], value: '1' }]))
      .toThrow(new DeliveryError('environments/demo.ts: the object holding apps.web spreads another object; promotion edits literal values only'));
  });

  test('fails when a property is shorthand', () => {
    const text = 'const apps = {};\nexport const demo = { name: \'demo\', apps };\n';
    expect(() => editEnvironmentSource(text, FILE, 'demo', [{ path: ['apps', 'web', 'version'], value: '1' }]))
      .toThrow(new DeliveryError('environments/demo.ts: apps is not written as "apps: <value>"; promotion edits literal values only'));
  });
});

describe('evaluateEnvironmentSource', () => {
  test('evaluates the text with imports from the real folder', () => {
    const env = evaluateEnvironmentSource(SOURCE, FILE, 'demo', path.join(ROOT, 'environments'));
    expect(env.apps?.web).toEqual({ version: '1.0.0', replicas: 2 });
  });

  test('fails when the text exports no such environment', () => {
    expect(() => evaluateEnvironmentSource(SOURCE, FILE, 'qa', path.join(ROOT, 'environments')))
      .toThrow(new DeliveryError('environments/demo.ts exports no environment named "qa"'));
  });
});
