/**
 * The guardrail report's files beside the manifests: `guardrails.json` (every violation, for tools and people) and
 * `guardrails.sarif` (SARIF 2.1.0, for code-scanning views), each result located at the object's line in the manifest
 * that holds it, or at the Terraform stack's `cdk.tf.json`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { objectKey } from '../core/manifest';
import { GuardrailReport } from '../guardrails/guardrail-report';
import { toSarif } from '../guardrails/sarif';
import { CLUSTER_TARGET_PREFIX } from '../guardrails/target';
import { Violation } from '../guardrails/violation';
import { CLUSTERS_DIR } from './platform-charts';

/** Name of the guardrail report (JSON) in the manifests folder. */
export const GUARDRAIL_REPORT_FILE = 'guardrails.json';

/** Name of the guardrail report as SARIF 2.1.0 in the manifests folder. */
export const GUARDRAIL_SARIF_FILE = 'guardrails.sarif';

/** Where the report files are written and how their paths are named. */
export interface ReportFilesOptions {
  /** The folder the manifests are in now (a staging folder, before the swap). */
  readonly manifestsDir: string;
  /** The folder the manifests end up in, as SARIF names it (relative to the working directory when inside it). */
  readonly finalManifestsDir: string;
  /**
   * The folder the Terraform ends up in (cdktf's outdir), as SARIF names it.
   * @default - Terraform results are located by their stack's manifests folder
   */
  readonly finalTerraformDir?: string;
  /**
   * The folder paths in the SARIF log are relative to.
   * @default - the working directory
   */
  readonly cwd?: string;
}

/** Writes `guardrails.json` and `guardrails.sarif` into the (staged) manifests folder. */
export function writeReportFiles(report: GuardrailReport, options: ReportFilesOptions): void {
  fs.writeFileSync(path.join(options.manifestsDir, GUARDRAIL_REPORT_FILE), `${JSON.stringify(report.toJson(), null, 2)}\n`);
  const cwd = options.cwd ?? process.cwd();
  const shown = (dir: string) => {
    const relative = path.relative(cwd, dir);
    return relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(dir) : relative;
  };
  const uri = (...parts: string[]) => path.join(...parts).split(path.sep).join('/');
  const manifests = shown(options.finalManifestsDir);
  const located = locateObjects(options.manifestsDir, report.violations);
  const terraform = options.finalTerraformDir !== undefined ? shown(options.finalTerraformDir) : undefined;
  const sarif = toSarif(report, {
    locate: (v) => {
      const found = located.get(`${v.environment} ${v.object}`);
      if (found) return { uri: uri(manifests, found.file), startLine: found.line };
      // A Terraform violation names its stack and a resource address.
      return terraform !== undefined && !v.object.includes('/') ? { uri: uri(terraform, 'stacks', v.environment, 'cdk.tf.json') } : undefined;
    },
    fallback: (v) => {
      const file = firstFileOf(options.manifestsDir, folderOf(v));
      return file !== undefined ? { uri: uri(manifests, folderOf(v), file) } : undefined;
    },
  });
  fs.writeFileSync(path.join(options.manifestsDir, GUARDRAIL_SARIF_FILE), `${JSON.stringify(sarif, null, 2)}\n`);
}

/** The manifests folder of a violation's target: `<environment>` or `clusters/<cluster>`. */
function folderOf(v: Violation): string {
  return v.environment.startsWith(CLUSTER_TARGET_PREFIX) ? path.join(CLUSTERS_DIR, v.environment.slice(CLUSTER_TARGET_PREFIX.length)) : v.environment;
}

function firstFileOf(root: string, folder: string): string | undefined {
  const dir = path.join(root, folder);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()[0] : undefined;
}

/**
 * The objects the violations name, by `<target> <object key>`: their file (relative to the folder) and first line. Only
 * the files of a violation's target that mention the name of one of its objects are parsed (parsing every file took
 * 1.8 of 13.7 s of the whole synth at 4x200 apps).
 */
function locateObjects(manifestsDir: string, violations: readonly Violation[]): Map<string, { file: string; line: number }> {
  const out = new Map<string, { file: string; line: number }>();
  const names = new Map<string, Set<string>>();
  for (const v of violations) {
    const name = v.object.split('/').pop();
    if (name !== undefined && name !== '') names.set(v.environment, (names.get(v.environment) ?? new Set()).add(name));
  }
  const folders = fs.readdirSync(manifestsDir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== CLUSTERS_DIR)
    .map((e) => ({ target: e.name, folder: e.name }));
  const clustersDir = path.join(manifestsDir, CLUSTERS_DIR);
  if (fs.existsSync(clustersDir)) {
    folders.push(...fs.readdirSync(clustersDir).map((name) => ({ target: `${CLUSTER_TARGET_PREFIX}${name}`, folder: path.join(CLUSTERS_DIR, name) })));
  }
  for (const { target, folder } of folders) {
    const wanted = names.get(target);
    if (wanted === undefined) continue;
    for (const file of fs.readdirSync(path.join(manifestsDir, folder)).filter((f) => f.endsWith('.k8s.yaml')).sort()) {
      const text = fs.readFileSync(path.join(manifestsDir, folder, file), 'utf8');
      if (![...wanted].some((name) => text.includes(name))) continue;
      // Line numbers by counting newlines forward from the previous document, not from the start each time.
      let line = 1;
      let counted = 0;
      for (const doc of parseAllDocuments(text)) {
        const object = doc.toJS();
        if (object === null || typeof object !== 'object' || !doc.contents?.range) continue;
        const start = doc.contents.range[0];
        for (let i = counted; i < start; i++) if (text.charCodeAt(i) === 10) line++;
        counted = start;
        out.set(`${target} ${objectKey(object)}`, { file: path.join(folder, file), line });
      }
    }
  }
  return out;
}
