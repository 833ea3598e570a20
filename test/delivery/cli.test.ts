import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from '../../cli/platform';
import { SpawnResult, spawnAsync, started } from '../_process';
import { copyEnvironments, ROOT, runPlatformCli, SHOP } from './_fixtures';

const NAMESPACES = JSON.stringify({
  kind: 'List',
  items: [
    { kind: 'Namespace', metadata: { name: 'dev', labels: {} } },
    { kind: 'Namespace', metadata: { name: 'qa', labels: { 'platform.example.com/preview': 'true', 'platform.example.com/preview-id': 'qa', 'platform.example.com/preview-expires': '1' } } },
    { kind: 'Namespace', metadata: { name: 'preview-7', labels: { 'platform.example.com/preview': 'true', 'platform.example.com/preview-id': '7', 'platform.example.com/preview-of': 'dev', 'platform.example.com/preview-expires': '1700000000' } } },
    { kind: 'Namespace', metadata: { name: 'preview-8', labels: { 'platform.example.com/preview': 'true', 'platform.example.com/preview-id': '8', 'platform.example.com/preview-of': 'dev', 'platform.example.com/preview-expires': '1900000000' } } },
  ],
});

/** The CLI in memory, in the shop's folder. */
function cli(argv: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  return runPlatformCli(argv, { cwd: SHOP, ...options });
}

