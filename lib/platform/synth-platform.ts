import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { resolvePlatform } from '../config/resolve';
import { PlatformDefinition } from '../config/types';
import { PlatformCharts } from './platform-charts';
import { addPlatformStacks } from './platform-stacks';

/** Options of {@link synthPlatform}. */
export interface SynthPlatformOptions {
  /** The platform definition. */
  readonly definition: PlatformDefinition;
  /**
   * Folder of the manifests.
   * @default 'dist'
   */
  readonly manifestsDir?: string;
  /**
   * Folder of the Terraform (cdktf's outdir).
   * @default 'cdktf.out'
   */
  readonly terraformDir?: string;
}

/** What {@link synthPlatform} wrote. */
export interface SynthPlatformResult {
  readonly manifestsDir: string;
  readonly terraformDir: string;
  readonly environments: string[];
  readonly clusters: string[];
  /** Number of Kubernetes objects, over all environments and clusters. */
  readonly objects: number;
}

/**
 * Runs both synthesizers for a platform and replaces the previous output only when both succeeded: the definition is
 * validated first, everything is written to a staging folder beside the outputs, and the folders are swapped in at
 * the end. A failure at any step leaves `dist/` and `cdktf.out/` exactly as they were.
 *
 * @throws PlatformValidationError when the definition is invalid (nothing is written)
 */
export function synthPlatform(options: SynthPlatformOptions): SynthPlatformResult {
  const manifestsDir = path.resolve(options.manifestsDir ?? 'dist');
  const terraformDir = path.resolve(options.terraformDir ?? 'cdktf.out');
  const platform = resolvePlatform(options.definition);

  // Staging beside the outputs, on the same file system, so the final renames are atomic per folder.
  const staging = fs.mkdtempSync(path.join(path.dirname(manifestsDir), '.synth-staging-'));
  try {
    const stagedManifests = path.join(staging, 'manifests');
    const stagedTerraform = path.join(staging, 'terraform');
    const charts = new PlatformCharts({ platform, outdir: stagedManifests });
    charts.synth();
    const app = new App({ outdir: stagedTerraform });
    addPlatformStacks(app, charts);
    app.synth();
    const objects = [...charts.environments, ...charts.clusters].reduce((n, o) => n + PlatformCharts.manifestsOf(o.app).length, 0);

    swapIn(stagedManifests, manifestsDir, path.join(staging, 'previous-manifests'));
    try {
      swapIn(stagedTerraform, terraformDir, path.join(staging, 'previous-terraform'));
    } catch (error) {
      // Put the previous manifests back so the two outputs never disagree.
      fs.rmSync(manifestsDir, { recursive: true, force: true });
      if (fs.existsSync(path.join(staging, 'previous-manifests'))) fs.renameSync(path.join(staging, 'previous-manifests'), manifestsDir);
      throw error;
    }
    return {
      manifestsDir,
      terraformDir,
      environments: platform.environments.map((e) => e.name),
      clusters: platform.clusters.map((c) => c.name),
      objects,
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
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
