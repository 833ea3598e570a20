/**
 * The import rules of lib/ (docs/architecture.md), checked by `npm run lint` with dependency-cruiser.
 *
 * Folders form layers; a folder imports only from the layers before it in LAYERS, so no import cycle can run between
 * folders. No cycle between files either (type-only imports included: they are part of the design too), and private
 * helpers (`_name.ts`) are imported only from their own folder. What loads what at run time (definitions and models
 * load no renderer) is checked by .dependency-cruiser-loads.cjs, which sees only the imports that survive compilation.
 *
 * test/lint/ holds fixtures that break each rule; test/lint/architecture.test.ts checks that the rules reject them.
 */
/** lib/'s folders, lowest first: each may import the ones before it, never one after it. */
const LAYERS = ['core', 'cluster', 'app', 'environment', 'terraform', 'guardrails', 'platform', 'delivery'];

const layerRules = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `lib/${layer}/ imports only ${i === 0 ? 'nothing else in lib/' : `lib/${LAYERS.slice(0, i).join(', lib/')}`} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^lib/${layer}/` },
  to: { path: `^lib/(${[...LAYERS.slice(i + 1), 'index\\.ts', 'definitions\\.ts'].join('|')})` },
}));

module.exports = {

  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between files of lib/, type-only imports included',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'private-helpers-stay-home',
      comment: 'A private helper (_name.ts) is imported only from its own folder of lib/ (and that folder\'s subfolders)',
      severity: 'error',
      from: { path: '^lib/([^/]+)/' },
      to: { path: '^lib/.*/_[^/]+[.]ts$', pathNot: '^lib/$1/' },
    },
    {
      name: 'environments-import-definitions-only',
      comment: 'environments/ imports lib/definitions.ts (definition types and core), nothing else of lib/',
      severity: 'error',
      from: { path: '^environments/' },
      to: { path: '^lib/', pathNot: '^lib/definitions\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle of types is still a cycle in the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    exclude: { path: '^(imports|node_modules|dist|cdktf\\.out)/' },
  },
};
