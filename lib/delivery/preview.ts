/**
 * Preview environments: a pull request's copy of the template environment (`previews.template` of the platform), on
 * the template's cluster and node pool, with the same isolation, in namespace `preview-<id>`, with smaller sizes and
 * its own Terraform stack `preview-<id>`.
 *
 * A preview is selected at synth time from the environment (`PREVIEW_ID` and `PREVIEW_EXPIRES`), never by editing
 * files. The expiry is computed once, by the pipeline that creates the preview, from its own clock
 * (`previews expiry`, {@link previewExpiry}), and passed in: the same input still gives byte-identical output.
 */
import { AppOverride } from '../app/app-types';
import { ReleaseStrategy, strategyOf } from '../app/release/registry';
import { DEFAULT_PREVIEW_MAX_TTL, DEFAULT_PREVIEW_TTL, previewMaxTtlHours } from '../cluster/cluster-defaults';
import { PreviewSettings } from '../cluster/cluster-types';
import { hoursOf } from '../core/duration';
import { labelKeys } from '../core/labels';
import { resolvePlatform } from '../platform/resolve-platform';
import { EnvironmentDefinition, QuotaSettings, RoleDefinition } from '../environment/environment-types';
import { PlatformDefinition } from '../platform/platform-definition';
import { DeliveryError } from './delivery-error';
import { servedPin } from './version-pins';
import { JANITOR_GROUP, JANITOR_ROLE, PREVIEW_PREFIX } from '../environment/preview-janitor';

/** A preview lives three days after the pipeline created (or last updated) it, unless told otherwise (`previews.ttl`, `PREVIEW_TTL`). */
export const DEFAULT_PREVIEW_TTL_HOURS = hoursOf(DEFAULT_PREVIEW_TTL)!;

/**
 * A preview's quota: room for every app of the reference platform once (1 replica each), not a second copy of dev.
 * Its memory limit stays at least the base LimitRange's `max` (4Gi), which validation requires; like every environment
 * of the reference platform it sets no CPU limits (a quota on limits.cpu would need one on every container).
 */
export const PREVIEW_QUOTA: QuotaSettings = {
  requests: { cpu: '2', memory: '4Gi' },
  limits: { memory: '8Gi' },
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
   * The expiry: an RFC 3339 time with a zone (see {@link parseTime}), computed by the pipeline from its clock when it
   * creates the preview.
   * @default - none: required with `PREVIEW_ID`
   */
  readonly PREVIEW_EXPIRES?: string;
  readonly [name: string]: string | undefined;
}

/**
 * When a preview created at `now` expires: `now` plus the TTL (`72h`, `3d`): `ttl` if given (`--ttl`, `PREVIEW_TTL`),
 * else the platform's `previews.ttl`, else {@link DEFAULT_PREVIEW_TTL_HOURS} hours. `now` is the clock of the pipeline
 * that creates the preview, never the time of a commit: a pull request whose head commit is older than the TTL would
 * otherwise get a preview that is expired when it is born, and the janitor would delete it within minutes.
 *
 * @param settings the platform's preview settings: their `ttl` is the default, their `maxTtl` (default 14 days) the limit
 * @throws DeliveryError when the TTL is malformed or longer than `maxTtl`, or `now` is not a valid time
 */
export function previewExpiry(now: Date, ttl?: string, settings?: PreviewSettings): Date {
  if (Number.isNaN(now.getTime())) throw new DeliveryError('the time a preview is created at is not a valid time');
  const given = ttl !== undefined && ttl !== '';
  const hours = given ? parseTtlHours('PREVIEW_TTL', ttl) : hoursOf(settings?.ttl ?? DEFAULT_PREVIEW_TTL)!;
  if (given && settings && hours > previewMaxTtlHours(settings)) {
    throw new DeliveryError(`PREVIEW_TTL is "${ttl}", longer than the platform's previews.maxTtl (${settings.maxTtl ?? DEFAULT_PREVIEW_MAX_TTL}); `
      + 'a preview lives at most that long: shorten the TTL, or raise previews.maxTtl in the definition');
  }
  return new Date(now.getTime() + hours * 3_600_000);
}

/**
 * The preview selected by environment variables, or `undefined` without `PREVIEW_ID`:
 *
 * - `PREVIEW_ID`: the id (e.g. the pull request number);
 * - `PREVIEW_EXPIRES`: the expiry, an RFC 3339 time with a zone (`2025-06-01T12:00:00Z`; see {@link parseTime}), computed
 *   by the pipeline when it creates the preview (`PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"`).
 *
 * The expiry is an input, so synth stays deterministic. `now` only refuses an expiry that has already passed, which
 * would make a preview the janitor deletes at once, and, given the platform's preview settings, one beyond `now` plus
 * `previews.maxTtl`, which would make a preview the janitor leaves alone for too long.
 *
 * @param now the clock; tests pass a fixed time
 * @param settings the platform's preview settings (`definition.previews`)
 * @throws DeliveryError when the id or the expiry is malformed, missing, already past or beyond `maxTtl`, or when
 * `PREVIEW_CREATED` (no longer read) is set
 */
