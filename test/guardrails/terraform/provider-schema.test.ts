/**
 * The provider's types and required arguments are data in lib/guardrails/terraform/_provider-schema.ts; this test
 * regenerates them from the installed @cdktf/provider-kubernetes and fails when they drift (print the new file with
 * `PRINT_PROVIDER_SCHEMA=1`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_DATA_SOURCES, PROVIDER_RESOURCES, PROVIDER_VERSION } from '../../../lib/guardrails/terraform/_provider-schema';

const ROOT = path.dirname(require.resolve('@cdktf/provider-kubernetes/package.json'));

/** Types and required top-level arguments, read from each submodule's generated code and typings. */
function fromPackage(): { resources: Record<string, string[]>; dataSources: Record<string, string[]> } {
  const out = { resources: {} as Record<string, string[]>, dataSources: {} as Record<string, string[]> };
  for (const dir of fs.readdirSync(path.join(ROOT, 'lib')).sort()) {
    const js = path.join(ROOT, 'lib', dir, 'index.js');
    if (dir === 'provider' || !fs.existsSync(js)) continue;
    const type = /tfResourceType = "([a-z0-9_]+)"/.exec(fs.readFileSync(js, 'utf8'))?.[1];
    if (!type) continue;
    const config = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{([\s\S]*?)\n\}/.exec(fs.readFileSync(path.join(ROOT, 'lib', dir, 'index.d.ts'), 'utf8'));
    // Required properties have no `?`; Terraform spells them in snake_case.
    const required = [...(config?.[1] ?? '').matchAll(/^\s+readonly (\w+): /gm)].map((m) => m[1].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    (dir.startsWith('data-') ? out.dataSources : out.resources)[type] = required;
  }
  return out;
}

test('the provider schema matches the installed provider', () => {
  const installed = fromPackage();
  if (process.env.PRINT_PROVIDER_SCHEMA) process.stdout.write(`${JSON.stringify(installed, null, 2)}\n`);
  expect(PROVIDER_VERSION).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  expect(PROVIDER_RESOURCES).toEqual(installed.resources);
  expect(PROVIDER_DATA_SOURCES).toEqual(installed.dataSources);
});

test('the types the platform uses are there, with what they require', () => {
  expect(PROVIDER_RESOURCES.kubernetes_manifest).toEqual(['manifest']);
  expect(PROVIDER_RESOURCES.kubernetes_namespace_v1).toEqual(['metadata']);
  expect(PROVIDER_DATA_SOURCES.kubernetes_resources).toEqual(['api_version', 'kind']);
});
