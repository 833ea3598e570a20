#!/usr/bin/env node
/**
 * `npm run platform -- <command>`: promotion, environment diff, previews, cluster contexts and scaffolding (`new`) for the
 * platform defined in environments/. Exit codes: 0 done, 1 refused or invalid input (the message says why), 2 usage error.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import {
  DeliveryError, KUBECONFIG_DIR, PlatformDefinition, classifyPreviews, diffEnvironments, formatEnvironmentDiff,
  formatPreviews, formatPromotion, parseNamespaceList, parseTime, previewFromEnvironment, promote, resolvePlatform, synthWithSummary, withPreview,
  writeKubeconfigs,
} from '../lib';
import { BackendBlock } from '../lib/environment/state-backends/state-backend';
import { CdktfManifest, checkMatrixAgainstManifest, pipelineMatrix } from '../lib/delivery/pipeline-matrix';
import { GitLabPipelineMode, gitlabChildPipeline } from '../lib/delivery/gitlab-child-pipeline';
import { previewExpiry } from '../lib/delivery/preview';
import { failureText, isDefinitionError } from '../lib/platform/failure-text';
import { loadPlatformDefinition } from '../lib/platform/load-definition';
import { formatScaffold, newApp, newEnvironment } from '../lib/delivery/scaffold';

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** What the CLI reads and writes, so tests run it in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: { readonly [name: string]: string | undefined };
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, whole; `undefined` when it is a terminal. */
  readonly stdin: () => string | undefined;
  /** Runs a command (kubectl) and throws when it fails. */
  readonly exec: (command: string, args: readonly string[]) => void;
  /** The time `previews` compares expiries with, unless `--now` is given. */
  readonly now: () => Date;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const program = buildProgram(io);
  try {
    program.parse([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse error is a usage error.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    }
    // One formatter for every entry point (lib/platform/failure-text.ts): the message, the stack only with DEBUG.
    const refused = error instanceof DeliveryError || isDefinitionError(error);
    io.stderr(failureText(error, { debug: Boolean(io.env.DEBUG), prefix: refused ? 'refused: ' : 'error: ' }));
    return EXIT_REFUSED;
  }
}

