/**
 * Schema validation of rendered objects, as strict as the API server: Kubernetes kinds against the API definitions of
 * the Kubernetes version of the cluster they are for, custom resources against the `openAPIV3Schema` of their
 * CustomResourceDefinition. Unknown and misspelt fields are refused (as `kubeconform -strict` and `kubectl apply`'s
 * strict field validation refuse them), and an object in an API version its cluster no longer serves is reported with
 * what replaces it. What the API server would refuse is found at synth time, not at apply time.
 */
import { ErrorObject, ValidateFunction } from 'ajv';
import Ajv from 'ajv';
import { DEFAULT_KUBERNETES_VERSION } from '../../cluster/cluster-defaults';
import { minorOf } from '../../core/kubernetes-version';
import { bundledCrds, closeObjects, minorSchemas, nearestShippedMinor, shippedMinors } from './_schema-data';
import { removedApi } from './removed-apis';

/** Errors of one object; an empty list when it is valid. */
export type SchemaErrors = string[];

/** The definition of every object's metadata. */
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// `v1`, `apps/v1`, `networking.k8s.io/v1`, `autoscaling/v2beta2`: nothing that could leave the package folder.
const API_VERSION = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;

/**
 * Validates objects against the Kubernetes API of a given version, and against the CRDs the project ships (Cluster API,
 * Gateway API) and those it was given. Compiled validators are shared by every instance: each kind is compiled once
 * per Kubernetes minor per process, when an object of that kind is first validated.
 */
export class SchemaValidator {
  /** The Kubernetes minors whose API definitions ship with the package (`schemas/kubernetes/`), ascending. */
  public static get kubernetesMinors(): readonly number[] {
    return shippedMinors();
  }

  /**
   * The minor whose definitions validate objects for a cluster of `kubernetesVersion`: its own when shipped, else the
   * nearest shipped one (a cluster older than the oldest shipped minor is checked against the oldest).
   */
  public static schemaMinorFor(kubernetesVersion: string): number {
    return nearestShippedMinor(minorOf(kubernetesVersion));
  }

  private readonly crds = new Map<string, { crd: any; version: any }>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private ajv?: Ajv;

  /**
   * @param crds CustomResourceDefinition objects (`apiextensions.k8s.io/v1`) whose custom resources may appear, besides
   * the Cluster API and Gateway API CRDs the package ships; a CRD given here replaces a shipped one of the same kind
   * @throws Error when an object given as CRD is not one
   */
  constructor(crds: readonly any[] = []) {
    for (const crd of crds) {
      if (crd?.apiVersion !== 'apiextensions.k8s.io/v1' || crd?.kind !== 'CustomResourceDefinition') {
        throw new Error(`expected CustomResourceDefinition objects of apiextensions.k8s.io/v1; got ${crd?.apiVersion} ${crd?.kind} `
          + `"${crd?.metadata?.name}"`);
      }
    }
    for (const crd of [...bundledCrds(), ...crds]) {
      for (const version of crd.spec?.versions ?? []) {
        if (version.served !== false) {
          this.crds.set(`${crd.spec.group}/${version.name}/${crd.spec.names?.kind}`, { crd, version });
        }
      }
    }
  }

  /** Kinds that the CRDs (shipped and given) declare cluster-scoped. */
  public get clusterScopedKinds(): string[] {
    return [...new Set([...this.crds.values()].filter(({ crd }) => crd.spec.scope === 'Cluster').map(({ crd }) => crd.spec.names.kind))].sort();
  }

  /**
   * Whether a schema is known for the object's apiVersion and kind: a custom kind of a CRD, or an API of Kubernetes —
   * served by `kubernetesVersion`, by another shipped minor, or removed (then {@link validate} says it is not served).
   */
  public knows(object: any, kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION): boolean {
    const { apiVersion, kind } = object ?? {};
    if (typeof apiVersion !== 'string' || !API_VERSION.test(apiVersion) || typeof kind !== 'string') return false;
    const key = `${apiVersion}/${kind}`;
    return this.crds.has(key) || minorSchemas(SchemaValidator.schemaMinorFor(kubernetesVersion)).kinds.has(key)
      || removedApi(apiVersion, kind) !== undefined || servingMinors(key).length > 0;
  }

