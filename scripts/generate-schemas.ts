/**
 * Generates `schemas/`, the schema data the guardrails validate rendered objects with, from the shared data folder
 * (`../shared` beside the project, or the folder given as first argument or as `SHARED_DIR`):
 *
 * - `schemas/kubernetes/v1.<minor>.json`: the Kubernetes API definitions of each minor (cdk8s-team/cdk8s
 *   `kubernetes-schemas/v1.<minor>.0/_definitions.json`), one definition a line, without the `description` texts;
 * - `schemas/crds/<source>/<group>_<plural>.json`: each CustomResourceDefinition (Cluster API, Gateway API), reduced
 *   to what validation needs (group, names, scope, and each version's name, served, storage and openAPIV3Schema),
 *   without descriptions;
 * - the licences and a README naming where each file comes from.
 *
 * Descriptions are documentation, not constraints: dropping them shrinks the data about five times (1.3–1.5 MB to
 * about 0.3 MB per minor) and changes no validation result. Every definition is kept, not only those of the kinds the
 * platform renders: an object's API being absent from a minor is how a removed API is recognised.
 *
 * The output is a pure function of the input (key order as upstream, fixed formatting), so regenerating gives the
 * same bytes; `test/scripts/generate-schemas.test.ts` checks it where the shared folder exists.
 *
 * Usage: `npm run generate:schemas [-- <shared-dir>]`
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The sources of CRDs, as folders of `<shared>/crds/`. */
export const CRD_SOURCES = ['cluster-api', 'gateway-api'];

/** Where the generated data goes: `schemas/` at the project's root. */
export const SCHEMAS_DIR = path.resolve(__dirname, '../schemas');

/** The shared data folder: the argument, `SHARED_DIR`, or `../shared` beside the project. */
export function sharedDir(argument?: string): string {
  return path.resolve(argument ?? process.env.SHARED_DIR ?? path.resolve(__dirname, '../../shared'));
}

/** The files to write, by path relative to the output folder, with their exact contents. */
export function generateSchemas(shared: string): Map<string, string> {
  const files = new Map<string, string>();
  const k8s = path.join(shared, 'kubernetes-schemas');
  if (!fs.existsSync(k8s)) {
    throw new Error(`no Kubernetes schemas in ${k8s}; pass the shared data folder as argument or SHARED_DIR`);
  }
  const minors: string[] = [];
  for (const dir of fs.readdirSync(k8s).filter((d) => /^v1\.\d+\.0$/.test(d)).sort(byVersion)) {
    const minor = dir.replace(/\.0$/, '');
    const { definitions } = JSON.parse(fs.readFileSync(path.join(k8s, dir, '_definitions.json'), 'utf8'));
    files.set(`kubernetes/${minor}.json`, linePerKey(stripDescriptions(definitions)));
    minors.push(minor);
  }
  files.set('kubernetes/LICENSE', fs.readFileSync(path.join(k8s, 'LICENSE'), 'utf8'));

  const crdFiles: string[] = [];
  for (const source of CRD_SOURCES) {
    const dir = path.join(shared, 'crds', source);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        const name = `crds/${source}/${crd.spec.group}_${crd.spec.names.plural}.json`;
        files.set(name, `${JSON.stringify(reduceCrd(crd))}\n`);
        crdFiles.push(name);
      }
    }
    // Cluster API ships its Apache-2.0 licence at the root of its repository, not beside the CRDs: the same text as
    // Gateway API's (both kubernetes-sigs projects), carried with each source's data.
    const licence = [path.join(dir, 'LICENSE'), path.join(shared, 'crds', 'gateway-api', 'LICENSE')].find((f) => fs.existsSync(f));
    if (licence) files.set(`crds/${source}/LICENSE`, fs.readFileSync(licence, 'utf8'));
  }
  files.set('README.md', readme(shared, minors, crdFiles));
  return files;
}

/** Writes the generated files into `out`, replacing what was there. */
export function writeSchemas(files: Map<string, string>, out: string = SCHEMAS_DIR): void {
  fs.rmSync(out, { recursive: true, force: true });
  for (const [name, content] of files) {
    fs.mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
    fs.writeFileSync(path.join(out, name), content);
  }
}

/** `v1.9.0` before `v1.33.0`. */
function byVersion(a: string, b: string): number {
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}

/** The schema without `description` texts; property names (which may be `description`) are kept. */
function stripDescriptions(schema: any): any {
  if (Array.isArray(schema)) return schema.map(stripDescriptions);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'description').map(([key, value]) => [key, key === 'properties'
    ? Object.fromEntries(Object.entries(value as object).map(([name, inner]) => [name, stripDescriptions(inner)]))
    : stripDescriptions(value)]));
}

/** A CRD with only what validation needs. */
function reduceCrd(crd: any): any {
  return {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    metadata: { name: crd.metadata.name },
    spec: {
      group: crd.spec.group,
      names: { kind: crd.spec.names.kind, plural: crd.spec.names.plural },
      scope: crd.spec.scope,
      versions: crd.spec.versions.map((v: any) => ({
        name: v.name,
        served: v.served,
        storage: v.storage,
        ...(v.deprecated ? { deprecated: true } : {}),
        schema: { openAPIV3Schema: stripDescriptions(v.schema?.openAPIV3Schema ?? {}) },
      })),
    },
  };
}

/** An object as JSON with one top-level entry a line: compact, yet a change between versions shows as a line. */
function linePerKey(object: { [key: string]: unknown }): string {
  const lines = Object.entries(object).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

function readme(shared: string, minors: string[], crdFiles: string[]): string {
  // The first paragraph of a shared folder's README names the source, licence and commit: quoted as it is.
  const provenance = (folder: string) => fs.readFileSync(path.join(shared, folder, 'README.md'), 'utf8').split(/\n\s*\n/)
    .find((p) => !p.startsWith('#'))!.split('\n').map((line) => `> ${line}`);
  return [
    '# Schema data (generated)',
    '',
    'Generated by `scripts/generate-schemas.ts` (`npm run generate:schemas`); do not edit. The guardrails validate every',
    'rendered object against these schemas: Kubernetes objects against the definitions of their cluster\'s minor version,',
    'custom resources against their CustomResourceDefinition. `description` texts are dropped; nothing else is changed.',
    '',
    '## Sources and licences',
    '',
    `\`kubernetes/\` (${minors.join(', ')}), Apache-2.0 (\`kubernetes/LICENSE\`):`,
    '',
    ...provenance('kubernetes-schemas'),
    '',
    ...CRD_SOURCES.flatMap((source) => [`\`crds/${source}/\`, Apache-2.0 (\`crds/${source}/LICENSE\`):`, '', ...provenance(`crds/${source}`), '']),
    '## Files',
    '',
    ...minors.map((m) => `- \`kubernetes/${m}.json\``),
    ...crdFiles.map((f) => `- \`${f}\``),
    '',
  ].join('\n');
}

if (require.main === module) {
  const shared = sharedDir(process.argv[2]);
  const files = generateSchemas(shared);
  writeSchemas(files);
  process.stdout.write(`wrote ${files.size} files from ${shared} to ${path.relative(process.cwd(), SCHEMAS_DIR) || '.'}\n`);
}