export function previewFromEnvironment(vars: PreviewVariables, now: Date = new Date(), settings?: PreviewSettings): PreviewOptions | undefined {
  const id = vars.PREVIEW_ID;
  if (id === undefined || id === '') return undefined;
  checkId(id);
  if (vars.PREVIEW_CREATED !== undefined) {
    throw new DeliveryError(`PREVIEW_CREATED is "${vars.PREVIEW_CREATED}" but is no longer read: a commit's time made previews of old commits `
      + 'expired at birth. Set PREVIEW_EXPIRES from the pipeline\'s clock instead: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"');
  }
  if (!vars.PREVIEW_EXPIRES) {
    throw new DeliveryError(`PREVIEW_ID is "${id}" but PREVIEW_EXPIRES is not set; compute it from the pipeline's clock when the preview is `
      + `created: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)" (now + PREVIEW_TTL, default ${DEFAULT_PREVIEW_TTL_HOURS}h)`);
  }
  const expires = parseTime('PREVIEW_EXPIRES', vars.PREVIEW_EXPIRES);
  if (expires.getTime() <= now.getTime()) {
    throw new DeliveryError(`PREVIEW_EXPIRES is "${vars.PREVIEW_EXPIRES}", which has passed (now is ${now.toISOString()}); a preview would be `
      + 'deleted as soon as it is created. Compute it when the preview is created: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"');
  }
  const latest = settings && new Date(now.getTime() + previewMaxTtlHours(settings) * 3_600_000);
  if (latest && expires.getTime() > latest.getTime()) {
    throw new DeliveryError(`PREVIEW_EXPIRES is "${vars.PREVIEW_EXPIRES}", later than the platform allows: previews.maxTtl is `
      + `${settings.maxTtl ?? DEFAULT_PREVIEW_MAX_TTL}, so at most ${latest.toISOString()} (now is ${now.toISOString()}); compute it when the `
      + 'preview is created: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"');
  }
  return { id, expires };
}

function checkId(id: string): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id) || id.length > 63 - PREVIEW_PREFIX.length) {
    throw new DeliveryError(`preview id "${id}" is not allowed; expected lowercase letters, digits and "-", starting and ending with a letter or `
      + `digit, at most ${63 - PREVIEW_PREFIX.length} characters (the namespace is "${PREVIEW_PREFIX}<id>"), e.g. the pull request number`);
  }
}

/**
 * A time in RFC 3339's `date-time` form, with its zone (`2030-01-01T12:00:00Z`, `2030-01-01T14:00:00+02:00`), checked
 * field by field: JavaScript's `Date` rolls an impossible date over (2030-02-30 becomes March 2), and a bare number is
 * refused because seconds and milliseconds since the epoch cannot be told apart (a millisecond count read as seconds
 * is a time 50,000 years away, a preview that never expires).
 *
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 * @throws DeliveryError naming the variable, the value and the form expected
 */
export function parseTime(variable: string, value: string): Date {
  const expected = 'expected an RFC 3339 time with a zone, e.g. 2030-01-01T12:00:00Z';
  const refuse = (why: string): never => {
    throw new DeliveryError(`${variable} is "${value}"; ${why}; ${expected}`);
  };
  if (/^[-+]?\d+(\.\d+)?$/.test(value.trim())) {
    refuse('a number is refused: seconds and milliseconds since the epoch cannot be told apart (print one as a time with '
      + '`date -u -d @<seconds> +%Y-%m-%dT%H:%M:%SZ`)');
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!match) {
    refuse('not of the form YYYY-MM-DDThh:mm:ss[.fraction] followed by Z or ±hh:mm');
  }
  const [, year, month, day, hour, minute, second, fraction, zone, sign, zoneHour, zoneMinute] = match!;
  const days = [31, isLeapYear(Number(year)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Number(month) - 1];
  if (Number(month) < 1 || Number(month) > 12) refuse(`month ${month} does not exist`);
  if (Number(day) < 1 || Number(day) > days) refuse(`${year}-${month} has ${days} days, not ${Number(day)}`);
  if (Number(hour) > 23) refuse(`hour ${hour} does not exist (00 to 23)`);
  if (Number(minute) > 59) refuse(`minute ${minute} does not exist (00 to 59)`);
  // RFC 3339 allows second 60 for a leap second, which Date cannot hold; none is scheduled (IERS Bulletin C).
  if (Number(second) > 59) refuse(`second ${second} does not exist (00 to 59)`);
  if (zone.toUpperCase() !== 'Z' && (Number(zoneHour) > 23 || Number(zoneMinute) > 59)) refuse(`zone offset ${sign}${zoneHour}:${zoneMinute} does not exist`);
  const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(zoneHour) * 60 + Number(zoneMinute));
  const millis = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  const utc = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0 to 99 as 1900 to 1999.
  utc.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  utc.setUTCHours(Number(hour), Number(minute) - offsetMinutes, Number(second), millis);
  return utc;
}

/** Gregorian leap years: every fourth, except centuries not divisible by 400. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function parseTtlHours(name: string, value: string): number {
  const hours = hoursOf(value);
  if (hours === undefined) {
    throw new DeliveryError(`${name} is "${value}"; expected hours or days such as 72h or 3d`);
  }
  return hours;
}
