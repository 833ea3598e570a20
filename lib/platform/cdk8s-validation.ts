/**
 * The guardrails as a cdk8s validation plugin, so that plain `cdk8s synth` runs them too. cdk8s-cli loads the class
 * named in cdk8s.yaml `validations:`, constructs it with the entry's `properties`, and calls `validate(context)` with
 * the synthesised manifest files; the plugin reports each violated rule, and a failure makes `cdk8s synth` exit 2.
 *
 * @see https://cdk8s.io/docs/latest/cli/synth/#validations
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LabelKeys, labelKeys } from '../core/labels';
import { PlatformDefinition } from './platform-definition';
import { resolvePlatform } from './resolve-platform';
import { objectKey } from '../core/manifest';
import { checkPlatform } from './check-platform';
import { GuardrailException, CLUSTER_TARGET_PREFIX, GuardrailTarget, TargetKind } from '../guardrails/target';
import { GuardrailReport } from '../guardrails/guardrail-report';
import { runGuardrails } from '../guardrails/run-guardrails';
import { Violation } from '../guardrails/violation';
import { DefinitionLoadError } from '../core/errors';
import { loadPlatformDefinition } from './load-definition';

/** The `properties` of the plugin's entry in cdk8s.yaml. */
export interface GuardrailsValidationProps {
  /**
   * Module exporting the platform definition, relative to the project folder; protected environments, namespaces and
   * declared network peers then come from it. cdk8s-cli runs plugins in plain node, so this is compiled JavaScript
   * (e.g. `./build/definitions`), unless a TypeScript loader is registered (the reference repository's plugin registers tsx).
   * @example './build/definitions'
   * @default - none: environments are read from the objects' labels
   */
  readonly definition?: string;
  /**
   * Name of the definition's export.
   * @default 'platform'
   */
  readonly definitionExport?: string;
  /**
   * Without a definition: the environments whose violations fail synth.
   * @default - none
   */
  readonly protectedEnvironments?: string[];
  /**
   * Accepted violations by environment (or `cluster-<cluster>`).
   * @default - none
   */
  readonly exceptions?: { [target: string]: GuardrailException[] };
  /**
   * Files holding the CustomResourceDefinitions of custom resources in the output (YAML, relative to the project folder).
   * @default - none
   */
  readonly crds?: string[];
  /**
   * Where to write the JSON report (relative to the project folder).
   * @default - not written
   */
  readonly reportFile?: string;
  /**
   * Regular expression the manifest files to check match. Other YAML in the output folder (kubeadm, kind, audit and
   * encryption configuration) is configuration for tools, not objects for a cluster.
   * @default '\\.k8s\\.yaml$' - the files cdk8s charts write
   */
  readonly manifestPattern?: string;
  /**
   * Without a definition: the domain of the platform's labels, by which objects are told apart by environment and
   * cluster (with a definition, its `labelDomain`).
   * @default 'platform.example.com'
   */
  readonly labelDomain?: string;
}

/** The extension cdk8s gives chart output (`App.outputFileExtension` default, and what the platform's apps use). */
const DEFAULT_MANIFEST_PATTERN = '\\.k8s\\.yaml$';

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses (cdk8s-cli is a dev tool, not a dependency). */
export interface ValidationContextLike {
  /** Paths of the manifest files cdk8s synthesised. */
  readonly manifests: readonly string[];
  /** Where the plugin reports violations and, at the end, its status. */
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
    }): void;
    submit(status: 'success' | 'failure', metadata?: { [key: string]: string }): void;
  };
  /** Where the plugin writes what it prints. */
  readonly logger: { log(message: string): void };
}

/** A rendered object and the manifest file it came from. */
interface Located {
  readonly object: any;
  readonly file: string;
}

/** The guardrails as a cdk8s validation plugin (`class: GuardrailsValidation` in cdk8s.yaml). */
export class GuardrailsValidation {
  private readonly props: GuardrailsValidationProps;
  private definition?: PlatformDefinition;

  constructor(props: GuardrailsValidationProps = {}) {
    this.props = props;
  }

