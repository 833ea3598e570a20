import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeliveryError, PlatformDefinition, PlatformValidationError, resolvePlatform } from '../../lib';
import { formatScaffold, newApp, newEnvironment } from '../../lib/delivery/scaffold';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from '../../cli/platform';
import { copyEnvironments, runPlatformCli } from './_fixtures';
import { thrown } from '../_thrown';

/** Every file of a folder with its text: what "nothing written" compares. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** The definition a folder exports, loaded fresh (the files were written by the test). */
function load(dir: string): PlatformDefinition {
  for (const key of Object.keys(require.cache)) if (key.startsWith(dir)) delete require.cache[key];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(dir).platform;
}

const PERF = `import { EnvironmentDefinition } from '../lib/definitions';

/** Made from qa with \`platform new environment perf --from qa\`. */
export const perf: EnvironmentDefinition = {
  name: 'perf',
  cluster: 'nonprod',
  nodePool: 'perf',
  apps: {
    web: { version: '1.5.0', ingress: { host: 'shop.perf.example.com' } },
    api: { version: '2.3.0' },
    worker: { version: '2.3.0' },
    store: { version: '7.2.5' },
  },
  access: {
    bindings: [
      { group: 'platform-team', role: 'admin' },
      { group: 'app-developers', role: 'developer' },
      { group: 'qa-engineers', role: 'viewer' },
    ],
  },
};
`;