  /**
   * What is wrong with an object for a cluster of `kubernetesVersion`, in the API server's words; an empty list when
   * it is valid.
   */
  public validate(object: any, kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION): SchemaErrors {
    const apiVersion = object?.apiVersion;
    const kind = object?.kind;
    if (typeof apiVersion !== 'string' || !API_VERSION.test(apiVersion)) {
      return [`apiVersion is ${JSON.stringify(apiVersion)}; expected "v1" or "<group>/<version>"`];
    }
    if (typeof kind !== 'string' || kind === '') {
      return [`kind is ${JSON.stringify(kind)}; expected a kind such as "Deployment"`];
    }
    const key = `${apiVersion}/${kind}`;
    const minor = minorOf(kubernetesVersion);
    const schemas = minorSchemas(nearestShippedMinor(minor));
    const crd = this.crds.get(key);
    if (crd) {
      // The API server checks a custom resource's metadata as ObjectMeta, whatever its CRD says of it.
      const meta = schemas.validator(OBJECT_META);
      const metaErrors = object.metadata === undefined || meta(object.metadata) ? []
        : (meta.errors ?? []).map((e) => formatError({ ...e, instancePath: `/metadata${e.instancePath}` }));
      return [...this.validateCustom(object, key, crd.version), ...metaErrors];
    }
    const definition = schemas.kinds.get(key);
    if (!definition) {
      const notServed = notServedMessage(apiVersion, kind, minor, schemas.kinds);
      return [notServed ?? `no schema is known for ${apiVersion} ${kind}: it is not a Kubernetes kind, and no CustomResourceDefinition given declares it`];
    }
    return errorsOf(object, schemas.validator(definition));
  }

  private validateCustom(object: any, key: string, version: any): SchemaErrors {
    let validate = this.compiled.get(key);
    if (!validate) {
      this.ajv ??= new Ajv({ strict: false, allErrors: true, validateFormats: false });
      validate = this.ajv.compile(closeObjects(version.schema?.openAPIV3Schema ?? {}, true));
      this.compiled.set(key, validate);
    }
    return errorsOf(object, validate);
  }
}

/** The errors of an object against a compiled schema, with a name required as the API server requires one. */
function errorsOf(object: any, validate: ValidateFunction): SchemaErrors {
  const errors: SchemaErrors = typeof object.metadata?.name === 'string' && object.metadata.name !== '' ? [] : ['metadata.name is required'];
  if (!validate(object)) {
    errors.push(...(validate.errors ?? []).map(formatError));
  }
  return errors;
}

/** The shipped minors that serve `apiVersion/kind`. */
function servingMinors(key: string): number[] {
  return shippedMinors().filter((m) => minorSchemas(m).kinds.has(key));
}

/**
 * Why an API of Kubernetes is not served by `minor`, and what to use: `policy/v1beta1 PodDisruptionBudget is not
 * served by Kubernetes 1.33; use policy/v1`. Undefined when no shipped minor serves it and Kubernetes never removed it.
 */
function notServedMessage(apiVersion: string, kind: string, minor: number, served: ReadonlyMap<string, string>): string | undefined {
  const head = `${apiVersion} ${kind} is not served by Kubernetes 1.${minor}`;
  const removed = removedApi(apiVersion, kind);
  if (removed && removed.removedIn <= minor) {
    return removed.replacement ? `${head}; use ${removed.replacement}` : `${head}; ${removed.instead}`;
  }
  const serving = servingMinors(`${apiVersion}/${kind}`);
  if (!removed && serving.length === 0) return undefined;
  // The same kind in the most stable other version of its group that this minor serves (the beta before its GA, the
  // GA after the beta).
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/') + 1) : '';
  const alternatives = [...served.keys()].filter((k) => k.endsWith(`/${kind}`) && k.startsWith(group) && k.split('/').length === apiVersion.split('/').length + 1)
    .map((k) => k.slice(0, -kind.length - 1)).sort((a, b) => stability(a) - stability(b)).slice(0, 1);
  const where = serving.length > 0 ? ` (served by ${serving.map((m) => `1.${m}`).join(', ')})` : '';
  const nearest = minor === nearestShippedMinor(minor) ? '' : ` (its schemas are those of 1.${nearestShippedMinor(minor)}, the nearest shipped)`;
  return `${head}${nearest}${where}${alternatives.length > 0 ? `; use ${alternatives[0]}` : ''}`;
}

/** 0 for a GA version, 1 for a beta, 2 for an alpha. */
function stability(apiVersion: string): number {
  return /alpha\d+$/.test(apiVersion) ? 2 : /beta\d+$/.test(apiVersion) ? 1 : 0;
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
