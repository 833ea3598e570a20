/**
 * The Kustomize equivalent of a platform's environment manifests, for the benchmark: a base made of the first
 * environment's objects (one file per chart, as in `dist/<environment>/`) and one overlay per environment. Each overlay
 * does what a Kustomize user would: the namespace transformer and a label transformer for what every object changes
 * (namespace, environment and cluster labels), one JSON patch (RFC 6902) per object for the rest (versions, replicas,
 * hosts, sizes, node pool), `$patch: delete` for objects the environment does not have, and the environment's extra
 * objects (e.g. production's blue-green and canary workloads) as resources of the overlay.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Yaml } from 'cdk8s';
import { CLUSTER_LABEL, ENVIRONMENT_LABEL } from '../lib/core/labels';

/** One environment's rendered manifests, file by file. */
export interface EnvironmentManifests {
  readonly name: string;
  readonly cluster: string;
  readonly namespace: string;
  /** File name (without extension) → objects, in output order. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly objects: readonly any[] }>;
}

/** One JSON patch operation. */
type Operation = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

/** What {@link writeKustomization} wrote. */
export interface KustomizationLayout {
  /** Overlay folder per environment, in order. */
  readonly overlays: Array<{ readonly environment: string; readonly dir: string }>;
  /** Number of JSON patches, over all overlays. */
  readonly patches: number;
}

/** Writes `<dir>/base` from the first environment and `<dir>/overlays/<environment>` for every environment. */
export function writeKustomization(dir: string, environments: readonly EnvironmentManifests[]): KustomizationLayout {
  const [base, ...rest] = environments;
  if (!base) throw new Error('no environments to write');
  fs.mkdirSync(path.join(dir, 'base'), { recursive: true });
  for (const file of base.files) {
    Yaml.save(path.join(dir, 'base', `${file.name}.yaml`), [...file.objects]);
  }
  writeYaml(path.join(dir, 'base', 'kustomization.yaml'), { resources: base.files.map((f) => `${f.name}.yaml`) });

  const baseObjects = new Map(base.files.flatMap((f) => f.objects).map((o) => [identity(o), o]));
  let patches = 0;
  const overlays = [];
  for (const env of [base, ...rest]) {
    const overlay = path.join(dir, 'overlays', env.name);
    fs.mkdirSync(path.join(overlay, 'patches'), { recursive: true });
    const entries: any[] = [];
    const extra: any[] = [];
    const seen = new Set<string>();
    for (const object of env.files.flatMap((f) => f.objects)) {
      const id = identity(object);
      const original = baseObjects.get(id);
      if (!original) {
        extra.push(object);
        continue;
      }
      seen.add(id);
      // What the transformers will do is left to them: diff against the object as it is before they run.
      const beforeTransformers = untransform(object, original);
      const operations = diff(original, beforeTransformers, '');
      if (operations.length === 0) continue;
      const file = `patches/${fileName(id)}.yaml`;
      writeYaml(path.join(overlay, file), operations);
      entries.push({ path: file, target: { kind: original.kind, name: original.metadata.name } });
      patches++;
    }
    for (const [id, original] of baseObjects) {
      if (seen.has(id)) continue;
      entries.push({
        patch: Yaml.stringify({ $patch: 'delete', apiVersion: original.apiVersion, kind: original.kind, metadata: { name: original.metadata.name, namespace: original.metadata.namespace } }),
      });
    }
    const resources = ['../../base'];
    if (extra.length > 0) {
      Yaml.save(path.join(overlay, 'extra.yaml'), extra);
      resources.push('extra.yaml');
    }
    writeYaml(path.join(overlay, 'kustomization.yaml'), {
      resources,
      namespace: env.namespace,
      labels: [{ pairs: { [ENVIRONMENT_LABEL]: env.name, [CLUSTER_LABEL]: env.cluster }, includeSelectors: false, includeTemplates: false }],
      ...(entries.length > 0 ? { patches: entries } : {}),
    });
    overlays.push({ environment: env.name, dir: overlay });
  }
  return { overlays, patches };
}

/**
 * Compares what Kustomize rendered for an environment with the library's objects, ignoring key order and object
 * order; returns the identities of the objects that differ or are missing on either side.
 */
export function compareObjects(rendered: readonly any[], expected: readonly any[]): string[] {
  const canonical = (o: any) => JSON.stringify(sortKeys(o));
  // By namespace too: a cluster's file holds a deployer's state Role in each environment's state namespace.
  const key = (o: any) => `${identity(o)}${o.metadata?.namespace ? ` in ${o.metadata.namespace}` : ''}`;
  const byId = new Map(rendered.map((o) => [key(o), canonical(o)]));
  const differences: string[] = [];
  for (const object of expected) {
    const id = key(object);
    if (byId.get(id) !== canonical(object)) differences.push(id);
    byId.delete(id);
  }
  return [...differences, ...[...byId.keys()].map((id) => `${id} (only in kustomize output)`)];
}

/** The object as it must be before the namespace and label transformers turn it into `object`. */
function untransform(object: any, original: any): any {
  const metadata = { ...object.metadata };
  if (object.metadata.namespace !== undefined) metadata.namespace = original.metadata.namespace;
  if (object.kind === 'Namespace') metadata.name = object.metadata.name;
  const labels = { ...(metadata.labels ?? {}) };
  for (const label of [ENVIRONMENT_LABEL, CLUSTER_LABEL]) {
    if (original.metadata.labels?.[label] !== undefined) labels[label] = original.metadata.labels[label];
    else delete labels[label];
  }
  metadata.labels = labels;
  return { ...object, metadata };
}

/** JSON patch operations that turn `from` into `to`; arrays of different lengths are replaced whole. */
function diff(from: any, to: any, at: string): Operation[] {
  if (isObject(from) && isObject(to)) {
    const ops: Operation[] = [];
    for (const key of Object.keys(from)) {
      if (!(key in to)) ops.push({ op: 'remove', path: `${at}/${escape(key)}` });
    }
    for (const key of Object.keys(to)) {
      if (!(key in from)) ops.push({ op: 'add', path: `${at}/${escape(key)}`, value: to[key] });
      else ops.push(...diff(from[key], to[key], `${at}/${escape(key)}`));
    }
    return ops;
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    return from.flatMap((item, i) => diff(item, to[i], `${at}/${i}`));
  }
  return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ op: 'replace', path: at, value: to }];
}

function identity(object: any): string {
  return `${object.kind}/${object.metadata?.name}`;
}

function fileName(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is { [key: string]: any } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

function writeYaml(file: string, value: unknown): void {
  fs.writeFileSync(file, Yaml.stringify(value));
}