describe('platform CLI', () => {
  // The one run through npm costs seconds (npm, then tsx, then the library): it starts first and runs beside the rest.
  let throughNpm: Promise<SpawnResult>;
  beforeAll(() => {
    throughNpm = started(spawnAsync('npm', ['run', '-s', 'platform', '--', 'promote', 'dev', 'staging', '--definitions', path.join(SHOP, 'environments')],
      { cwd: ROOT }));
  });
  afterAll(async () => {
    await Promise.allSettled([throughNpm]);
  }, 60_000);

  test.each([[[]], [['promote']], [['diff']], [['previews']], [['previews', 'list']], [['previews', 'expired']], [['previews', 'cleanup']], [['previews', 'expiry']], [['kubeconfig']],
    [['pipeline-matrix']], [['synth']]])(
    '%j --help prints usage and exits 0', (args) => {
      const result = cli([...args, '--help']);
      expect(result.code).toBe(EXIT_OK);
      expect(result.stdout).toMatch(new RegExp(`^Usage: platform${args.length ? ` ${args.join(' ')}` : ''} `));
    });

  describe('usage errors exit 2', () => {
    test('fails when the command is unknown', () => {
      expect(cli(['bogus'])).toMatchObject({ code: EXIT_USAGE, stderr: 'error: unknown command \'bogus\'\n(add --help for usage)\n' });
    });
    test('fails when an argument is missing', () => {
      expect(cli(['promote', 'dev'])).toMatchObject({ code: EXIT_USAGE, stderr: 'error: missing required argument \'to\'\n(add --help for usage)\n' });
    });
    test('fails when --force comes without --reason', () => {
      expect(cli(['promote', 'dev', 'staging', '--force'])).toMatchObject({ code: EXIT_USAGE, stderr: 'error: --force needs --reason "<why>"\n(add --help for usage)\n' });
    });
    test('fails when --reason comes without --force', () => {
      expect(cli(['promote', 'dev', 'qa', '--reason', 'x'])).toMatchObject({ code: EXIT_USAGE, stderr: 'error: --reason goes with --force\n(add --help for usage)\n' });
    });
    test('fails when previews get no namespace list', () => {
      expect(cli(['previews', 'list'])).toMatchObject({
        code: EXIT_USAGE,
        stderr: 'error: pass the namespace list on standard input or with --input (kubectl get namespaces -o json)\n(add --help for usage)\n',
      });
    });
  });

  describe('promote', () => {
    test('edits the target file and prints the change', () => {
      const envs = copyEnvironments();
      const result = cli(['promote', 'qa', 'staging', '--app', 'worker', '--definitions', envs.dir]);
      expect(result.code).toBe(EXIT_OK);
      expect(result.stdout).toContain('  worker: runs 2.3.0\n    apps.worker.version: 2.2.1 → 2.3.0\n');
      expect(envs.read('staging')).toContain('    worker: { version: \'2.3.0\', replicas: 2 },\n');
    });
    test('--dry-run writes nothing', () => {
      const envs = copyEnvironments();
      const before = envs.read('staging');
      expect(cli(['promote', 'qa', 'staging', '--dry-run', '--definitions', envs.dir]).code).toBe(EXIT_OK);
      expect(envs.read('staging')).toBe(before);
    });
    test('fails when the environment is unknown', () => {
      expect(cli(['promote', 'qa', 'prod'])).toMatchObject({
        code: EXIT_REFUSED, stdout: '', stderr: 'refused: unknown environment "prod"; expected one of "dev", "qa", "staging", "production"\n',
      });
    });
    test('fails when the app is unknown', () => {
      expect(cli(['promote', 'qa', 'staging', '--app', 'web', '--app', 'cart'])).toMatchObject({
        code: EXIT_REFUSED, stderr: 'refused: unknown app "cart"; expected one of "web", "api", "worker", "store"\n',
      });
    });
    test('fails when the order is skipped', () => {
      expect(cli(['promote', 'dev', 'staging'])).toMatchObject({
        code: EXIT_REFUSED,
        stderr: 'refused: promotion follows the declared order dev → qa → staging → production; "dev" → "staging" skips "qa". Promote to "qa" first, '
          + 'or pass --force with --reason "<why>"\n',
      });
    });
    test('fails when the source has no pin', () => {
      const envs = copyEnvironments();
      fs.writeFileSync(envs.file('qa'), envs.read('qa').replace('web: { version: \'1.5.0\', ', 'web: { '));
      expect(cli(['promote', 'qa', 'staging', '--definitions', envs.dir])).toMatchObject({
        code: EXIT_REFUSED,
        stderr: 'refused: app "web" has no version pin in "qa" (neither version nor digest), so it runs whatever "latest" is; pin a version in "qa" '
          + 'before promoting it\n',
      });
    });
    test('fails when the definitions folder does not exist', () => {
      expect(cli(['promote', 'qa', 'staging', '--definitions', 'nowhere'])).toMatchObject({
        code: EXIT_REFUSED, stderr: 'refused: cannot load the platform definition: nowhere: is not a folder; expected the folder of the platform '
          + 'definition, whose index exports `platform`\n',
      });
    });
  });

  describe('diff', () => {
    test('human and JSON output', () => {
      const human = cli(['diff', 'dev', 'qa']);
      expect(human.code).toBe(EXIT_OK);
      expect(human.stdout.split('\n')[0]).toBe('diff dev qa');
      const json = JSON.parse(cli(['diff', 'dev', 'qa', '--json']).stdout);
      expect(json.definitions.map((d: any) => d.path)).toEqual(['access.bindings', 'apps.web.ingress.host', 'namespace', 'nodePool']);
    });
    test('a preview selected by PREVIEW_ID can be compared with its template', () => {
      const result = cli(['diff', 'dev', 'preview-9', '--json'], { env: { PREVIEW_ID: '9', PREVIEW_EXPIRES: '2025-01-08T00:00:00Z' } });
      expect(result.code).toBe(EXIT_OK);
      expect(JSON.parse(result.stdout).definitions.find((d: any) => d.path === 'quota.pods')).toMatchObject({ a: 50, b: 20, intended: true });
    });
    test('fails when an environment is unknown', () => {
      expect(cli(['diff', 'dev', 'preview-9'])).toMatchObject({
        code: EXIT_REFUSED, stderr: 'refused: unknown environment "preview-9"; expected one of "dev", "qa", "staging", "production"\n',
      });
    });
  });

  describe('previews', () => {
    test('list shows previews and impostors with their state', () => {
      const result = cli(['previews', 'list'], { stdin: NAMESPACES });
      expect(result).toMatchObject({ code: EXIT_OK });
      expect(result.stdout.split('\n').map((l) => l.trim())).toEqual([
        'NAMESPACE  TEMPLATE  EXPIRES                   STATE',
        'preview-7  dev       2023-11-14T22:13:20.000Z  expired',
        'preview-8  dev       2030-03-17T17:46:40.000Z  active',
        'qa         -         1970-01-01T00:00:01.000Z  kept: the name is not preview-<platform.example.com/preview-id>',
        '',
      ]);
    });
    test('expired prints only expired previews; --now moves the clock', () => {
      expect(cli(['previews', 'expired'], { stdin: NAMESPACES }).stdout).toBe('preview-7\n');
      expect(cli(['previews', 'expired', '--now', '2031-01-01T00:00:00Z'], { stdin: NAMESPACES }).stdout).toBe('preview-7\npreview-8\n');
    });
    test('cleanup prints the commands, and runs them only with --execute, only for expired previews', () => {
      const dry = cli(['previews', 'cleanup'], { stdin: NAMESPACES });
      expect(dry.stdout).toBe('(dry run) kubectl delete namespace preview-7 --wait=false   # preview-7 expired 2023-11-14T22:13:20.000Z\n');
      expect(dry.executed).toEqual([]);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ns-')), 'ns.json');
      fs.writeFileSync(file, NAMESPACES);
      const run = cli(['previews', 'cleanup', '--input', file, '--execute', '--context', 'nonprod']);
      expect(run.executed).toEqual([['kubectl', 'delete', 'namespace', 'preview-7', '--wait=false', '--context', 'nonprod']]);
    });
    test('fails when the input is not a namespace list', () => {
      expect(cli(['previews', 'expired'], { stdin: '{"kind":"Pod"}' })).toMatchObject({
        code: EXIT_REFUSED,
        stderr: 'refused: the input is a Pod; expected the namespaces (a NamespaceList, or a List of Namespace): pass the output of kubectl get '
          + 'namespaces -o json\n',
      });
    });
    test('fails when the input is a list of Pods (kubectl get pods -o json): names the kind found and what is expected', () => {
      const pods = JSON.stringify({ kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'web-1' } }] });
      expect(cli(['previews', 'cleanup'], { stdin: pods })).toMatchObject({
        code: EXIT_REFUSED,
        stdout: '',
        stderr: 'refused: the input is a List of Pod (items[0].kind is "Pod", 1 of 1 items are not Namespaces); expected the namespaces (a '
          + 'NamespaceList, or a List of Namespace): pass the output of kubectl get namespaces -o json\n',
        executed: [],
      });
    });
    test('fails when --now is not a time', () => {
      expect(cli(['previews', 'expired', '--now', 'tomorrow'], { stdin: NAMESPACES })).toMatchObject({
        code: EXIT_REFUSED,
        stderr: 'refused: --now is "tomorrow"; not of the form YYYY-MM-DDThh:mm:ss[.fraction] followed by Z or ±hh:mm; expected an RFC 3339 '
          + 'time with a zone, e.g. 2030-01-01T12:00:00Z\n',
      });
    });
  });

  describe('previews expiry', () => {
    test('prints the clock plus the TTL: --ttl, else PREVIEW_TTL, else 72h', () => {
      expect(cli(['previews', 'expiry'])).toMatchObject({ code: EXIT_OK, stdout: '2025-01-04T00:00:00Z\n' });
      expect(cli(['previews', 'expiry'], { env: { PREVIEW_TTL: '1d' } }).stdout).toBe('2025-01-02T00:00:00Z\n');
      expect(cli(['previews', 'expiry', '--ttl', '6h', '--now', '2026-12-05T07:30:00Z']).stdout).toBe('2026-12-05T13:30:00Z\n');
    });
    test('fails when the TTL is malformed', () => {
      expect(cli(['previews', 'expiry', '--ttl', '1w'])).toMatchObject({
        code: EXIT_REFUSED, stderr: 'refused: PREVIEW_TTL is "1w"; expected hours or days such as 72h or 3d\n',
      });
    });
    test('takes the definition\'s previews.ttl when neither --ttl nor PREVIEW_TTL is given', () => {
      const envs = copyEnvironments();
      fs.writeFileSync(envs.file('index'), envs.read('index').replace("previews: { template: 'dev' }", "previews: { template: 'dev', ttl: '1d' }"));
      expect(cli(['previews', 'expiry', '--definitions', envs.dir])).toMatchObject({ code: EXIT_OK, stdout: '2025-01-02T00:00:00Z\n' });
      expect(cli(['previews', 'expiry', '--definitions', envs.dir, '--ttl', '2d']).stdout).toBe('2025-01-03T00:00:00Z\n');
    });
    test('fails when the TTL is longer than the definition\'s previews.maxTtl (default 14d)', () => {
      expect(cli(['previews', 'expiry', '--ttl', '15d'])).toMatchObject({
        code: EXIT_REFUSED, stderr: 'refused: PREVIEW_TTL is "15d", longer than the platform\'s previews.maxTtl (14d); a preview lives at most that '
          + 'long: shorten the TTL, or raise previews.maxTtl in the definition\n',
      });
    });
  });

  describe('pipeline-matrix', () => {
    const stacksOf = (stdout: string) => JSON.parse(stdout).stages.map((s: any) => s.stacks.map((x: any) => x.stack));

    test('prints the matrix as JSON and nothing else', () => {
      const result = cli(['pipeline-matrix']);
      expect(result.code).toBe(EXIT_OK);
      expect(result.stderr).toBe('');
      expect(stacksOf(result.stdout)).toEqual([
        ['cluster-nonprod', 'cluster-prod'],
        ['governance-dev', 'governance-qa', 'governance-staging', 'governance-production'],
        ['dev', 'qa', 'staging', 'production'],
      ]);
    });
    test('--changed (a file or standard input) and --pull-request', () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'changed-')), 'changed.txt');
      fs.writeFileSync(file, 'environments/production.ts\nenvironments/dev.ts\n');
      expect(stacksOf(cli(['pipeline-matrix', '--changed', file]).stdout)).toEqual([
        ['cluster-nonprod', 'cluster-prod'], ['governance-dev', 'governance-production'], ['dev', 'production'],
      ]);
      const pr = JSON.parse(cli(['pipeline-matrix', '--changed', '-', '--pull-request'], { stdin: 'environments/production.ts\nenvironments/dev.ts\n' }).stdout);
      expect(pr.withheld).toEqual(['cluster-prod', 'governance-production', 'production']);
      expect(stacksOf(JSON.stringify(pr))).toEqual([['cluster-nonprod'], ['governance-dev'], ['dev']]);
    });
    test('--preview with PREVIEW_ID: the preview\'s stacks', () => {
      const result = cli(['pipeline-matrix', '--preview'], { env: { PREVIEW_ID: '9', PREVIEW_EXPIRES: '2025-01-08T00:00:00Z' } });
      expect(stacksOf(result.stdout)).toEqual([[], ['governance-preview-9'], ['preview-9']]);
    });
    test('--gitlab deploy prints the child pipeline', () => {
      const child = JSON.parse(cli(['pipeline-matrix', '--environment', 'qa', '--gitlab', 'deploy']).stdout);
      expect(Object.keys(child).filter((k) => k.includes(':'))).toEqual([
        'plan:cluster-nonprod', 'apply:cluster-nonprod', 'plan:governance-qa', 'apply:governance-qa', 'plan:qa', 'apply:qa',
      ]);
    });
    test('--manifest checks the matrix against what cdktf synthesised', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-'));
      const stacks = ['cluster-nonprod', 'cluster-prod', 'governance-dev', 'dev'];
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
        stacks: Object.fromEntries(stacks.map((s) => [s, { name: s, dependencies: [], workingDirectory: `stacks/${s}` }])),
      }));
      expect(cli(['pipeline-matrix', '--manifest', path.join(dir, 'manifest.json')])).toMatchObject({
        code: EXIT_REFUSED, stdout: '',
        stderr: expect.stringMatching(/^refused: stack "cluster-nonprod": its cdk\.tf\.json declares the backend null; the definition gives/),
      });
    });
    test('fails when --gitlab names no mode', () => {
      expect(cli(['pipeline-matrix', '--gitlab', 'apply'])).toMatchObject({
        code: EXIT_USAGE, stderr: 'error: option \'--gitlab <mode>\' argument \'apply\' is invalid. Allowed choices are plan, deploy.\n(add --help for usage)\n',
      });
    });
    test('fails when --changed names no file', () => {
      expect(cli(['pipeline-matrix', '--changed', 'no-such-file.txt'])).toMatchObject({
        code: EXIT_REFUSED, stderr: `refused: ${path.join(SHOP, 'no-such-file.txt')} does not exist\n`,
      });
    });
    test('fails when --changed - gets a terminal', () => {
      expect(cli(['pipeline-matrix', '--changed', '-'])).toMatchObject({
        code: EXIT_USAGE, stderr: 'error: --changed - reads the changed files from standard input, which is a terminal\n(add --help for usage)\n',
      });
    });
    test('fails when an environment is unknown', () => {
      expect(cli(['pipeline-matrix', '--environment', 'uat'])).toMatchObject({
        code: EXIT_REFUSED, stderr: 'refused: environment "uat" is not in the matrix; expected one of "dev", "qa", "staging", "production"\n',
      });
    });
  });

  describe('the definition is loaded as the synth entry points load it (one message naming the file, no stack trace)', () => {
    test('fails when an environment file does not compile', () => {
      const envs = copyEnvironments();
      fs.writeFileSync(envs.file('qa'), envs.read('qa').replace("name: 'qa',", "name: = 'qa',"));
      const result = cli(['diff', 'dev', 'qa', '--definitions', envs.dir]);
      expect(result.code).toBe(EXIT_REFUSED);
      expect(result.stderr).toMatch(new RegExp(`^refused: cannot load the platform definition: ${envs.file('qa')}:\\d+:\\d+: does not compile: `
        + 'Expression expected\\. \\(TS1109\\)\\n$'));
    });
    test('fails when the index misspells `platform`', () => {
      const envs = copyEnvironments();
      fs.writeFileSync(envs.file('index'), envs.read('index').replace('export const platform', 'export const platfrom'));
      expect(cli(['diff', 'dev', 'qa', '--definitions', envs.dir])).toMatchObject({
        code: EXIT_REFUSED,
        stderr: `refused: cannot load the platform definition: ${envs.file('index')}: exports no \`platform\`; it exports \`platfrom\`; did you mean `
          + '`platfrom`? rename it to `platform`\n',
      });
    });
    test('fails when an environment file is not listed in the index', () => {
      const envs = copyEnvironments();
      fs.writeFileSync(envs.file('perf'), envs.read('qa').replace(/\bqa\b/g, 'perf'));
      const result = cli(['diff', 'dev', 'qa', '--definitions', envs.dir]);
      expect(result).toMatchObject({ code: EXIT_REFUSED });
      expect(result.stderr).toBe(`refused: cannot load the platform definition: ${envs.file('perf')}: defines environment "perf" (export \`perf\`), `
        + `which ${envs.file('index')} does not list, so it would not be synthesized; add it there (import { perf } from './perf'; and put perf in `
        + '`platform.environments`, in promotion order), or remove the file\n');
    });
    test('fails when the selected preview has expired', () => {
      expect(cli(['diff', 'dev', 'preview-9', '--json'], { env: { PREVIEW_ID: '9', PREVIEW_EXPIRES: '2024-12-31T00:00:00Z' } })).toMatchObject({
        code: EXIT_REFUSED, stderr: expect.stringMatching(/^refused: PREVIEW_EXPIRES is "2024-12-31T00:00:00Z", which has passed/),
      });
    });
    test('prints the stack trace when DEBUG is set', () => {
      const result = cli(['diff', 'dev', 'qa', '--definitions', 'nowhere'], { env: { DEBUG: '1' } });
      expect(result.stderr).toMatch(/^refused: DefinitionLoadError: cannot load the platform definition: nowhere: is not a folder[^\n]*\n\s+at /);
    });
  });

  test('kubeconfig writes one fragment per environment', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-'));
    const result = cli(['kubeconfig', '--out', out]);
    expect(result.code).toBe(EXIT_OK);
    expect(fs.readdirSync(out).sort()).toEqual(['dev.yaml', 'production.yaml', 'qa.yaml', 'staging.yaml']);
  });

  test('through npm: the exit code reaches the shell', async () => {
    const result = await throughNpm;
    expect(result.status).toBe(EXIT_REFUSED);
    expect(result.stderr).toContain('refused: promotion follows the declared order');
  }, 60_000);
});

