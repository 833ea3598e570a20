/**
 * cdk8s entry point (`cdk8s synth`, app of cdk8s.yaml): the manifests half of `npm run synth`. The definition is
 * validated, the manifests are rendered to a staging folder and checked by the guardrails, and `dist/` is replaced
 * only when they pass, so an invalid definition leaves `dist/` as it was.
 *
 * cdk8s-cli deletes its output folder before it runs the app (cdk8s-cli lib/cli/cmds/synth.js, `fs.rmSync(outdir)`),
 * so cdk8s.yaml points the CLI at `.cdk8s.out`, not at `dist/`, and runs this app with `--cdk8s-cli`. The app then
 *  - writes what it prints to stderr: the CLI captures the app's stdout and never prints it (lib/util.js `shell`);
 *  - links the CLI's folder to `dist/` after a successful synth, so the CLI lists the files it wrote;
 *  - after a failure, when the CLI's folder is absent, exits 0 without creating it: the CLI then stops with exit code 1
 *    and one line ("ERROR: synthesis failed, app expected to create …", lib/util.js `synthApp`) instead of the stack
 *    trace it prints for an app that exits non-zero. Where the folder exists (`cdk8s synth --stdout`), it exits 1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GUARDRAIL_REPORT_FILE, KUBECONFIG_DIR, resolvePlatform, synthManifests, writeKubeconfigs } from '../lib';
import { previousOutput, referenceDefinition, run } from './_platform';

/** The argument cdk8s.yaml's `app` passes: run by cdk8s-cli, whose output folder is `CDK8S_OUTDIR`. */
const CDK8S_CLI_FLAG = '--cdk8s-cli';

const cliOutdir = process.argv.includes(CDK8S_CLI_FLAG) ? process.env.CDK8S_OUTDIR : undefined;
const out = cliOutdir !== undefined ? process.stderr : process.stdout;

run(() => {
  const definition = referenceDefinition();
  const result = synthManifests({ definition, previousDir: previousOutput() });
  writeKubeconfigs(resolvePlatform(definition), path.join(result.manifestsDir, KUBECONFIG_DIR));
  const rel = (dir: string) => path.relative(process.cwd(), dir) || '.';
  out.write(`${result.report.toSummary({ detailsFile: `${rel(result.manifestsDir)}/${GUARDRAIL_REPORT_FILE}` })}\n`
    + `synthesized ${result.environments.length} environments and ${result.clusters.length} clusters: ${result.objects} objects in `
    + `${rel(result.manifestsDir)}/<environment>/ and ${rel(result.manifestsDir)}/clusters/<cluster>/\n`);
  if (cliOutdir !== undefined) {
    linkOutdir(path.resolve(cliOutdir), result.manifestsDir);
  }
});

// The failure is printed already; cdk8s-cli reports it with exit code 1 and one line, since its folder is missing.
if (cliOutdir !== undefined && process.exitCode === 1 && !fs.existsSync(cliOutdir)) {
  process.exitCode = 0;
}

/**
 * Points the CLI's output folder at the manifests: a relative symbolic link (a junction on Windows). What is there
 * already may only be a link or the CLI's own empty temporary folder (`--stdout`); anything else is refused.
 */
function linkOutdir(outdir: string, manifestsDir: string): void {
  if (outdir === manifestsDir) return;
  const existing = fs.lstatSync(outdir, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) {
    fs.unlinkSync(outdir);
  } else if (existing?.isDirectory() && fs.readdirSync(outdir).length === 0) {
    fs.rmdirSync(outdir);
  } else if (existing) {
    throw new Error(`cdk8s-cli's output folder ${outdir} is not empty; point cdk8s.yaml \`output\` at a folder of its own, not at ${manifestsDir}`);
  }
  fs.symlinkSync(process.platform === 'win32' ? manifestsDir : path.relative(path.dirname(outdir), manifestsDir), outdir, 'junction');
}
