/**
 * What loads what at run time, checked by `npm run lint` with dependency-cruiser (docs/architecture.md). Only imports
 * that survive TypeScript compilation count here: `import type` loads nothing.
 *
 * Definitions, schemas, resolution and models never load cdk8s, cdktf, constructs or the Terraform provider bindings,
 * not even through another file; nor do `environments/` (the organisation's data) and `lib/definitions.ts`, so that
 * reading a definition (the CLI, promotion, a test of the data) costs no renderer.
 */
/**
 * Files that hold definitions, schemas, resolution or models; the release strategies (lib/app/release/) and the state
 * backends (lib/environment/state-backends/) are each all of these at once.
 */
const MODEL_FILES = '^lib/(core/.+|app/release/.+|environment/state-backends/.+|[^/]+/([^/]+-(types|schema|model|defaults|definition|names)|resolve-[^/]+|roles))[.]ts$';
// Not anchored at the start: where node_modules is a symlink (a git worktree), modules resolve to its real path.
const RENDERERS = '(^|/)node_modules/(cdk8s|cdk8s-plus-27|cdktf|constructs|@cdktf/provider-kubernetes)/';

module.exports = {
  forbidden: [
    {
      name: 'models-load-no-renderer',
      comment: 'Definitions, schemas, resolution and models never load cdk8s, cdktf, constructs or the provider, not even through another file',
      severity: 'error',
      from: { path: MODEL_FILES },
      to: { path: RENDERERS, reachable: true },
    },
    {
      name: 'definitions-load-no-renderer',
      comment: 'environments/ and lib/definitions.ts are data: loading them never loads cdk8s, cdktf, constructs or the provider',
      severity: 'error',
      from: { path: '^(environments/|lib/definitions\\.ts$)' },
      to: { path: RENDERERS, reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    // No tsConfig: with one (and no baseUrl), dependency-cruiser 17 resolves `import 'cdktf'` to ./cdktf.json, and the
    // rules above never saw cdktf. Plain node resolution is what run time does anyway.
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    exclude: { path: '^(imports|node_modules|dist|cdktf[.]out)/' },
  },
};
