/**
 * Schema validation of rendered objects: Kubernetes kinds against the OpenAPI schema of the API (the validators that
 * `kubernetes-models` generates from it), custom resources against the `openAPIV3Schema` of their
 * CustomResourceDefinition. What the API server would refuse is found at synth time, not at apply time.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

/** Errors of one object; an empty list when it is valid. */
export type SchemaErrors = string[];

// `v1`, `apps/v1`, `networking.k8s.io/v1`, `autoscaling/v2beta2`: nothing that could leave the package folder.
const API_VERSION = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;

/** Validates objects against Kubernetes' schemas and against the schemas of the CRDs it was given. */
export class SchemaValidator {
  private readonly crds = new Map<string, { crd: any; version: any }>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly coreGroups = new Map<string, any>();
  private ajv?: Ajv;

  /**
   * @param crds CustomResourceDefinition objects (`apiextensions.k8s.io/v1`) whose custom resources may appear
   * @throws Error when an object given as CRD is not one
   */
  constructor(crds: readonly any[] = []) {
    for (const crd of crds) {
      if (crd?.apiVersion !== 'apiextensions.k8s.io/v1' || crd?.kind !== 'CustomResourceDefinition') {
        throw new Error(`expected CustomResourceDefinition objects of apiextensions.k8s.io/v1; got ${crd?.apiVersion} ${crd?.kind} `
          + `"${crd?.metadata?.name}"`);
      }
      for (const version of crd.spec?.versions ?? []) {
        if (version.served !== false) {
          this.crds.set(`${crd.spec.group}/${version.name}/${crd.spec.names?.kind}`, { crd, version });
        }
      }
    }
  }

  /** Kinds that the given CRDs declare cluster-scoped. */
  public get clusterScopedKinds(): string[] {
    return [...new Set([...this.crds.values()].filter(({ crd }) => crd.spec.scope === 'Cluster').map(({ crd }) => crd.spec.names.kind))].sort();
  }

  /** Whether a schema is known for the object's apiVersion and kind (a Kubernetes kind, or one of the given CRDs'). */
  public knows(object: any): boolean {
    const { apiVersion, kind } = object ?? {};
    return typeof apiVersion === 'string' && API_VERSION.test(apiVersion) && typeof kind === 'string'
      && (this.crds.has(`${apiVersion}/${kind}`) || this.coreModel(apiVersion, kind) !== undefined);
  }

  /** What is wrong with an object, in the API server's words; an empty list when it is valid. */
  public validate(object: any): SchemaErrors {
    const apiVersion = object?.apiVersion;
    const kind = object?.kind;
    if (typeof apiVersion !== 'string' || !API_VERSION.test(apiVersion)) {
      return [`apiVersion is ${JSON.stringify(apiVersion)}; expected "v1" or "<group>/<version>"`];
    }
    if (typeof kind !== 'string' || kind === '') {
      return [`kind is ${JSON.stringify(kind)}; expected a kind such as "Deployment"`];
    }
    const crd = this.crds.get(`${apiVersion}/${kind}`);
    if (crd) {
      return this.validateCustom(object, crd.version);
    }
    const model = this.coreModel(apiVersion, kind);
    if (!model) {
      return [`no schema is known for ${apiVersion} ${kind}: it is not a Kubernetes kind, and no CustomResourceDefinition given declares it`];
    }
    const errors: SchemaErrors = typeof object.metadata?.name === 'string' && object.metadata.name !== '' ? [] : ['metadata.name is required'];
    try {
      new model(object).validate();
    } catch (error: any) {
      const details: ErrorObject[] = error?.errors ?? [];
      errors.push(...(details.length > 0 ? details.map(formatError) : [String(error?.message ?? error)]));
    }
    return errors;
  }

  private validateCustom(object: any, version: any): SchemaErrors {
    const key = `${object.apiVersion}/${object.kind}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      this.ajv ??= new Ajv({ strict: false, allErrors: true, validateFormats: false });
      validate = this.ajv.compile(closeObjects(version.schema?.openAPIV3Schema ?? {}));
      this.compiled.set(key, validate);
    }
    const errors: SchemaErrors = typeof object.metadata?.name === 'string' && object.metadata.name !== '' ? [] : ['metadata.name is required'];
    if (!validate(object)) {
      errors.push(...(validate.errors ?? []).map(formatError));
    }
    return errors;
  }

  private coreModel(apiVersion: string, kind: string): (new (data: any) => { validate(): void }) | undefined {
    if (!this.coreGroups.has(apiVersion)) {
      try {
        // kubernetes-models is laid out by API version: kubernetes-models/v1, kubernetes-models/apps/v1, …
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        this.coreGroups.set(apiVersion, require(`kubernetes-models/${apiVersion}`));
      } catch {
        this.coreGroups.set(apiVersion, undefined);
      }
    }
    const group = this.coreGroups.get(apiVersion);
    return group && Object.prototype.hasOwnProperty.call(group, kind) && typeof group[kind]?.apiVersion === 'string' ? group[kind] : undefined;
  }
}

/**
 * A CRD schema with unknown fields refused, as `kubectl apply` (server-side field validation `Strict`, the default
 * since Kubernetes 1.27) refuses them: every object schema that lists its properties gets `additionalProperties: false`,
 * unless it preserves unknown fields or sets `additionalProperties` itself.
 */
function closeObjects(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    // Property names are data, not schemas: only recurse into their values.
    out[key] = key === 'properties'
      ? Object.fromEntries(Object.entries(value as object).map(([name, inner]) => [name, closeObjects(inner)]))
      : closeObjects(value);
  }
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/** `spec.replicas must be integer`, `spec has unknown field "replicaz"`, `spec.template is required`. */
function formatError(error: ErrorObject): string {
  const at = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
  const where = at === '' ? '(the object)' : at;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has unknown field "${(error.params as any).additionalProperty}"`;
    case 'required':
      return `${at === '' ? '' : `${at}.`}${(error.params as any).missingProperty} is required`;
    case 'enum':
      return `${where} must be one of ${((error.params as any).allowedValues ?? []).map((v: unknown) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${where} ${error.message}`;
  }
}