  /** Runs the guardrails over the synthesised manifests and submits the report to cdk8s. */
  public async validate(context: ValidationContextLike): Promise<void> {
    const pattern = new RegExp(this.props.manifestPattern ?? DEFAULT_MANIFEST_PATTERN);
    const located: Located[] = context.manifests.filter((file) => pattern.test(file)).flatMap((file) => parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map((doc) => doc.toJS())
      .filter((object) => object !== null && typeof object === 'object')
      .map((object) => ({ object, file })));
    const report = this.check(located);
    const checked = new Set(report.targets.map((t) => t.name));
    const keys = this.labelKeys();
    const ignored = located.filter(({ object, file }) => !checked.has(targetOf(object, file, keys))).map(({ object }) => objectKey(object));
    if (ignored.length > 0) {
      context.logger.log(`guardrails: not checked, since they belong to no environment or cluster of the platform: ${ignored.join(', ')}`);
    }

    const files = new Map(located.map(({ object, file }) => [`${targetOf(object, file, keys)} ${objectKey(object)}`, file]));
    const groups = new Map<string, Violation[]>();
    for (const v of report.violations) {
      const name = `${v.rule} (${v.acceptedReason !== undefined ? 'accepted' : v.severity})`;
      groups.set(name, [...(groups.get(name) ?? []), v]);
    }
    for (const [ruleName, violations] of groups) {
      const check = report.checks.find((c) => c.id === violations[0].rule);
      context.report.addViolation({
        ruleName,
        recommendation: `${check?.title ?? violations[0].rule}: ${check?.rationale ?? ''}`.trim(),
        fix: violations[0].fix,
        violatingResources: violations.map((v) => ({
          resourceName: `${v.environment}: ${v.object}`,
          // One location per finding: cdk8s-cli counts a rule's "occurrences" as its locations (cdk8s-cli
          // lib/plugins/validation.js `toString`), so a second line per finding would double the count.
          locations: [[
            `${v.path ?? '(object)'}: ${v.message}`,
            ...(v.constructPath ? [`construct ${v.constructPath}`] : []),
            ...(v.acceptedReason !== undefined ? [`accepted: ${v.acceptedReason}`] : []),
          ].join('; ')],
          manifestPath: files.get(`${v.environment} ${v.object}`) ?? '(none)',
        })),
      });
    }
    // cdk8s-cli prints the violations itself after every plugin ran (lib/util.js `validateApp`): log only what its
    // report has no place for, the summary line and the reachability matrices, so nothing is printed twice.
    context.logger.log(report.toText({ violations: false }));
    if (this.props.reportFile) {
      fs.writeFileSync(path.resolve(this.props.reportFile), `${JSON.stringify(report.toJson(), null, 2)}\n`);
    }
    context.report.submit(report.failed ? 'failure' : 'success', {
      errors: String(report.errors.length),
      warnings: String(report.warnings.length),
      accepted: String(report.accepted.length),
    });
  }

  /** The guardrails over located objects: through the platform definition when one is given, else from labels. */
  public check(located: readonly Located[]): GuardrailReport {
    const crds = (this.props.crds ?? []).flatMap((file) => parseAllDocuments(fs.readFileSync(path.resolve(file), 'utf8')).map((d) => d.toJS()));
    const keys = this.labelKeys();
    const byTarget = new Map<string, any[]>();
    for (const { object, file } of located) {
      const target = targetOf(object, file, keys);
      byTarget.set(target, [...(byTarget.get(target) ?? []), object]);
    }
    const constructPaths = constructPathsNear(located, keys);
    if (this.props.definition) {
      const platform = resolvePlatform(this.loadDefinition(this.props.definition));
      const objectsOf = (name: string) => byTarget.get(name) ?? [];
      return checkPlatform(platform, {
        environments: Object.fromEntries(platform.environments.map((e) => [e.name, objectsOf(e.name)])),
        clusters: Object.fromEntries(platform.clusters.map((c) => [c.name, objectsOf(`${CLUSTER_TARGET_PREFIX}${c.name}`)])),
        constructPaths,
        exceptions: this.props.exceptions,
        crds,
      });
    }
    const targets = [...byTarget.entries()].map(([name, objects]): GuardrailTarget => {
      const cluster = name.startsWith(CLUSTER_TARGET_PREFIX);
      const namespace = objects.find((o) => o.kind === 'Namespace')?.metadata?.name;
      return {
        name,
        kind: cluster ? TargetKind.CLUSTER : TargetKind.ENVIRONMENT,
        cluster: cluster ? name.slice(CLUSTER_TARGET_PREFIX.length) : objects[0]?.metadata?.labels?.[keys.cluster] ?? '(unknown)',
        namespace: cluster ? undefined : namespace,
        protected: (this.props.protectedEnvironments ?? []).includes(name),
        objects,
        constructPaths: constructPaths[name],
        exceptions: this.props.exceptions?.[name],
      };
    });
    return runGuardrails({ targets, crds });
  }