describe('newEnvironment', () => {
  test('perf from qa: its file, its entry in the index after qa, and a node pool of its own on the cluster', () => {
    const envs = copyEnvironments();
    const before = tree(envs.dir);
    const result = newEnvironment({ dir: envs.dir, name: 'perf', from: 'qa' });
    expect(result.written).toBe(true);
    expect(result.files.map((f) => [path.basename(f.file), f.before === undefined])).toEqual([['perf.ts', true], ['index.ts', false], ['clusters.ts', false]]);
    expect(envs.read('perf')).toBe(PERF);
    expect(envs.read('index')).toBe(before['index.ts']
      .replace('import { production } from \'./production\';\n', 'import { perf } from \'./perf\';\nimport { production } from \'./production\';\n')
      .replace('environments: [dev, qa, staging, production],', 'environments: [dev, qa, perf, staging, production],'));
    expect(envs.read('clusters')).toBe(before['clusters.ts'].replace(
      '    { ...dedicatedPool(\'qa\'), minSize: 1, maxSize: 3 },\n',
      '    { ...dedicatedPool(\'qa\'), minSize: 1, maxSize: 3 },\n    { ...dedicatedPool(\'perf\'), minSize: 1, maxSize: 3 },\n',
    ));
    expect(Object.keys(tree(envs.dir))).toEqual([...Object.keys(before), 'perf.ts'].sort());
    // What was written loads and resolves: perf on nonprod, pinned to its own pool, publishing its own host.
    const platform = resolvePlatform(load(envs.dir));
    const perf = platform.environments.find((e) => e.name === 'perf')!;
    expect(platform.environments.map((e) => e.name)).toEqual(['dev', 'qa', 'perf', 'staging', 'production']);
    expect([perf.cluster.name, perf.nodePool?.name, perf.nodePool?.taints]).toEqual(['nonprod', 'perf', [
      { key: 'platform.example.com/pool', value: 'perf', effect: 'NoSchedule' },
    ]]);
    expect(perf.apps.find((a) => a.name === 'web')!.ingress!.host).toBe('shop.perf.example.com');
  });

  test('sandbox from dev states the host dev inherits from the app, renamed', () => {
    const envs = copyEnvironments();
    newEnvironment({ dir: envs.dir, name: 'sandbox', from: 'dev' });
    expect(envs.read('sandbox')).toBe(`import { EnvironmentDefinition } from '../lib/definitions';

/** Made from dev with \`platform new environment sandbox --from dev\`. */
export const sandbox: EnvironmentDefinition = {
  name: 'sandbox',
  cluster: 'nonprod',
  nodePool: 'sandbox',
  apps: {
    web: { version: '1.5.0', ingress: { host: 'shop.sandbox.example.com' } },
    api: { version: '2.3.0' },
    worker: { version: '2.3.0' },
    store: { version: '7.2.5' },
  },
};
`);
    const platform = resolvePlatform(load(envs.dir));
    expect(platform.environments.map((e) => e.name)).toEqual(['dev', 'sandbox', 'qa', 'staging', 'production']);
    expect(platform.environments.find((e) => e.name === 'sandbox')!.apps.find((a) => a.name === 'web')!.ingress!.previewHost)
      .toBe('preview-shop.sandbox.example.com');
  });

  test('--cluster and --after: on another cluster, in another place, with a copy of the pool there', () => {
    const envs = copyEnvironments();
    const before = tree(envs.dir);
    newEnvironment({ dir: envs.dir, name: 'loadtest', from: 'qa', cluster: 'prod', after: 'production' });
    expect(envs.read('loadtest')).toContain('  name: \'loadtest\',\n  cluster: \'prod\',\n  nodePool: \'loadtest\',\n');
    expect(envs.read('clusters')).toBe(before['clusters.ts'].replace(
      '{ ...SYSTEM_POOL, zones: ZONES }]',
      '{ ...SYSTEM_POOL, zones: ZONES }, { ...dedicatedPool(\'loadtest\'), minSize: 1, maxSize: 3 }]',
    ));
    const platform = resolvePlatform(load(envs.dir));
    expect(platform.environments.map((e) => [e.name, e.cluster.name])).toEqual([
      ['dev', 'nonprod'], ['qa', 'nonprod'], ['staging', 'nonprod'], ['production', 'prod'], ['loadtest', 'prod'],
    ]);
  });

  test('a name that is no identifier, or one the index uses, is exported under another', () => {
    const envs = copyEnvironments();
    newEnvironment({ dir: envs.dir, name: 'perf-eu', from: 'qa' });
    newEnvironment({ dir: envs.dir, name: 'platform', from: 'qa' });
    expect(envs.read('perf-eu')).toContain('export const perfEu: EnvironmentDefinition = {\n  name: \'perf-eu\',\n');
    expect(envs.read('platform')).toContain('export const platformEnvironment: EnvironmentDefinition = {\n  name: \'platform\',\n');
    expect(envs.read('index')).toContain('import { perfEu } from \'./perf-eu\';\nimport { platformEnvironment } from \'./platform\';\n');
    expect(envs.read('index')).toContain('environments: [dev, qa, platformEnvironment, perfEu, staging, production],');
    expect(resolvePlatform(load(envs.dir)).environments.map((e) => e.name)).toEqual(['dev', 'qa', 'platform', 'perf-eu', 'staging', 'production']);
  });

  test('--dry-run returns the files and writes nothing', () => {
    const envs = copyEnvironments();
    const before = tree(envs.dir);
    const result = newEnvironment({ dir: envs.dir, name: 'perf', from: 'qa', dryRun: true });
    expect(result.written).toBe(false);
    expect(result.files[0]).toEqual({ file: path.join(envs.dir, 'perf.ts'), before: undefined, after: PERF });
    expect(tree(envs.dir)).toEqual(before);
    expect(formatScaffold(result, envs.dir).split('\n').slice(0, 4)).toEqual([
      'new environment "perf" [dry run]', '  create perf.ts', '  change index.ts', '  change clusters.ts',
    ]);
  });

  describe('refusals write nothing', () => {
    let envs: ReturnType<typeof copyEnvironments>;
    let before: Record<string, string>;
    beforeEach(() => {
      envs = copyEnvironments();
      before = tree(envs.dir);
    });
    afterEach(() => {
      expect(tree(envs.dir)).toEqual(before);
    });

    test.each([
      ['the name is not a DNS label', { name: 'Perf', from: 'qa' },
        'new environment "Perf": name is "Perf"; expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter '
        + 'or digit, at most 63 characters'],
      ['the name is taken', { name: 'staging', from: 'qa' },
        'new environment "staging": name is "staging", which an environment has; expected a new name (taken: "dev", "qa", "staging", "production")'],
      ['--from is unknown', { name: 'perf', from: 'test' },
        'new environment "perf": --from is "test"; expected one of the environments: "dev", "qa", "staging", "production"'],
      ['--cluster is unknown', { name: 'perf', from: 'qa', cluster: 'moon' },
        'new environment "perf": --cluster is "moon"; expected one of the clusters: "nonprod", "prod"'],
      ['--after is unknown', { name: 'perf', from: 'qa', after: 'uat' },
        'new environment "perf": --after is "uat"; expected one of the environments: "dev", "qa", "staging", "production"'],
    ])('fails when %s', (_, options, message) => {
      expect(() => newEnvironment({ dir: envs.dir, ...options })).toThrow(new DeliveryError(message));
    });

    test('fails when the file exists', () => {
      fs.writeFileSync(path.join(envs.dir, 'perf.ts'), '// notes\n');
      before = tree(envs.dir);
      expect(() => newEnvironment({ dir: envs.dir, name: 'perf', from: 'qa' }))
        .toThrow(new DeliveryError('new environment "perf": environments/perf.ts exists; expected no file of that name (the new environment\'s file)'));
    });

    test('fails when the result does not validate: a copy of production on prod publishes production\'s host', () => {
      const error = thrown(() => newEnvironment({ dir: envs.dir, name: 'production-eu', from: 'production' }));
      expect(error).toBeInstanceOf(PlatformValidationError);
      expect(error.message).toMatch(/"shop\.example\.com"/);
    });

    test('fails when the pool cannot be copied: its name is written elsewhere', () => {
      fs.writeFileSync(envs.file('clusters'), envs.read('clusters')
        .replace('    { ...dedicatedPool(\'qa\'), minSize: 1, maxSize: 3 },\n', '    QA_POOL,\n')
        .replace('export const nonprod', 'const QA_POOL = { ...dedicatedPool(\'qa\'), minSize: 1, maxSize: 3 };\n\nexport const nonprod'));
      before = tree(envs.dir);
      expect(() => newEnvironment({ dir: envs.dir, name: 'perf', from: 'qa' })).toThrow(new DeliveryError(
        'new environment "perf": node pool "qa" of cluster "nonprod" is written in a form scaffolding cannot copy as node pool "perf" (its name '
        + 'comes from elsewhere); add node pool "perf" to cluster "nonprod" by hand; nothing was written'));
    });

    test('fails when the environments are not a list of plain entries', () => {
      fs.writeFileSync(envs.file('index'), envs.read('index').replace('[dev, qa, staging, production]', '[dev, ...[qa, staging], production]'));
      before = tree(envs.dir);
      expect(() => newEnvironment({ dir: envs.dir, name: 'perf', from: 'qa' })).toThrow(new DeliveryError(
        'environments/index.ts: environments is written with spreads or computed entries; scaffolding edits a list of plain entries '
        + '(environments: [a, b, c]) only'));
    });

    test('fails when a file cannot be written, and puts back the files already written', () => {
      // The module object itself (not this file's import of it), which the library's calls go through.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const nodeFs: typeof fs = require('node:fs');
      const rename = nodeFs.renameSync;
      let calls = 0;
      const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
        if (++calls === 3) throw new Error('disk full');
        rename(from, to);
      });
      try {
        expect(() => newEnvironment({ dir: envs.dir, name: 'perf', from: 'qa' })).toThrow('disk full');
      } finally {
        spy.mockRestore();
      }
      expect(calls).toBe(3);
    });
  });
});

