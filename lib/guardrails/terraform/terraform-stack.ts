/**
 * Structure of a synthesised Terraform stack (`cdk.tf.json`), checked offline as far as the provider's schema is
 * known without downloading it: every resource and data source is a type the pinned provider has, carries the
 * arguments it requires, and every reference (`depends_on`, `${…}` and `%{…}` expressions, `provider`) resolves inside
 * the stack. What `terraform validate` would say, minus what needs the provider binary.
 */
import { unescapeTemplates } from '../../terraform/escape';
import { objectKey } from '../../core/manifest';
import { stableJson } from '../_objects';
import { CheckInfo } from '../rule';
import { Enforcement } from '../severity';
import { PROVIDER_DATA_SOURCES, PROVIDER_RESOURCES } from './_provider-schema';

/** Top-level blocks of Terraform's JSON syntax. */
const TOP_LEVEL = ['//', 'terraform', 'provider', 'resource', 'data', 'variable', 'output', 'locals', 'module', 'moved', 'import', 'check', 'removed'];
/** Types Terraform itself provides. */
const BUILT_IN_RESOURCES = ['terraform_data'];
const BUILT_IN_DATA_SOURCES = ['terraform_remote_state'];
/** Roots of references that need no declaration. */
const IMPLICIT_ROOTS = ['self', 'each', 'count', 'path', 'terraform'];

/** A structural problem of a stack. */
export interface TerraformIssue {
  /** Check id: one of {@link TERRAFORM_CHECKS}. */
  readonly check: string;
  /** Terraform address of the block (`kubernetes_manifest.deployment_api`, `provider.kubernetes`, `terraform`). */
  readonly address: string;
  readonly message: string;
  /** Construct path of the block, from cdktf's metadata. */
  readonly constructPath?: string;
}

/** Resource and data types exist in the pinned provider, and are the `*_v1` ones where the provider has them. */
export const TERRAFORM_TYPES: CheckInfo = {
  id: 'terraform-types',
  title: 'Terraform types exist in the pinned provider',
  rationale: '`terraform plan` refuses an unknown type; the unversioned Kubernetes resources are deprecated in favour of `*_v1`.',
  references: [],
  fix: 'Use a resource of @cdktf/provider-kubernetes 12.1.1, imported through lib/terraform/_provider.ts (the `*_v1` variant).',
  enforcement: Enforcement.ALWAYS,
  acceptable: false,
};

/** Blocks carry what Terraform and the provider require. */
export const TERRAFORM_STRUCTURE: CheckInfo = {
  id: 'terraform-structure',
  title: 'Terraform blocks are complete',
  rationale: 'A block without its required arguments, a manifest without apiVersion, kind or name, or two backends fail at plan time.',
  references: [],
  fix: 'Add the missing argument; a kubernetes_manifest holds a complete object (apiVersion, kind, metadata.name).',
  enforcement: Enforcement.ALWAYS,
  acceptable: false,
};

/** Every reference resolves inside the stack. */
export const TERRAFORM_REFERENCES: CheckInfo = {
  id: 'terraform-references',
  title: 'Terraform references resolve inside the stack',
  rationale: 'A dangling depends_on or `${…}` reference fails the plan; a reference into another stack cannot work, since stacks have separate state.',
  references: [],
  fix: 'Reference only variables, resources and data sources of the same stack; pass values between stacks as variables.',
  enforcement: Enforcement.ALWAYS,
  acceptable: false,
};

/** Terraform holds exactly the objects of the manifests, field for field. */
export const TERRAFORM_PARITY: CheckInfo = {
  id: 'terraform-parity',
  title: 'Terraform and manifests hold the same objects',
  rationale: 'Both outputs are applied (GitOps and CI); if they drift, whichever runs last silently wins.',
  references: [],
  fix: 'Render both outputs from the same charts (addPlatformStacks with PlatformCharts.manifestsOf); never edit one of them alone.',
  enforcement: Enforcement.ALWAYS,
  acceptable: false,
};

/** The checks on Terraform stacks. */
export const TERRAFORM_CHECKS: readonly CheckInfo[] = [TERRAFORM_TYPES, TERRAFORM_STRUCTURE, TERRAFORM_REFERENCES, TERRAFORM_PARITY];

