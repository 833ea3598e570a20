import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, AppConfig } from 'cdktf';
import {
  addPlatformStacks, GuardrailError, PlatformCharts, PlatformDefinition, PreviewVariables, previewFromEnvironment, resolvePlatform, withPreview,
} from '../lib';
import { checkPlatform, outputsOfCharts } from '../lib/platform/check-platform';
import { failureText } from '../lib/platform/failure-text';
import { loadPlatformDefinition } from '../lib/platform/load-definition';
import { readStacks } from '../lib/platform/synth-platform';

/** The reference platform's definition folder. */
export const ENVIRONMENTS_DIR = path.resolve(__dirname, '..', 'environments');

/** Options of {@link referenceDefinition}. */
export interface ReferenceDefinitionOptions {
  /**
   * The time a preview's expiry is compared with: an expiry that has passed is refused.
   * @default - the clock
   */
  readonly now?: Date;
}

/**
 * The reference platform's definition, loaded from environments/ (a file that does not compile or throws, a misspelt
 * export and an environment file index.ts does not list are refused, naming the file), plus the preview environment
 * `PREVIEW_ID` selects (with its expiry from `PREVIEW_EXPIRES`, computed by the pipeline from its clock, also when it
 * destroys the preview), so CI selects a preview without editing files.
 *
 * @throws DefinitionLoadError when environments/ cannot be loaded
 * @throws DeliveryError when the preview variables are malformed or missing, or the expiry has passed
 */
export function referenceDefinition(vars: PreviewVariables = process.env, options: ReferenceDefinitionOptions = {}): PlatformDefinition {
  const definition = loadPlatformDefinition(ENVIRONMENTS_DIR);
  const preview = previewFromEnvironment(vars, options.now ?? new Date(), definition.previews);
  return preview ? withPreview(definition, preview) : definition;
}

/** The reference platform's charts, as the cdk8s and cdktf entry points both build them. */
export function referenceCharts(outdir?: string): PlatformCharts {
  return new PlatformCharts({ platform: resolvePlatform(referenceDefinition()), outdir });
}

/**
 * The folder of what was last applied, which `npm run synth` and `cdk8s synth` check the changes one apply cannot make
 * against (`PLATFORM_PREVIOUS_OUTPUT`, e.g. the last deploy's manifests downloaded into a fresh CI checkout); unset,
 * the manifests folder before the synth replaces it.
 */
export function previousOutput(vars: NodeJS.ProcessEnv = process.env): string | undefined {
  return vars.PLATFORM_PREVIOUS_OUTPUT || undefined;
}

/**
 * Whether the stacks are built for work on a laptop (`PLATFORM_LAPTOP=1`), which lets an environment keep local state.
 * Refused where `CI` is set (GitHub Actions, GitLab CI, CircleCI, Buildkite and Jenkins' plugins set it): a pipeline
 * never deploys a laptop build.
 *
 * @throws Error when both `PLATFORM_LAPTOP` and `CI` are set
 */
export function laptopBuild(vars: NodeJS.ProcessEnv = process.env): boolean {
  const laptop = vars.PLATFORM_LAPTOP === '1' || vars.PLATFORM_LAPTOP === 'true';
  if (laptop && vars.CI && vars.CI !== 'false') {
    throw new Error('PLATFORM_LAPTOP is set in CI (CI is set): a pipeline deploys every stack with shared, locked state; unset PLATFORM_LAPTOP');
  }
  return laptop;
}

/**
 * What `cdktf synth` / `cdktf deploy` run: the platform's stacks, checked by the guardrails `npm run synth` runs
 * (synthPlatform's checkPlatform) over the same objects and the Terraform just written, so the deploy path refuses
 * exactly what `npm run synth` refuses.
 *
 * The stacks are written to a staging folder beside the outdir and moved in, file by file, only when the guardrails
 * pass: a failed synth leaves the previous stacks exactly as they were, and the cdktf CLI, which runs this as its app,
 * stops on the failure (it deploys nothing). Files the synth does not write (Terraform's `.terraform/` and lock file
 * in a stack's folder, a saved plan) stay where they are.
 *
 * @param config the cdktf App's settings; its `outdir` (default: cdktf's, `CDKTF_OUTDIR` or `cdktf.out`) is where the
 * stacks land
 * @throws GuardrailError when the guardrails find errors (nothing is written)
 */
export function synthTerraform(charts: PlatformCharts, laptop: boolean, config: AppConfig = {}): void {
  const outdir = path.resolve(config.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  // Beside the outdir, on the same file system, so each file's move is a rename.
  const staging = fs.mkdtempSync(path.join(path.dirname(outdir), '.cdktf-staging-'));
  try {
    const app = new App({ ...config, outdir: staging });
    addPlatformStacks(app, charts, { laptop });
    app.synth();
    const report = checkPlatform(charts.platform, { ...outputsOfCharts(charts), terraform: readStacks(staging) });
    if (report.failed) {
      throw new GuardrailError(report);
    }
    moveFiles(staging, outdir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Moves every file under `from` to the same place under `to`, replacing what is there and leaving every other file. */
function moveFiles(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      moveFiles(source, target);
    } else {
      fs.renameSync(source, target);
    }
  }
}

/**
 * Runs an entry point: any failure is printed as its message alone (no stack trace unless `DEBUG` is set; a guardrail
 * failure with its whole report first) and the process exits with 1. Nothing is written: the synthesizers stage their
 * output and swap it in only at the end.
 */
export function run(main: () => void): void {
  try {
    main();
  } catch (error) {
    process.stderr.write(failureText(error, { debug: Boolean(process.env.DEBUG), prefix: 'synth failed: ' }));
    process.exitCode = 1;
  }
}