describe('newApp', () => {
  const SEARCH = `/** search: made with \`platform new app search\`; serves HTTP on port 8080, probed at /ready and /healthz. */
export const search: AppDefinition = {
  name: 'search',
  image: 'registry.example.com/shop/search',
  ports: [{ name: 'http', port: 8080 }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  probes: {
    readiness: { http: { path: '/ready', port: 'http' } },
    liveness: { http: { path: '/healthz', port: 'http' }, periodSeconds: 20 },
  },
  replicas: 1,
  writablePaths: ['/tmp'],
};

`;

  test('search: declared beside the apps, last in the list, pinned in every environment (two replicas where protected)', () => {
    const envs = copyEnvironments();
    const before = tree(envs.dir);
    const result = newApp({ dir: envs.dir, name: 'search', image: 'registry.example.com/shop/search', version: '1.0.0' });
    expect(result.files.map((f) => path.basename(f.file))).toEqual(['apps.ts', 'dev.ts', 'qa.ts', 'staging.ts', 'production.ts']);
    expect(envs.read('apps')).toBe(before['apps.ts']
      .replace('/** The apps, each run in every environment. */\n', `${SEARCH}/** The apps, each run in every environment. */\n`)
      .replace('[web, api, worker, store];', '[web, api, worker, store, search];'));
    const pinned = (env: string, line: string, replicas = '') => expect(envs.read(env)).toBe(before[`${env}.ts`]
      .replace(line, `${line}    search: { version: '1.0.0'${replicas} },\n`));
    pinned('dev', '    store: { version: \'7.2.5\' },\n');
    pinned('qa', '    store: { version: \'7.2.5\' },\n');
    pinned('staging', '    store: { version: \'7.2.5\', replicas: 3 },\n');
    pinned('production', '    store: { version: \'7.2.5\', replicas: 3, storage: { size: \'50Gi\' } },\n', ', replicas: 2');
    const platform = resolvePlatform(load(envs.dir));
    expect(platform.environments.map((e) => e.apps.find((a) => a.name === 'search')?.image)).toEqual(
      platform.environments.map(() => 'registry.example.com/shop/search:1.0.0'));
  });

  test('--environments runs it only there; --port serves it elsewhere', () => {
    const envs = copyEnvironments();
    newApp({ dir: envs.dir, name: 'search', image: 'registry.example.com/shop/search', version: '1.0.0', environments: ['dev', 'qa'], port: 9000 });
    expect(envs.read('apps')).toContain('  ports: [{ name: \'http\', port: 9000 }],\n');
    expect(envs.read('staging')).toContain('    search: { enabled: false },\n');
    expect(envs.read('production')).toContain('    search: { enabled: false },\n');
    const platform = resolvePlatform(load(envs.dir));
    expect(platform.environments.map((e) => [e.name, e.apps.some((a) => a.name === 'search')])).toEqual([
      ['dev', true], ['qa', true], ['staging', false], ['production', false],
    ]);
  });

  test('an app name that is no identifier gets one', () => {
    const envs = copyEnvironments();
    newApp({ dir: envs.dir, name: 'search-index', image: 'registry.example.com/shop/search-index', version: '1.0.0', environments: ['dev'] });
    expect(envs.read('apps')).toContain('export const searchIndex: AppDefinition = {\n  name: \'search-index\',\n');
    expect(envs.read('dev')).toContain('    \'search-index\': { version: \'1.0.0\' },\n');
  });

  describe('refusals write nothing', () => {
    let envs: ReturnType<typeof copyEnvironments>;
    let before: Record<string, string>;
    beforeEach(() => {
      envs = copyEnvironments();
      before = tree(envs.dir);
    });
    afterEach(() => {
      expect(tree(envs.dir)).toEqual(before);
    });

    const app = { image: 'registry.example.com/shop/search', version: '1.0.0' };
    test.each([
      ['the name is not a DNS label', { ...app, name: 'search_v2' },
        'new app "search_v2": name is "search_v2"; expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter '
        + 'or digit, at most 63 characters'],
      ['the name is taken', { ...app, name: 'api' },
        'new app "api": name is "api", which an app has; expected a new name (taken: "web", "api", "worker", "store")'],
      ['the image has a tag', { ...app, name: 'search', image: 'registry.example.com/shop/search:1.0.0' },
        'new app "search": --image is "registry.example.com/shop/search:1.0.0"; expected an image repository without tag or digest, such as '
        + 'registry.example.com/team/app (the environments pin the tag: --version)'],
      ['the port is out of range', { ...app, name: 'search', port: 70000 },
        'new app "search": --port is 70000; expected a port number from 1 to 65535'],
      ['an environment is unknown', { ...app, name: 'search', environments: ['dev', 'uat'] },
        'new app "search": --environments is "uat"; expected environments of the platform: "dev", "qa", "staging", "production"'],
    ])('fails when %s', (_, options, message) => {
      expect(() => newApp({ dir: envs.dir, ...options })).toThrow(new DeliveryError(message));
    });

    test('fails when the result does not validate: production refuses the tag latest', () => {
      const error = thrown(() => newApp({ dir: envs.dir, ...app, name: 'search', version: 'latest' }));
      expect(error).toBeInstanceOf(PlatformValidationError);
      expect(error.message).toMatch(/environment "production": apps\.search\.version is "latest"/);
    });
  });
});

