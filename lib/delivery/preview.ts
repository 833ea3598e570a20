/**
 * Preview environments: a pull request's copy of the template environment (`previews.template` of the platform), on
 * the template's cluster and node pool, with the same isolation, in namespace `preview-<id>`, with smaller sizes and
 * its own Terraform stack `preview-<id>`.
 *
 * A preview is selected at synth time from the environment (`PREVIEW_ID` and an expiry), never by editing files, and
 * its expiry is an input too, so the same input still gives byte-identical output.
 */
import { AppOverride } from '../app/app-types';
import { ReleaseStrategy, strategyOf } from '../app/release/registry';
import { labelKeys } from '../core/labels';
import { resolvePlatform } from '../platform/resolve-platform';
import { EnvironmentDefinition, QuotaSettings, RoleDefinition } from '../environment/environment-types';
import { PlatformDefinition } from '../platform/platform-definition';
import { DeliveryError } from './delivery-error';
import { servedPin } from './version-pins';
import { JANITOR_GROUP, JANITOR_ROLE, PREVIEW_PREFIX } from '../environment/preview-janitor';

/** A preview lives three days after its expiry input (e.g. the head commit time) unless told otherwise. */
export const DEFAULT_PREVIEW_TTL_HOURS = 72;

/**
 * A preview's quota: room for every app of the reference platform once (1 replica each), not a second copy of dev.
 * Its limits stay at least the base LimitRange's `max` (2 CPU, 4Gi), which validation requires.
 */
export const PREVIEW_QUOTA: QuotaSettings = {
  requests: { cpu: '2', memory: '4Gi' },
  limits: { cpu: '4', memory: '8Gi' },
  storage: '20Gi',
  pods: 20,
  services: 10,
  persistentVolumeClaims: 4,
};

/** Size of each volume of a preview's stateful apps. */
export const PREVIEW_VOLUME_SIZE = '1Gi';

/**
 * The only rule of the janitor's Role. Deleting `/api/v1/namespaces/<ns>` is authorised with the namespace attribute
 * set to `<ns>` itself (the API server's request info), so this Role, bound in a preview's namespace, allows deleting
 * that namespace and no other.
 */
const JANITOR_ROLE_DEFINITION: RoleDefinition = {
  name: JANITOR_ROLE,
  rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['delete'] }],
};

/** Which preview to add. */
export interface PreviewOptions {
  /** The preview's id: a DNS label of at most 55 characters (the namespace is `preview-<id>`), e.g. the PR number. */
  readonly id: string;
  /** When the preview expires (becomes the `preview-expires` label). */
  readonly expires: Date;
}

/** `preview-<id>`. */
export function previewName(id: string): string {
  return `${PREVIEW_PREFIX}${id}`;
}

/**
 * The platform definition with one preview environment added after the others (and the janitor's Role).
 *
 * @throws DeliveryError when the platform declares no previews, the id is not a DNS label, or the preview exists
 */
export function withPreview(definition: PlatformDefinition, preview: PreviewOptions): PlatformDefinition {
  if (!definition.previews) {
    throw new DeliveryError('the platform declares no previews: set previews: { template: \'<environment>\' } in its definition');
  }
  checkId(preview.id);
  if (Number.isNaN(preview.expires.getTime())) {
    throw new DeliveryError('the preview\'s expiry is not a valid time');
  }
  const name = previewName(preview.id);
  if (definition.environments.some((e) => e.name === name || e.namespace === name)) {
    throw new DeliveryError(`environment "${name}" is already defined; a preview id must not collide with an environment`);
  }
  const templateName = definition.previews.template;
  const template = resolvePlatform(definition).environments.find((e) => e.name === templateName)!;
  const own = JSON.parse(JSON.stringify(template.definition)) as Record<string, unknown>;
  delete own.namespace;

  const apps: Record<string, AppOverride> = {};
  for (const [app, override] of Object.entries(template.definition.apps ?? {})) {
    if (override?.enabled === false) apps[app] = override as AppOverride;
  }
  for (const app of template.apps) {
    // One replica per app: a release of several tracks (blue-green, canary) becomes a rolling one of the version the
    // template serves.
    const release = strategyOf(app.settings).strategy.multiTrack
      ? { strategy: ReleaseStrategy.rolling(), version: servedPin(app).version ?? null, digest: servedPin(app).digest ?? null }
      : {};
    apps[app.name] = {
      ...(template.definition.apps?.[app.name] as AppOverride | undefined),
      ...release,
      replicas: 1,
      autoscaling: null,
      ...(app.ingress ? { ingress: { host: `${name}.${app.ingress.host}` } } : {}),
      ...(app.storage ? { storage: { size: PREVIEW_VOLUME_SIZE } } : {}),
    };
  }

  const keys = labelKeys(definition.labelDomain);
  const environment: EnvironmentDefinition = {
    ...own,
    name,
    cluster: template.cluster.name,
    protected: false,
    labels: {
      ...template.labels,
      [keys.preview]: 'true',
      [keys.previewOf]: templateName,
      [keys.previewId]: preview.id,
      [keys.previewExpires]: String(Math.floor(preview.expires.getTime() / 1000)),
    },
    quota: PREVIEW_QUOTA,
    access: {
      ...template.settings.access,
      bindings: [...(template.settings.access?.bindings ?? []), { group: JANITOR_GROUP, role: JANITOR_ROLE }],
    },
    apps,
  };
  const roles = definition.roles ?? [];
  return {
    ...definition,
    environments: [...definition.environments, environment],
    roles: roles.some((r) => r.name === JANITOR_ROLE) ? roles : [...roles, JANITOR_ROLE_DEFINITION],
  };
}