  /** The keys of the platform's labels: the definition's domain, else the `labelDomain` property's. */
  private labelKeys(): LabelKeys {
    return labelKeys(this.props.definition ? this.loadDefinition(this.props.definition).labelDomain : this.props.labelDomain);
  }

  /**
   * The definition, loaded as every entry point loads it (lib/platform/load-definition.ts) when `definition` is a
   * folder or its index: a file that does not compile or throws, a misspelt export and an unlisted environment file are
   * each one message naming the file.
   */
  private loadDefinition(file: string): PlatformDefinition {
    if (this.definition) return this.definition;
    const exportName = this.props.definitionExport ?? 'platform';
    const resolved = path.resolve(file);
    const folder = fs.statSync(resolved, { throwIfNoEntry: false })?.isDirectory() ? resolved
      : /^index\.[cm]?[jt]s$/.test(path.basename(resolved)) ? path.dirname(resolved) : undefined;
    if (folder !== undefined) {
      try {
        this.definition = loadPlatformDefinition(folder, { exportName });
      } catch (error) {
        const hint = error instanceof DefinitionLoadError && /exports no `/.test(error.message)
          ? '; set properties.definitionExport to the name of the PlatformDefinition it exports' : '';
        throw new Error(`guardrails plugin: ${(error as Error).message}${hint}`);
      }
      return this.definition;
    }
    let module: any;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      module = require(resolved);
    } catch (error) {
      // Without a loader, node reads a .ts file as JavaScript and stops at the first type annotation or import.
      if (!(error instanceof SyntaxError) || !/\.[cm]?tsx?$/.test(file)) throw error;
      throw new Error(`guardrails plugin: properties.definition is ${file}, TypeScript, which node cannot load without a loader; compile the `
        + `definitions (tsc) and point properties.definition at the compiled module (e.g. ./build/definitions): ${error.message}`);
    }
    if (!module[exportName]) {
      throw new Error(`guardrails plugin: ${file} has no export "${exportName}"; set properties.definitionExport to the name of the `
        + 'PlatformDefinition it exports');
    }
    this.definition = module[exportName];
    return module[exportName];
  }
}

/** The target an object belongs to: its environment label, else `cluster-<cluster label>`, else its manifest's folder. */
function targetOf(object: any, file: string, keys: LabelKeys): string {
  const labels = object?.metadata?.labels ?? {};
  if (labels[keys.environment]) return labels[keys.environment];
  if (labels[keys.cluster]) return `${CLUSTER_TARGET_PREFIX}${labels[keys.cluster]}`;
  return path.basename(path.dirname(file));
}

/**
 * Construct paths from the `construct-metadata.json` cdk8s writes beside each app's manifests when
 * `CDK8S_RECORD_CONSTRUCT_METADATA` is set (cdk8s-cli sets it when validations are configured). The file is keyed by
 * object name only, so a path is used only where the name is unique among that folder's objects. `PlatformCharts`
 * never writes it (it would sit among the manifests kubectl applies), so this serves other apps' output.
 */
function constructPathsNear(located: readonly Located[], keys: LabelKeys): { [target: string]: { [objectKey: string]: string } } {
  const out: { [target: string]: { [objectKey: string]: string } } = {};
  const folders = [...new Set(located.map((l) => path.dirname(l.file)))];
  for (const folder of folders) {
    const file = path.join(folder, 'construct-metadata.json');
    if (!fs.existsSync(file)) continue;
    const resources: { [name: string]: { path: string } } = JSON.parse(fs.readFileSync(file, 'utf8')).resources ?? {};
    const here = located.filter((l) => path.dirname(l.file) === folder);
    for (const { object, file: manifest } of here) {
      const name = object?.metadata?.name;
      if (resources[name] && here.filter((l) => l.object?.metadata?.name === name).length === 1) {
        const target = targetOf(object, manifest, keys);
        (out[target] ??= {})[objectKey(object)] = resources[name].path;
      }
    }
  }
  return out;
}