describe('platform new (CLI)', () => {
  const cli = (argv: string[], cwd: string) => runPlatformCli(argv, { cwd, now: new Date(0) });

  test('new environment and new app write, and print what they wrote', () => {
    const envs = copyEnvironments();
    const root = path.dirname(envs.dir);
    const env = cli(['new', 'environment', 'perf', '--from', 'qa'], root);
    expect(env.code).toBe(EXIT_OK);
    expect(env.stdout.split('\n').slice(0, 4)).toEqual(['new environment "perf"', '  create environments/perf.ts', '  change environments/index.ts',
      '  change environments/clusters.ts']);
    expect(envs.read('perf')).toBe(PERF);
    const app = cli(['new', 'app', 'search', '--image', 'registry.example.com/shop/search', '--version', '1.0.0', '--environments', 'dev', 'perf'], root);
    expect(app.code).toBe(EXIT_OK);
    expect(envs.read('perf')).toContain('    search: { version: \'1.0.0\' },\n');
    expect(envs.read('qa')).toContain('    search: { enabled: false },\n');
  });

  test('fails when refused: exit code 1, the reason, nothing written', () => {
    const envs = copyEnvironments();
    const before = tree(envs.dir);
    expect(cli(['new', 'environment', 'perf', '--from', 'test'], path.dirname(envs.dir))).toEqual({
      code: EXIT_REFUSED, stdout: '', executed: [],
      stderr: 'refused: new environment "perf": --from is "test"; expected one of the environments: "dev", "qa", "staging", "production"\n',
    });
    expect(tree(envs.dir)).toEqual(before);
  });

  test('fails when --from or --image is missing: usage error', () => {
    const envs = copyEnvironments();
    expect(cli(['new', 'environment', 'perf'], path.dirname(envs.dir))).toMatchObject({
      code: EXIT_USAGE, stderr: 'error: required option \'--from <environment>\' not specified\n(add --help for usage)\n',
    });
    expect(cli(['new', 'app', 'search', '--version', '1'], path.dirname(envs.dir))).toMatchObject({
      code: EXIT_USAGE, stderr: 'error: required option \'--image <repository>\' not specified\n(add --help for usage)\n',
    });
  });
});
