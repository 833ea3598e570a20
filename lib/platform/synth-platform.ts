import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { checkWorkloadChanges } from '../app/workload-changes';
import { PlatformValidationError } from '../core/errors';
import { Platform } from './platform-model';
import { resolvePlatform } from './resolve-platform';
import { PlatformDefinition } from './platform-definition';
import { checkPlatform, outputsOfCharts } from './check-platform';
import { validateExceptions } from '../guardrails/exceptions';
import { GuardrailError } from '../guardrails/guardrail-error';
import { GuardrailReport } from '../guardrails/guardrail-report';
import { RULES } from '../guardrails/rules/catalogue';
import { PLATFORM_CHECKS } from '../guardrails/run-guardrails';
import { validateSeverity } from '../guardrails/severity';
import { PlatformCharts } from './platform-charts';
import { addPlatformStacks } from './platform-stacks';
import { writeReportFiles } from './report-files';

/** Options of {@link synthManifests}. */
export interface SynthManifestsOptions {
  /** The platform definition. */
  readonly definition: PlatformDefinition;
  /**
   * Folder of the manifests.
   * @default 'dist'
   */
  readonly manifestsDir?: string;
  /**
   * CustomResourceDefinitions of the custom resources the outputs hold (e.g. External Secrets' ExternalSecret), so the
   * guardrails can check them against their schemas; a custom resource without one fails in protected environments.
   * @default - none
   */
  readonly crds?: readonly any[];
  /**
   * Folder of the output the changes that one apply cannot make (an immutable claim template, fixed replicas becoming
   * an autoscaler) are checked against, laid out as the manifests folder (`<environment>/*.k8s.yaml`). Point it at
   * what was last applied when the manifests folder does not hold it: a fresh CI checkout with the last deploy's
   * artifact, or the rendered branch of a GitOps repository. An environment without a folder there is not checked
   * (a new environment).
   * @default - the manifests folder, before this synth replaces it
   */
  readonly previousDir?: string;
}

/** Options of {@link synthPlatform}. */
export interface SynthPlatformOptions extends SynthManifestsOptions {
  /**
   * Folder of the Terraform (cdktf's outdir).
   * @default 'cdktf.out'
   */
  readonly terraformDir?: string;
}

export { GUARDRAIL_REPORT_FILE, GUARDRAIL_SARIF_FILE } from './report-files';

/** What {@link synthManifests} wrote. */
export interface SynthManifestsResult {
  /** The folder the manifests were written to. */
  readonly manifestsDir: string;
  /** The environments written, one folder each. */
  readonly environments: string[];
  /** The clusters written, one folder each under `clusters/`. */
  readonly clusters: string[];
  /** Number of Kubernetes objects, over all environments and clusters. */
  readonly objects: number;
  /** What the guardrails found (also written to `<manifestsDir>/guardrails.json` and, as SARIF 2.1.0, `guardrails.sarif`). */
  readonly report: GuardrailReport;
}

/** What {@link synthPlatform} wrote. */
export interface SynthPlatformResult extends SynthManifestsResult {
  /** The folder the Terraform was written to (`cdktf.out` unless set). */
  readonly terraformDir: string;
}

/**
 * Runs both synthesizers for a platform and replaces the previous output only when both succeeded: the definition is
 * validated first, everything is written to a staging folder beside the outputs, and the folders are swapped in at
 * the end. A failure at any step leaves `dist/` and `cdktf.out/` exactly as they were.
 *
 * Before the swap, the guardrails check both outputs: the report is written to `<manifestsDir>/guardrails.json`, and
 * errors (violations in protected environments that no exception accepts, schema, Terraform and reachability errors)
 * stop the synth with the previous output untouched.
 *
 * @throws PlatformValidationError when the definition or a guardrail exception is invalid (nothing is written)
 * @throws GuardrailError when the guardrails find errors (nothing is swapped in)
 */
export function synthPlatform(options: SynthPlatformOptions): SynthPlatformResult {
  const terraformDir = path.resolve(options.terraformDir ?? 'cdktf.out');
  return { ...synthOutputs(options, terraformDir), terraformDir };
}

/**
 * The manifests half of {@link synthPlatform}, for `cdk8s synth`: validates the definition, renders the manifests to
 * a staging folder, runs the guardrails over them (everything but the Terraform checks), and swaps them in only when
 * they pass. A failure at any step leaves `dist/` exactly as it was; the Terraform output is not touched.
 *
 * @throws PlatformValidationError when the definition or a guardrail exception is invalid (nothing is written)
 * @throws GuardrailError when the guardrails find errors (nothing is swapped in)
 */
export function synthManifests(options: SynthManifestsOptions): SynthManifestsResult {
  return synthOutputs(options, undefined);
}