/** The commands. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('platform')
    .description('Promotion, environment diff, previews and cluster contexts of the platform defined in environments/.\n'
      + 'Exit codes: 0 done, 1 refused or invalid input, 2 usage error.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)');
  const definitions = () => new Option('--definitions <module>', 'module or folder of the platform definition (exports `platform`); compiled JavaScript '
    + 'unless a TypeScript loader runs the CLI').default('environments');

  program.command('promote')
    .description('Copy the version pins of <from> into the definition file of <to> (environments/<to>.ts); only pin lines change.\n'
      + 'Promotion follows the order of the environments (dev → qa → staging → production).')
    .argument('<from>', 'source environment')
    .argument('<to>', 'target environment: the next in the order, unless --force')
    .option('--app <name...>', 'promote only these apps (repeatable)')
    .option('--dry-run', 'print the change, write nothing')
    .option('--force', 'promote across the declared order (needs --reason)')
    .option('--reason <text>', 'why the order is skipped; printed for the pull request')
    .addOption(definitions())
    .option('--source <dir>', 'folder of the definition\'s TypeScript files, where <to>.ts is edited (default: the --definitions folder)')
    .action(function (this: Command, from: string, to: string, options: PromoteCommandOptions) {
      if (options.force && !options.reason?.trim()) this.error('error: --force needs --reason "<why>"', { exitCode: EXIT_USAGE });
      if (options.reason !== undefined && !options.force) this.error('error: --reason goes with --force', { exitCode: EXIT_USAGE });
      const dir = path.resolve(io.cwd, options.source ?? options.definitions);
      const result = promote({
        definition: loadDefinition(options.definitions, io),
        from,
        to,
        apps: options.app,
        force: options.force,
        reason: options.reason,
        dryRun: options.dryRun,
        file: path.join(dir, `${to}.ts`),
      });
      io.stdout(formatPromotion({ ...result, file: path.relative(io.cwd, result.file) }));
    });

  program.command('synth')
    .description('Synthesise the manifests and the Terraform of every environment and cluster, the guardrails over both; both '
      + 'outputs are swapped in together, and nothing is written when anything fails. Selects the preview PREVIEW_ID names.')
    .addOption(definitions())
    .option('--manifests <dir>', 'folder of the manifests', 'dist')
    .option('--terraform <dir>', 'folder of the Terraform (cdktf\'s outdir)', 'cdktf.out')
    .option('--previous <dir>', 'folder of what was last applied (<environment>/*.k8s.yaml: the last deploy\'s manifests, a GitOps '
      + 'rendered branch), which changes one apply cannot make are checked against; default: the manifests folder')
    .action((options: { definitions: string; manifests: string; terraform: string; previous?: string }) => {
      const previousDir = options.previous !== undefined ? path.resolve(io.cwd, options.previous) : undefined;
      if (previousDir !== undefined && !fs.statSync(previousDir, { throwIfNoEntry: false })?.isDirectory()) {
        throw new DeliveryError(`--previous: "${options.previous}" is not a folder; give the folder of what was last applied `
          + '(<environment>/*.k8s.yaml), e.g. the last deploy\'s manifests or a GitOps repository\'s rendered branch');
      }
      const { text } = synthWithSummary({
        definition: selectedDefinition(io, options.definitions),
        manifestsDir: path.resolve(io.cwd, options.manifests),
        terraformDir: path.resolve(io.cwd, options.terraform),
        previousDir,
        cwd: io.cwd,
      });
      io.stdout(text);
    });

  program.command('diff')
    .description('List every difference between two environments: definitions (intended ones marked *) and rendered objects.')
    .argument('<a>', 'first environment')
    .argument('<b>', 'second environment')
    .option('--json', 'machine-readable output')
    .addOption(definitions())
    .action((a: string, b: string, options: { json?: boolean; definitions: string }) => {
      const diff = diffEnvironments(selectedDefinition(io, options.definitions), a, b);
      io.stdout(options.json ? `${JSON.stringify(diff, null, 2)}\n` : formatEnvironmentDiff(diff));
    });

  const previews = program.command('previews')
    .description('Preview environments in a cluster, from its namespace list: kubectl get namespaces -o json | npm run -s platform -- previews …');
  const listInput = (command: Command) => command
    .option('--input <file>', 'the namespace list (kubectl get namespaces -o json); default: standard input')
    .option('--now <time>', 'compare expiries with this time (RFC 3339 with zone, e.g. 2030-01-01T00:00:00Z); default: the clock')
    .addOption(definitions());
  listInput(previews.command('list').description('List previews with template, expiry and state.'))
    .option('--json', 'machine-readable output')
    .action(function (this: Command, options: PreviewCommandOptions & { json?: boolean }) {
      const { list, now } = previewList(this, io, options);
      io.stdout(options.json ? `${JSON.stringify(list, null, 2)}\n` : formatPreviews(list, now));
    });
  listInput(previews.command('expired').description('Print the namespaces of expired previews, one per line (nothing else).'))
    .action(function (this: Command, options: PreviewCommandOptions) {
      const { list } = previewList(this, io, options);
      io.stdout(list.filter((p) => p.deletable).map((p) => `${p.name}\n`).join(''));
    });
  listInput(previews.command('cleanup').description('Delete expired previews: prints the kubectl commands, runs them with --execute.'))
    .option('--execute', 'run kubectl delete namespace for each expired preview')
    .option('--context <name>', 'kube context for kubectl')
    .action(function (this: Command, options: PreviewCommandOptions & { execute?: boolean; context?: string }) {
      const { list } = previewList(this, io, options);
      const expired = list.filter((p) => p.deletable);
      if (expired.length === 0) io.stdout('no expired previews\n');
      for (const preview of expired) {
        const args = ['delete', 'namespace', preview.name, '--wait=false', ...(options.context ? ['--context', options.context] : [])];
        io.stdout(`${options.execute ? '' : '(dry run) '}kubectl ${args.join(' ')}   # ${preview.name} expired ${preview.expires!.toISOString()}\n`);
        if (options.execute) io.exec('kubectl', args);
      }
    });

  previews.command('expiry').description('Print when a preview created now expires (RFC 3339, UTC): the clock plus the TTL (PREVIEW_TTL, else\n'
    + 'the definition\'s previews.ttl, else 72h), at most previews.maxTtl. Pipelines set PREVIEW_EXPIRES from it when they create or update a preview.')
    .option('--now <time>', 'the time of creation (RFC 3339 with zone, e.g. 2030-01-01T00:00:00Z); default: the clock')
    .option('--ttl <duration>', 'how long the preview lives: hours or days such as 72h or 3d; default: PREVIEW_TTL, else previews.ttl, else 72h')
    .addOption(definitions())
    .action((options: { ttl?: string; now?: string; definitions: string }) => {
      const now = options.now !== undefined ? parseTime('--now', options.now) : io.now();
      const settings = loadDefinition(path.resolve(io.cwd, options.definitions), io).previews;
      io.stdout(`${previewExpiry(now, options.ttl ?? io.env.PREVIEW_TTL, settings).toISOString().replace(/\.000Z$/, 'Z')}\n`);
    });

  program.command('pipeline-matrix')
    .description('Print the deploy matrix as JSON (nothing else): the stacks in stages (cluster → governance → environment), each with\n'
      + 'its cluster, environment, protection, identity, state backend and folder. A preview selected with PREVIEW_ID is included.')
    .option('--changed <file>', 'only stacks these changed files can affect: `git diff --name-only` output, one path per line ("-": stdin)')
    .option('--environment <name...>', 'only these environments (and their clusters\' stacks)')
    .option('--pull-request', 'leave protected stacks out (listed under "withheld"): pull-request code never holds their credentials')
    .option('--preview', 'only the stacks of the preview selected by PREVIEW_ID')
    .option('--manifest <file>', 'check the matrix against cdktf.out/manifest.json (stacks, folders, backends, dependencies)')
    .addOption(new Option('--gitlab <mode>', 'print the GitLab child pipeline of the matrix instead (JSON, which GitLab reads as YAML)')
      .choices(Object.values(GitLabPipelineMode)))
    .addOption(definitions())
    .action(function (this: Command, options: MatrixCommandOptions) {
      const definition = selectedDefinition(io, options.definitions);
      let changed: string[] | undefined;
      if (options.changed !== undefined) {
        const text = options.changed === '-' ? io.stdin() : readInput(path.resolve(io.cwd, options.changed));
        if (text === undefined) this.error('error: --changed - reads the changed files from standard input, which is a terminal', { exitCode: EXIT_USAGE });
        changed = text!.split('\n');
      }
      const matrix = pipelineMatrix(definition, {
        changed, environments: options.environment, pullRequest: options.pullRequest, preview: options.preview,
      });
      if (options.manifest !== undefined) {
        const file = path.resolve(io.cwd, options.manifest);
        const manifest = JSON.parse(readInput(file)) as CdktfManifest;
        const backends: { [stack: string]: BackendBlock | undefined } = {};
        for (const [name, entry] of Object.entries(manifest.stacks)) {
          const tf = path.join(path.dirname(file), entry.workingDirectory, 'cdk.tf.json');
          const block = fs.existsSync(tf) ? (JSON.parse(fs.readFileSync(tf, 'utf8')).terraform?.backend ?? {}) : {};
          const [kind] = Object.keys(block);
          backends[name] = kind === undefined ? undefined : { name: kind, config: block[kind] };
        }
        checkMatrixAgainstManifest(matrix, manifest, backends, options.preview ? undefined : pipelineMatrix(definition));
      }
      io.stdout(`${JSON.stringify(options.gitlab ? gitlabChildPipeline(matrix, options.gitlab) : matrix, null, 2)}\n`);
    });

  program.command('kubeconfig')
    .description('Write a kubeconfig fragment per environment (context = the cluster\'s context + the environment\'s namespace).\n'
      + 'npm run synth writes them too. A preview selected with PREVIEW_ID is included.')
    .option('--out <dir>', 'folder of the fragments', path.join('dist', KUBECONFIG_DIR))
    .addOption(definitions())
    .action((options: { out: string; definitions: string }) => {
      const files = writeKubeconfigs(resolvePlatform(selectedDefinition(io, options.definitions)), path.resolve(io.cwd, options.out));
      io.stdout(files.map((f) => `${path.relative(io.cwd, f)}\n`).join(''));
    });
  const scaffold = program.command('new')
    .description('Add an environment or an app to the definition files, as the README describes; the whole definition is validated first, '
      + 'and nothing is written when it does not validate.');
  scaffold.command('environment')
    .description('Write environments/<name>.ts (a copy of --from\'s definition, renamed: its hosts and a node pool of its own too), '
      + 'its entry in environments/index.ts, and the node pool it pins where the cluster lacks it.')
    .argument('<name>', 'the new environment (a DNS label)')
    .requiredOption('--from <environment>', 'the environment it is made from')
    .option('--cluster <cluster>', 'the cluster it runs on (default: the one --from runs on)')
    .option('--after <environment>', 'its place in promotion order (default: right after --from)')
    .option('--dry-run', 'print the change, write nothing')
    .addOption(definitions())
    .action((name: string, options: { from: string; cluster?: string; after?: string; dryRun?: boolean; definitions: string }) => {
      const result = newEnvironment({ dir: path.resolve(io.cwd, options.definitions), name, ...options });
      io.stdout(formatScaffold(result, io.cwd));
    });
  scaffold.command('app')
    .description('Declare an app beside the others (where the definition keeps its apps list, environments/apps.ts in the reference), '
      + 'add it to the list, and pin its version in every environment that runs it (enabled: false in the others).')
    .argument('<name>', 'the new app (a DNS label)')
    .requiredOption('--image <repository>', 'image repository without tag (registry.example.com/team/app)')
    .requiredOption('--version <tag>', 'the image tag the environments pin')
    .option('--port <number>', 'the HTTP port its probes call', (value: string) => Number(value))
    .option('--environments <names...>', 'the environments that run it (default: all)')
    .option('--dry-run', 'print the change, write nothing')
    .addOption(definitions())
    .action((name: string, options: NewAppCommandOptions) => {
      const result = newApp({ dir: path.resolve(io.cwd, options.definitions), name, ...options });
      io.stdout(formatScaffold(result, io.cwd));
    });
  return program;
}

interface NewAppCommandOptions {
  readonly image: string;
  readonly version: string;
  readonly port?: number;
  readonly environments?: string[];
  readonly dryRun?: boolean;
  readonly definitions: string;
}

interface PromoteCommandOptions {
  readonly app?: string[];
  readonly dryRun?: boolean;
  readonly force?: boolean;
  readonly reason?: string;
  readonly definitions: string;
  readonly source?: string;
}

interface MatrixCommandOptions {
  readonly changed?: string;
  readonly environment?: string[];
  readonly pullRequest?: boolean;
  readonly preview?: boolean;
  readonly manifest?: string;
  readonly gitlab?: GitLabPipelineMode;
  readonly definitions: string;
}

interface PreviewCommandOptions {
  readonly input?: string;
  readonly now?: string;
  readonly definitions: string;
}

function previewList(command: Command, io: CliIo, options: PreviewCommandOptions) {
  const text = options.input !== undefined && options.input !== '-' ? readInput(path.resolve(io.cwd, options.input)) : io.stdin();
  if (text === undefined) {
    command.error('error: pass the namespace list on standard input or with --input (kubectl get namespaces -o json)', { exitCode: EXIT_USAGE });
  }
  const now = options.now !== undefined ? parseTime('--now', options.now) : io.now();
  const platform = resolvePlatform(loadDefinition(path.resolve(io.cwd, options.definitions), io));
  const list = classifyPreviews(parseNamespaceList(text!), now, platform.environments.map((e) => e.namespace), platform.clusters[0].labelKeys);
  return { list, now };
}

function readInput(file: string): string {
  if (!fs.existsSync(file)) throw new DeliveryError(`${file} does not exist`);
  return fs.readFileSync(file, 'utf8');
}

/**
 * The platform definition `module` exports as `platform`: a folder is loaded as the synth entry points load it (its
 * index, every environment file checked, lib/platform/load-definition.ts); a file module (`build/definitions` for
 * `build/definitions.js`) is required as it is. Plain node loads JavaScript only: a team compiles its definitions (`tsc`)
 * and passes the compiled module; the reference repository runs the CLI through tsx (`npm run platform`), which loads
 * its TypeScript folder as it is.
 */