/** Every structural problem of a synthesised stack; an empty list when it is sound. */
export function checkTerraformStack(stack: any): TerraformIssue[] {
  const issues: TerraformIssue[] = [];
  const issue = (check: CheckInfo, address: string, message: string, block?: any) =>
    issues.push({ check: check.id, address, message, constructPath: block?.['//']?.metadata?.path });

  for (const key of Object.keys(stack ?? {}).filter((k) => !TOP_LEVEL.includes(k))) {
    issue(TERRAFORM_STRUCTURE, key, `"${key}" is not a Terraform top-level block`);
  }
  const backends = Object.keys(stack?.terraform?.backend ?? {});
  if (backends.length > 1) {
    issue(TERRAFORM_STRUCTURE, 'terraform.backend', `declares ${backends.length} backends (${backends.join(', ')}); Terraform accepts one`);
  }

  const declared = declarations(stack);
  for (const { kind, type, name, block } of blocks(stack)) {
    const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
    const known = kind === 'data' ? { ...PROVIDER_DATA_SOURCES } : { ...PROVIDER_RESOURCES };
    const builtIn = (kind === 'data' ? BUILT_IN_DATA_SOURCES : BUILT_IN_RESOURCES).includes(type);
    if (!builtIn && !known[type]) {
      issue(TERRAFORM_TYPES, address, `${kind === 'data' ? 'data source' : 'resource'} type ${type} does not exist in the pinned provider`, block);
    } else if (!builtIn && !type.endsWith('_v1') && known[`${type}_v1`]) {
      issue(TERRAFORM_TYPES, address, `${type} is deprecated; use ${type}_v1`, block);
    }
    for (const argument of known[type] ?? []) {
      if (block?.[argument] === undefined) issue(TERRAFORM_STRUCTURE, address, `required argument "${argument}" is missing`, block);
    }
    for (const message of contentProblems(type, block)) issue(TERRAFORM_STRUCTURE, address, message, block);
    for (const dependency of block?.depends_on ?? []) {
      if (!resolves(String(dependency), declared)) {
        issue(TERRAFORM_REFERENCES, address, `depends_on refers to ${dependency}, which is not in the stack`, block);
      }
    }
    if (block?.provider !== undefined && !declared.has(`provider.${block.provider}`)) {
      issue(TERRAFORM_REFERENCES, address, `provider "${block.provider}" is not configured in the stack`, block);
    }
  }
  for (const { address, text, block } of strings(stack)) {
    for (const reference of referencesIn(text)) {
      if (!resolves(reference, declared)) {
        issue(TERRAFORM_REFERENCES, address, `\${${reference}} refers to ${describeReference(reference)}, which the stack does not declare`, block);
      }
    }
  }
  // One report per block and problem, however often the block repeats the reference.
  return issues.filter((a, i) => issues.findIndex((b) => b.address === a.address && b.message === a.message) === i);
}

/**
 * The Kubernetes objects a stack manages, as the provider sends them to the API server: typed namespaces turned back
 * into objects, manifests with Terraform's template escapes undone.
 */
export function objectsOfTerraformStack(stack: any): any[] {
  const namespaces = Object.values<any>(stack?.resource?.kubernetes_namespace_v1 ?? {}).map((ns) => {
    const metadata = Array.isArray(ns.metadata) ? ns.metadata[0] : ns.metadata;
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: metadata?.name,
        ...(metadata?.labels ? { labels: metadata.labels } : {}),
        ...(metadata?.annotations ? { annotations: metadata.annotations } : {}),
      },
    };
  });
  const manifests = Object.values<any>(stack?.resource?.kubernetes_manifest ?? {}).map((r) => unescapeTemplates(r.manifest));
  return [...namespaces, ...manifests];
}

/** Where the objects of a stack and of the manifests differ: missing on either side, or different fields. */
export function parityIssues(objects: readonly any[], stack: any): TerraformIssue[] {
  const inTerraform = new Map(objectsOfTerraformStack(stack).map((o) => [objectKey(o), o]));
  const inManifests = new Map(objects.map((o) => [objectKey(o), o]));
  const issues: TerraformIssue[] = [];
  for (const [key, object] of inManifests) {
    const other = inTerraform.get(key);
    if (!other) issues.push({ check: TERRAFORM_PARITY.id, address: key, message: `${key} is in the manifests but not in the Terraform` });
    else if (stableJson(other) !== stableJson(object)) {
      issues.push({ check: TERRAFORM_PARITY.id, address: key, message: `${key} differs between the manifests and the Terraform` });
    }
  }
  for (const key of inTerraform.keys()) {
    if (!inManifests.has(key)) issues.push({ check: TERRAFORM_PARITY.id, address: key, message: `${key} is in the Terraform but not in the manifests` });
  }
  return issues;
}

/** What a typed block must hold beyond its required arguments. */
function contentProblems(type: string, block: any): string[] {
  if (type === 'kubernetes_manifest') {
    const manifest = block?.manifest;
    return ['apiVersion', 'kind'].filter((f) => typeof manifest?.[f] !== 'string' || manifest[f] === '')
      .map((f) => `manifest.${f} is missing`)
      .concat(typeof manifest?.metadata?.name === 'string' && manifest.metadata.name !== '' ? [] : ['manifest.metadata.name is missing']);
  }
  if (/^kubernetes_.*_v1$/.test(type) && block?.metadata !== undefined) {
    const metadata = Array.isArray(block.metadata) ? block.metadata[0] : block.metadata;
    return metadata?.name || metadata?.generate_name ? [] : ['metadata.name (or metadata.generate_name) is missing'];
  }
  return [];
}