/** Both outputs, or the manifests alone when `terraformDir` is undefined: staged, checked, then swapped in. */
function synthOutputs(options: SynthManifestsOptions, terraformDir: string | undefined): SynthManifestsResult {
  const manifestsDir = path.resolve(options.manifestsDir ?? 'dist');
  const platform = resolvePlatform(options.definition);
  checkExceptions(platform);
  const previousDir = options.previousDir !== undefined ? path.resolve(options.previousDir) : manifestsDir;
  if (options.previousDir !== undefined && !fs.statSync(previousDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new PlatformValidationError([{
      subject: 'synth', path: 'previousDir', value: options.previousDir,
      allowed: 'not a folder; give the folder holding the previous output (<environment>/*.k8s.yaml), e.g. the last deploy\'s dist/ or a GitOps repository\'s rendered branch',
    }]);
  }

  // Staging beside the outputs, on the same file system, so the final renames are atomic per folder.
  fs.mkdirSync(path.dirname(manifestsDir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(manifestsDir), '.synth-staging-'));
  try {
    const stagedManifests = path.join(staging, 'manifests');
    const stagedTerraform = path.join(staging, 'terraform');
    const charts = new PlatformCharts({ platform, outdir: stagedManifests });
    charts.synth();
    if (terraformDir !== undefined) {
      const app = new App({ outdir: stagedTerraform });
      addPlatformStacks(app, charts);
      app.synth();
    }
    const outputs = outputsOfCharts(charts);
    // What one apply cannot make as written (an immutable claim template, a count an autoscaler takes over), against
    // the output being replaced: refused with the procedure, before anything is swapped in (lib/app/workload-changes.ts).
    const changes = Object.entries(outputs.environments)
      .flatMap(([environment, rendered]) => checkWorkloadChanges(environment, previousObjects(previousDir, environment), rendered));
    if (changes.length > 0) {
      throw new PlatformValidationError(changes);
    }
    const objects = [...Object.values(outputs.environments), ...Object.values(outputs.clusters)].reduce((n, list) => n + list.length, 0);
    const report = checkPlatform(platform, {
      ...outputs,
      terraform: terraformDir !== undefined ? readStacks(stagedTerraform) : undefined,
      crds: options.crds,
    });
    // Written with the manifests and swapped in with them: a failed synth leaves the previous report too.
    writeReportFiles(report, { manifestsDir: stagedManifests, finalManifestsDir: manifestsDir, finalTerraformDir: terraformDir });
    if (report.failed) {
      throw new GuardrailError(report);
    }

    swapIn(stagedManifests, manifestsDir, path.join(staging, 'previous-manifests'));
    if (terraformDir !== undefined) {
      try {
        swapIn(stagedTerraform, terraformDir, path.join(staging, 'previous-terraform'));
      } catch (error) {
        // Put the previous manifests back so the two outputs never disagree.
        fs.rmSync(manifestsDir, { recursive: true, force: true });
        if (fs.existsSync(path.join(staging, 'previous-manifests'))) fs.renameSync(path.join(staging, 'previous-manifests'), manifestsDir);
        throw error;
      }
    }
    return {
      manifestsDir,
      environments: platform.environments.map((e) => e.name),
      clusters: platform.clusters.map((c) => c.name),
      objects,
      report,
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The objects of an environment's previous output (`<previousDir>/<environment>/*.k8s.yaml`); none when there is none. */
function previousObjects(previousDir: string, environment: string): any[] {
  const folder = path.join(previousDir, environment);
  if (!fs.existsSync(folder)) {
    return [];
  }
  return fs.readdirSync(folder).filter((file) => file.endsWith('.k8s.yaml')).sort()
    .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(folder, file), 'utf8')).map((doc) => doc.toJS()))
    .filter((object) => object !== null && typeof object === 'object');
}

/** Moves `staged` to `target`, keeping the previous `target` at `previous` until the caller's staging is removed. */
function swapIn(staged: string, target: string, previous: string): void {
  if (fs.existsSync(target)) {
    fs.renameSync(target, previous);
  }
  try {
    fs.renameSync(staged, target);
  } catch (error) {
    if (fs.existsSync(previous)) fs.renameSync(previous, target);
    throw error;
  }
}

/**
 * Refuses malformed exceptions (unknown rule, bad object reference, no reason, repeats) and severity settings (unknown
 * rule or level, a warning where none is allowed) before anything is rendered.
 */
function checkExceptions(platform: Platform): void {
  const acceptable = RULES.filter((rule) => rule.acceptable !== false).map((rule) => rule.id);
  const checks = [...RULES, ...PLATFORM_CHECKS];
  const issues = [
    ...platform.environments.flatMap((env) => [
      ...validateExceptions(`environment "${env.name}"`, env.guardrails.exceptions, acceptable),
      ...validateSeverity(`environment "${env.name}"`, env.guardrails.severity, checks, env.protected),
    ]),
    ...platform.clusters.flatMap((cluster) => [
      ...validateExceptions(`cluster "${cluster.name}"`, cluster.guardrails.exceptions, acceptable),
      ...validateSeverity(`cluster "${cluster.name}"`, cluster.guardrails.severity, checks, cluster.hostsProtected),
    ]),
  ];
  if (issues.length > 0) {
    throw new PlatformValidationError(issues);
  }
}

/** The synthesized Terraform of every stack, by stack name. */
export function readStacks(terraformDir: string): { [stack: string]: unknown } {
  const stacks = path.join(terraformDir, 'stacks');
  return Object.fromEntries(fs.readdirSync(stacks).sort()
    .map((stack) => [stack, JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8'))]));
}