function loadDefinition(module: string, io: CliIo): PlatformDefinition {
  const target = path.resolve(io.cwd, module);
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) return loadPlatformDefinition(target, { cwd: io.cwd });
  let file: string;
  try {
    file = require.resolve(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    if (fs.existsSync(`${target}.ts`)) {
      throw new DeliveryError(`${target}.ts is TypeScript, which node cannot load without a loader; compile the definitions (tsc) and pass the `
        + 'compiled module with --definitions (e.g. build/definitions), or run the CLI through tsx');
    }
    // Neither a folder nor a module: the loader says so, as for every entry point.
    return loadPlatformDefinition(target, { cwd: io.cwd });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const definition = (require(file) as { platform?: PlatformDefinition }).platform;
  if (!definition) throw new DeliveryError(`${target} exports no \`platform\``);
  return definition;
}

/** The definition with the preview PREVIEW_ID selects, as the synth entry points read it. */
function selectedDefinition(io: CliIo, dir: string): PlatformDefinition {
  const definition = loadDefinition(path.resolve(io.cwd, dir), io);
  const preview = previewFromEnvironment(io.env, io.now(), definition.previews);
  return preview ? withPreview(definition, preview) : definition;
}

/** The process's own input and output. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: () => (process.stdin.isTTY ? undefined : fs.readFileSync(0, 'utf8')),
    exec: (command, args) => {
      execFileSync(command, [...args], { stdio: 'inherit' });
    },
    now: () => new Date(),
  };
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), processIo());
}