describe('platform synth', () => {
  test('writes both outputs of the definition, the report files and the kubeconfigs, and prints the summary', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-synth-'));
    const result = cli(['synth', '--manifests', path.join(out, 'dist'), '--terraform', path.join(out, 'cdktf.out')]);
    expect(result).toMatchObject({ code: EXIT_OK, stderr: '' });
    expect(result.stdout).toMatch(/^guardrails passed: 0 errors, /);
    expect(result.stdout).toContain('\nsynthesized 4 environments (dev, qa, staging, production) and 2 clusters (nonprod, prod): ');
    expect(fs.readdirSync(path.join(out, 'dist')).sort()).toEqual(
      ['clusters', 'dev', 'guardrails.json', 'guardrails.sarif', 'kubeconfig', 'production', 'qa', 'staging'],
    );
    expect(JSON.parse(fs.readFileSync(path.join(out, 'cdktf.out', 'manifest.json'), 'utf8')).stacks.production.dependencies)
      .toEqual(['governance-production']);
  });

  test('--previous checks the changes one apply cannot make against another folder: a fresh checkout with the last deploy\'s manifests', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-synth-'));
    const previous = path.join(out, 'last-deploy');
    fs.mkdirSync(path.join(previous, 'production'), { recursive: true });
    // What the last deploy applied: the store with 20Gi volumes (the definition says 50Gi).
    fs.writeFileSync(path.join(previous, 'production', 'app-store.k8s.yaml'), [
      'apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', '  name: store', '  namespace: production', 'spec:', '  volumeClaimTemplates:',
      '    - metadata:', '        name: data', '      spec:', '        storageClassName: gp3-retained', '        accessModes: [ReadWriteOnce]', '        resources:', '          requests:',
      '            storage: 20Gi', '',
    ].join('\n'));
    const result = cli(['synth', '--manifests', path.join(out, 'dist'), '--terraform', path.join(out, 'cdktf.out'), '--previous', previous]);
    expect(result.code).toBe(EXIT_REFUSED);
    expect(result.stderr).toMatch(/^refused: invalid platform definition \(1 error\):\n {2}- environment "production": apps\.store\.storage is /);
    expect(result.stderr).toContain('the volume claim template of StatefulSet "store" is immutable (it was '
      + '[{"name":"data","storageClassName":"gp3-retained","accessModes":["ReadWriteOnce"],"storage":"20Gi"}])');
    expect(result.stderr).toContain('kubectl -n production patch pvc data-store-<ordinal> -p \'{"spec":{"resources":{"requests":{"storage":"50Gi"}}}}\'');
    expect(fs.readdirSync(out)).toEqual(['last-deploy']);
  });

  test('fails when --previous is not a folder, and writes nothing', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-synth-'));
    const result = cli(['synth', '--manifests', path.join(out, 'dist'), '--terraform', path.join(out, 'cdktf.out'), '--previous', path.join(out, 'missing')]);
    expect(result).toEqual({
      code: EXIT_REFUSED, stdout: '', executed: [],
      stderr: `refused: --previous: "${path.join(out, 'missing')}" is not a folder; give the folder of what was last applied (<environment>/*.k8s.yaml), `
        + 'e.g. the last deploy\'s manifests or a GitOps repository\'s rendered branch\n',
    });
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('fails when the definition is invalid, and writes nothing', () => {
    const envs = copyEnvironments();
    fs.writeFileSync(envs.file('qa'), envs.read('qa').replace("name: 'qa',", "name: 'qa', quota: { pods: Number.NaN },"));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-synth-'));
    const result = cli(['synth', '--definitions', envs.dir, '--manifests', path.join(out, 'dist'), '--terraform', path.join(out, 'cdktf.out')]);
    expect(result.code).toBe(EXIT_REFUSED);
    expect(result.stderr).toMatch(/^refused: invalid platform definition \(1 error\):\n {2}- environment "qa": quota\.pods is NaN; /);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