/** The environment variables that select a preview; see {@link previewFromEnvironment}. */
export interface PreviewVariables {
  /**
   * The preview's id, e.g. the pull request number.
   * @default - none: no preview is selected
   */
  readonly PREVIEW_ID?: string;
  /**
   * The expiry: ISO 8601 with a zone, or seconds since the epoch.
   * @default - `PREVIEW_CREATED` plus `PREVIEW_TTL`
   */
  readonly PREVIEW_EXPIRES?: string;
  /**
   * When the preview was made (e.g. the head commit's time), in the formats of `PREVIEW_EXPIRES`.
   * @default - none: `PREVIEW_EXPIRES` is then required
   */
  readonly PREVIEW_CREATED?: string;
  /**
   * How long after `PREVIEW_CREATED` the preview expires, e.g. `72h` or `3d`.
   * @default 72h
   */
  readonly PREVIEW_TTL?: string;
  readonly [name: string]: string | undefined;
}

/**
 * The preview selected by environment variables, or `undefined` without `PREVIEW_ID`:
 *
 * - `PREVIEW_ID`: the id (e.g. the pull request number);
 * - `PREVIEW_EXPIRES`: the expiry, ISO 8601 with a zone (`2025-06-01T12:00:00Z`) or seconds since the epoch; or
 * - `PREVIEW_CREATED` (same formats; e.g. the pull request's head commit time) plus `PREVIEW_TTL` (`72h`, `3d`;
 *   default 72h).
 *
 * Never the clock: synth stays deterministic, and re-running CI for the same commit gives the same expiry.
 *
 * @throws DeliveryError when the id or a time is malformed, or no expiry is given
 */
export function previewFromEnvironment(vars: PreviewVariables): PreviewOptions | undefined {
  const id = vars.PREVIEW_ID;
  if (id === undefined || id === '') return undefined;
  checkId(id);
  if (vars.PREVIEW_EXPIRES) {
    return { id, expires: parseTime('PREVIEW_EXPIRES', vars.PREVIEW_EXPIRES) };
  }
  if (vars.PREVIEW_CREATED) {
    const created = parseTime('PREVIEW_CREATED', vars.PREVIEW_CREATED);
    return { id, expires: new Date(created.getTime() + parseTtlHours(vars.PREVIEW_TTL) * 3_600_000) };
  }
  throw new DeliveryError(`PREVIEW_ID is "${id}" but no expiry is given: set PREVIEW_EXPIRES (e.g. 2025-06-01T12:00:00Z), or PREVIEW_CREATED `
    + `(e.g. the pull request's head commit time) with PREVIEW_TTL (default ${DEFAULT_PREVIEW_TTL_HOURS}h); synth never reads the clock`);
}

function checkId(id: string): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id) || id.length > 63 - PREVIEW_PREFIX.length) {
    throw new DeliveryError(`preview id "${id}" is not allowed; expected lowercase letters, digits and "-", starting and ending with a letter or `
      + `digit, at most ${63 - PREVIEW_PREFIX.length} characters (the namespace is "${PREVIEW_PREFIX}<id>"), e.g. the pull request number`);
  }
}

/** ISO 8601 with an explicit zone, or whole seconds since the epoch. */
export function parseTime(variable: string, value: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  const date = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : iso.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new DeliveryError(`${variable} is "${value}"; expected an ISO 8601 time with a zone (e.g. 2025-06-01T12:00:00Z) or seconds since the epoch`);
  }
  return date;
}

function parseTtlHours(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PREVIEW_TTL_HOURS;
  const match = /^(\d+)(h|d)$/.exec(value);
  if (!match || Number(match[1]) === 0) {
    throw new DeliveryError(`PREVIEW_TTL is "${value}"; expected hours or days such as 72h or 3d`);
  }
  return Number(match[1]) * (match[2] === 'd' ? 24 : 1);
}
