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
  DeliveryError, KUBECONFIG_DIR, PlatformDefinition, PlatformValidationError, classifyPreviews, diffEnvironments, formatEnvironmentDiff,
  formatPreviews, formatPromotion, parseNamespaceList, parseTime, previewFromEnvironment, promote, resolvePlatform, withPreview,
  writeKubeconfigs,
} from '../lib';
// Not (yet) among lib/index.ts's exports, which another change curates.
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
    if (error instanceof DeliveryError || error instanceof PlatformValidationError) {
      io.stderr(`refused: ${error.message}\n`);
      return EXIT_REFUSED;
    }
    io.stderr(`error: ${io.env.DEBUG ? (error as Error).stack : (error as Error).message}\n`);
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
  const definitions = () => new Option('--definitions <dir>', 'folder of the platform definition (exports `platform`)').default('environments');

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
    .action(function (this: Command, from: string, to: string, options: PromoteCommandOptions) {
      if (options.force && !options.reason?.trim()) this.error('error: --force needs --reason "<why>"', { exitCode: EXIT_USAGE });
      if (options.reason !== undefined && !options.force) this.error('error: --reason goes with --force', { exitCode: EXIT_USAGE });
      const dir = path.resolve(io.cwd, options.definitions);
      const result = promote({
        definition: loadDefinition(dir),
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
    .option('--now <time>', 'compare expiries with this time (ISO 8601 with zone, or epoch seconds); default: the clock')
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
  const platform = resolvePlatform(loadDefinition(path.resolve(io.cwd, options.definitions)));
  const list = classifyPreviews(parseNamespaceList(text!), now, platform.environments.map((e) => e.namespace), platform.clusters[0].labelKeys);
  return { list, now };
}

function readInput(file: string): string {
  if (!fs.existsSync(file)) throw new DeliveryError(`${file} does not exist`);
  return fs.readFileSync(file, 'utf8');
}

/** The platform definition a folder exports as `platform`. */
function loadDefinition(dir: string): PlatformDefinition {
  if (!fs.existsSync(dir)) throw new DeliveryError(`${dir} does not exist; expected the folder of the platform definition`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const definition = (require(dir) as { platform?: PlatformDefinition }).platform;
  if (!definition) throw new DeliveryError(`${dir} exports no \`platform\``);
  return definition;
}

/** The definition with the preview PREVIEW_ID selects, as the synth entry points read it. */
function selectedDefinition(io: CliIo, dir: string): PlatformDefinition {
  const definition = loadDefinition(path.resolve(io.cwd, dir));
  const preview = previewFromEnvironment(io.env);
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
