/** Shared builders for the lib/cluster tests: clusters resolved from small inline definitions, and CRD validation. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { Cluster } from '../../lib/cluster/cluster-model';
import { BackupTargetKind, ClusterDefinition, TaintEffect } from '../../lib/cluster/cluster-types';
import { EnvironmentDefinition } from '../../lib/environment/environment-types';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import { BASE } from '../builders';

/** Three zones of a highly available control plane. */
export const ZONES = ['zone-a', 'zone-b', 'zone-c'];

/** A control plane of three replicas over {@link ZONES}, behind `api.lab.example.com`. */
export const HA_CONTROL_PLANE = { replicas: 3, zones: ZONES, endpoint: { host: 'api.lab.example.com' } };

/** A pool `web`, labelled and tainted, serving `dev`. */
export const WEB_POOL = {
  name: 'web',
  labels: { 'platform.example.com/pool': 'web', tier: 'frontend' },
  taints: [{ key: 'platform.example.com/pool', value: 'web', effect: TaintEffect.NO_SCHEDULE }],
};

/** A retained StorageClass and S3 snapshots: what a cluster with a protected environment must have besides HA. */
export const PROTECTED_EXTRAS: Partial<ClusterDefinition> = {
  storage: { classes: [{ name: 'retained', provisioner: 'csi.example.com' }] },
  etcdBackup: { target: { kind: BackupTargetKind.S3, bucket: 'snapshots', region: 'eu-west-1', credentialsSecret: 'etcd-s3' } },
};

/** Cluster `lab`, with `topology` spread over it, hosting `environments` (by default `dev`, on pool `web` when it exists). */
export function testCluster(topology: Partial<ClusterDefinition> = {}, environments?: EnvironmentDefinition[]): Cluster {
  const hasWeb = (topology.nodePools ?? []).some((p) => p.name === 'web');
  const platform = resolvePlatform({
    clusters: [{ name: 'lab', kubeconfig: { context: 'lab' }, ...topology }],
    base: BASE,
    environments: environments ?? [{ name: 'dev', cluster: 'lab', ...(hasWeb ? { nodePool: 'web' } : {}) }],
  });
  return platform.clusters[0];
}

/**
 * Where the Cluster API CRDs are: `schemas/crds/cluster-api` in the project (generated from the shared data by
 * `npm run generate:schemas`, so a clone without it passes), or `CAPI_CRDS_DIR` (e.g. `../shared/crds/cluster-api`).
 */
export const CAPI_CRDS_DIR = process.env.CAPI_CRDS_DIR ?? path.resolve(__dirname, '../../schemas/crds/cluster-api');

/**
 * Validators of the schemas of every served version of the Cluster API CRDs (v1beta1 and v1beta2), by API version and
 * kind. Unknown fields are refused (as
 * `kubectl apply --validate=strict` refuses them) rather than pruned; CEL rules (`x-kubernetes-validations`) are not
 * evaluated.
 */
export function capiValidators(): Map<string, ValidateFunction> {
  return crdValidators(CAPI_CRDS_DIR, 'CAPI_CRDS_DIR');
}

/**
 * Validators of every served version of the CRDs in `dir` (YAML files, or the generated JSON of `schemas/crds`), by
 * `<group>/<version>/<kind>`, unknown fields refused; `variable` names the environment variable that points elsewhere.
 */
export function crdValidators(dir: string, variable: string): Map<string, ValidateFunction> {
  if (!fs.existsSync(dir)) {
    throw new Error(`CRDs not found in ${dir}; run npm run generate:schemas, or set ${variable} to a folder of CRDs`);
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<string, ValidateFunction>();
  // The generated .json files are YAML too.
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.json')).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions.filter((v: any) => v.served)) {
        validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(closed(version.schema.openAPIV3Schema)));
      }
    }
  }
  return validators;
}

/** The schema with `additionalProperties: false` on every object that lists its properties and keeps no unknown fields. */
export function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'properties'
    ? Object.fromEntries(Object.entries(v as object).map(([name, prop]) => [name, closed(prop)]))
    : closed(v)]));
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** The errors of an object against its CRD schema, as `path message` lines; empty when it is valid. */
export function capiErrors(validators: Map<string, ValidateFunction>, object: any): string[] {
  const validate = validators.get(`${object.apiVersion}/${object.kind}`);
  if (!validate) {
    return [`no CRD schema for ${object.apiVersion} ${object.kind}`];
  }
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params
    ? ` (${e.params.additionalProperty})` : ''}`);
}