/** Every resource and data block. */
function blocks(stack: any): Array<{ kind: 'resource' | 'data'; type: string; name: string; block: any }> {
  return (['resource', 'data'] as const).flatMap((kind) => Object.entries<any>(stack?.[kind] ?? {})
    .flatMap(([type, byName]) => Object.entries<any>(byName ?? {}).map(([name, block]) => ({ kind, type, name, block }))));
}

/** What a reference may resolve to: `var.x`, `local.x`, `module.x`, `data.t.n`, `t.n`, `provider.p` / `provider.p.alias`. */
function declarations(stack: any): Set<string> {
  const out = new Set<string>();
  Object.keys(stack?.variable ?? {}).forEach((n) => out.add(`var.${n}`));
  Object.keys(stack?.module ?? {}).forEach((n) => out.add(`module.${n}`));
  const locals = Array.isArray(stack?.locals) ? stack.locals : [stack?.locals ?? {}];
  locals.forEach((l: any) => Object.keys(l ?? {}).forEach((n) => out.add(`local.${n}`)));
  blocks(stack).forEach(({ kind, type, name }) => out.add(kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`));
  for (const [name, configs] of Object.entries<any>(stack?.provider ?? {})) {
    out.add(`provider.${name}`);
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      if (config?.alias) out.add(`provider.${name}.${config.alias}`);
    }
  }
  return out;
}

/** Whether a reference (`var.x`, `data.t.n.attr`, `t.n.attr[0]`, `module.m.out`) resolves to a declaration. */
function resolves(reference: string, declared: Set<string>): boolean {
  const parts = reference.replace(/\[[^\]]*\]/g, '').split('.');
  if (IMPLICIT_ROOTS.includes(parts[0])) return true;
  const depth = parts[0] === 'data' ? 3 : 2;
  return parts.length >= depth && declared.has(parts.slice(0, depth).join('.'));
}

function describeReference(reference: string): string {
  const parts = reference.split('.');
  switch (parts[0]) {
    case 'var': return `variable "${parts[1]}"`;
    case 'local': return `local "${parts[1]}"`;
    case 'module': return `module "${parts[1]}"`;
    case 'data': return `data source ${parts[1]}.${parts[2]}`;
    default: return `resource ${parts[0]}.${parts[1]}`;
  }
}

/** Every string of the blocks that Terraform evaluates, with the address of its block. */
function strings(stack: any): Array<{ address: string; text: string; block: any }> {
  const out: Array<{ address: string; text: string; block: any }> = [];
  const walk = (value: unknown, address: string, block: any): void => {
    if (typeof value === 'string') out.push({ address, text: value, block });
    else if (Array.isArray(value)) value.forEach((v) => walk(v, address, block));
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        // cdktf's own metadata ("//") is not evaluated.
        if (key !== '//') walk(inner, address, block);
      }
    }
  };
  for (const { kind, type, name, block } of blocks(stack)) walk(block, kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`, block);
  for (const [name, configs] of Object.entries<any>(stack?.provider ?? {})) walk(configs, `provider.${name}`, undefined);
  for (const [name, output] of Object.entries<any>(stack?.output ?? {})) walk(output, `output.${name}`, output);
  walk(stack?.locals, 'locals', undefined);
  walk(stack?.module, 'module', undefined);
  return out;
}

/**
 * The references in the template sequences of a string: `${…}` and `%{…}`, not their escaped forms `$${` and `%%{`.
 * Template sequences inside an expression's string literals count too; function names and keywords are not references.
 */
export function referencesIn(text: string): string[] {
  const references: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if ((text[i] !== '$' && text[i] !== '%') || text[i + 1] !== '{') continue;
    if (i > 0 && text[i - 1] === text[i]) continue; // $${ and %%{ are literal text
    const end = closingBrace(text, i + 2);
    // String literals are not traversals, but may hold template sequences of their own ("${local.name}-suffix").
    const literals: string[] = [];
    const expression = text.slice(i + 2, end).replace(/"(?:[^"\\]|\\.)*"/g, (literal) => {
      literals.push(literal.slice(1, -1));
      return '""';
    });
    // A traversal that does not continue another (after . or ]) and is not a function call.
    for (const match of expression.matchAll(/(?<![\w.\]-])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\]]*\])+)(?!\s*\()/g)) {
      const [reference, root] = match;
      // Resource types always hold an underscore; other roots without one are loop variables (for x in …).
      if (['var', 'local', 'module', 'data', ...IMPLICIT_ROOTS].includes(root) || root.includes('_')) references.push(reference);
    }
    references.push(...literals.flatMap(referencesIn));
    i = end;
  }
  return references;
}

/** Index of the `}` closing a template sequence whose body starts at `start` (strings and nested braces skipped). */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return text.length;
}
