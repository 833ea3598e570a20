/**
 * The shape of the definitions, as zod schemas. They check each field on its own (types, formats, ranges, unknown
 * fields); relations between fields and between definitions are checked in `resolve.ts`.
 */
import { z } from 'zod';
import { ValidationIssue, formatPath, valueAt } from './errors';
import { isPlainObject } from './merge';
import { isQuantity } from './quantity';
import {
  CidrPeerSettings, ClusterDefinition, EnvironmentSettings, NamespacePeerSettings, PodSecurityLevel, PolicyRuleDefinition, Protocol, RoleDefinition,
  StateBackendKind, TaintEffect,
} from './types';

/** RFC 1123 label, what Kubernetes requires of namespace and many object names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS subdomain (RFC 1123): dot-separated DNS labels, at most 253 characters (host names, label-key prefixes). */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A qualified label key: optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A label value: empty, or at most 63 alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Guardrail exceptions: the shape here; rule ids, object references and repeats are checked by lib/guardrails. */
const guardrailSettings = z.strictObject({
  exceptions: z.array(z.strictObject({
    rule: z.string({ error: 'expected a rule id' }),
    object: z.string({ error: 'expected an object reference such as "Deployment/web"' }),
    reason: z.string({ error: 'expected the reason the violation is accepted' }),
  }), { error: 'expected a list of { rule, object, reason }' }).optional(),
});

export const DNS_LABEL_HINT = 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, '
  + 'at most 63 characters';

export const dnsLabel = z.string({ error: DNS_LABEL_HINT }).max(63, { error: DNS_LABEL_HINT }).regex(DNS_LABEL, { error: DNS_LABEL_HINT });

const labels = z.record(
  z.string().regex(LABEL_KEY, { error: 'expected a label key such as "team" or "example.com/team" (name at most 63 characters)' }),
  z.string({ error: 'expected a string label value' })
    .regex(LABEL_VALUE, { error: 'expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric' }),
);

/** The schema each {@link routed} schema picks for an object value, for "unknown field" errors. */
const ROUTES = new WeakMap<z.core.$ZodType, (value: Record<string, unknown>) => z.core.$ZodType>();

/**
 * An object whose shape `route` picks from its fields, where a union would try every shape and, when none fits, report
 * only that (or the wrong shape's complaints). Errors then name the wrong field of the shape that was meant.
 */
function routed<T>(hint: string, route: (value: Record<string, unknown>) => z.ZodType): z.ZodType<T> {
  const schema = z.unknown().check((payload) => {
    if (!isPlainObject(payload.value)) {
      payload.issues.push({ code: 'custom', message: hint, input: payload.value });
      return;
    }
    const result = route(payload.value).safeParse(payload.value);
    if (result.success) {
      // The parsed copy, as the other schemas give, so the model never shares arrays with the definition.
      payload.value = result.data;
      return;
    }
    for (const issue of result.error.issues) {
      payload.issues.push({ ...issue, input: valueAt(payload.value, issue.path) } as z.core.$ZodRawIssue);
    }
  });
  ROUTES.set(schema, route);
  return schema as unknown as z.ZodType<T>;
}

export const quantity = (example: string) => z.string({ error: `expected a Kubernetes quantity such as ${example}` })
  .refine(isQuantity, { error: `expected a non-negative Kubernetes quantity such as ${example}` });

export const compute = z.strictObject({ cpu: quantity('500m or 2'), memory: quantity('512Mi or 4Gi') });

export const count = (what: string) => z.number({ error: `expected a whole number of ${what}` })
  .int({ error: `expected a whole number of ${what}` })
  .min(0, { error: `expected zero or more ${what}` });

export const port = z.number({ error: 'expected a port number from 1 to 65535' })
  .int({ error: 'expected a port number from 1 to 65535' })
  .min(1, { error: 'expected a port number from 1 to 65535' })
  .max(65535, { error: 'expected a port number from 1 to 65535' });

const portSettings = z.strictObject({
  port,
  endPort: port.optional(),
  protocol: z.enum(Protocol).optional(),
});

const namespacePeer = z.strictObject({
  environment: dnsLabel.optional(),
  namespace: dnsLabel.optional(),
  ports: z.array(portSettings).optional(),
});

export const cidrPeer = z.strictObject({
  cidr: z.string({ error: 'expected a CIDR such as 10.0.0.0/8' }),
  except: z.array(z.string()).optional(),
  ports: z.array(portSettings).optional(),
});

const EGRESS_PEER_HINT = 'expected a namespace peer ({ environment } or { namespace }, with optional ports) or a CIDR peer ({ cidr, except?, ports? })';

/** An allowTo entry: a CIDR peer when it names `cidr`, otherwise a namespace peer. */
const egressPeer = routed<CidrPeerSettings | NamespacePeerSettings>(EGRESS_PEER_HINT, (value) => ('cidr' in value ? cidrPeer : namespacePeer));

const kubeconfigContext = z.string({ error: 'expected a kubeconfig context name' }).min(1, { error: 'expected a non-empty kubeconfig context name' });

const stateSettings = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal(StateBackendKind.LOCAL) }),
  z.strictObject({
    kind: z.literal(StateBackendKind.S3),
    bucket: z.string({ error: 'expected the S3 bucket name' }).min(3, { error: 'expected an S3 bucket name (3 to 63 characters)' })
      .max(63, { error: 'expected an S3 bucket name (3 to 63 characters)' }),
    region: z.string({ error: 'expected an AWS region such as eu-west-1' })
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'expected an AWS region such as eu-west-1' }),
    keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]+$/, { error: 'expected an S3 key prefix without spaces' }).optional(),
  }),
  z.strictObject({
    kind: z.literal(StateBackendKind.KUBERNETES),
    namespace: dnsLabel.optional(),
    context: kubeconfigContext.optional(),
  }),
], { error: `expected state.kind to be one of "${StateBackendKind.LOCAL}", "${StateBackendKind.S3}", "${StateBackendKind.KUBERNETES}"` });

/** The settings of one environment after the base and its definition are merged. */
export const environmentSchema = z.strictObject({
  name: dnsLabel,
  cluster: dnsLabel,
  namespace: dnsLabel.optional(),
  protected: z.boolean({ error: 'expected true or false' }).optional(),
  podSecurity: z.strictObject({
    enforce: z.enum(PodSecurityLevel),
    audit: z.enum(PodSecurityLevel).optional(),
    warn: z.enum(PodSecurityLevel).optional(),
    version: z.string().regex(/^(latest|v1\.\d+)$/, { error: 'expected "latest" or a Kubernetes minor version such as "v1.27"' }).optional(),
  }),
  nodePool: dnsLabel.optional(),
  quota: z.strictObject({
    requests: compute,
    limits: compute,
    storage: quantity('100Gi').optional(),
    pods: count('pods').optional(),
    services: count('Services').optional(),
    persistentVolumeClaims: count('PersistentVolumeClaims').optional(),
  }),
  limitRange: z.strictObject({ defaultRequest: compute, default: compute, max: compute }),
  access: z.strictObject({
    bindings: z.array(z.strictObject({
      group: z.string({ error: 'expected a group name' }).min(1, { error: 'expected a non-empty group name' }),
      role: z.string({ error: 'expected a role name' }),
    })).optional(),
    deployerServiceAccount: dnsLabel.optional(),
  }).optional(),
  network: z.strictObject({
    allowIngressController: z.boolean({ error: 'expected true or false' }).optional(),
    allowSameNamespace: z.boolean({ error: 'expected true or false' }).optional(),
    allowFrom: z.array(namespacePeer).optional(),
    allowTo: z.array(egressPeer).optional(),
  }).optional(),
  state: stateSettings.optional(),
  labels: labels.optional(),
  guardrails: guardrailSettings.optional(),
  // Per-app overrides; their fields are checked with the app schema once merged onto the app (app-schema.ts).
  apps: z.record(z.string(), z.record(z.string(), z.unknown(), { error: 'expected the overrides of one app (an object)' }), {
    error: 'expected app overrides by app name, e.g. { web: { version: "1.2.3" } }',
  }).optional(),
}) satisfies z.ZodType<EnvironmentSettings & { name: string; cluster: string; namespace?: string }>;

const taint = z.strictObject({
  key: z.string().regex(LABEL_KEY, { error: 'expected a taint key such as "dedicated" or "example.com/tier"' }),
  value: z.string().regex(LABEL_VALUE, { error: 'expected a taint value: at most 63 letters, digits, "-", "_" or "."' }).optional(),
  effect: z.enum(TaintEffect),
});

/** One cluster. */
export const clusterSchema = z.strictObject({
  name: dnsLabel,
  kubeconfig: z.strictObject({
    context: kubeconfigContext,
    path: z.string({ error: 'expected the path of a kubeconfig file' }).min(1, { error: 'expected a non-empty kubeconfig file path' }).optional(),
  }),
  ingress: z.strictObject({ className: dnsLabel.optional(), namespace: dnsLabel.optional() }).optional(),
  dns: z.strictObject({ namespace: dnsLabel.optional(), podLabels: labels.optional() }).optional(),
  nodePools: z.array(z.strictObject({ name: dnsLabel, labels: labels.optional(), taints: z.array(taint).optional() })).optional(),
  guardrails: guardrailSettings.optional(),
  monitoring: z.strictObject({
    namespace: dnsLabel.optional(),
    prometheusOperator: z.boolean({ error: 'expected true or false' }).optional(),
  }).optional(),
  priorityClasses: z.array(z.strictObject({
    // The API server reserves the system- prefix for its own classes (system-cluster-critical, system-node-critical).
    name: dnsLabel.refine((name) => !name.startsWith('system-'), {
      error: 'the "system-" prefix is reserved for Kubernetes system classes; choose another name',
    }),
    value: z.number().int({ error: 'expected a whole number' })
      .min(-2_147_483_648, { error: 'expected at least -2147483648' })
      .max(1_000_000_000, { error: 'expected at most 1000000000 (larger values are reserved for system classes)' }),
    description: z.string(),
    globalDefault: z.boolean().optional(),
    preempting: z.boolean().optional(),
  })).optional(),
}) satisfies z.ZodType<ClusterDefinition>;

const ruleStrings = (what: string) => z.array(z.string(), { error: `expected a list of ${what}` }).min(1, { error: `expected at least one of ${what}` });

/** A declared role. */
export const roleSchema = z.strictObject({
  name: dnsLabel,
  rules: z.array(z.strictObject({
    apiGroups: z.array(z.string(), { error: 'expected a list of API groups ("" for the core group)' }),
    resources: ruleStrings('resources'),
    verbs: ruleStrings('verbs'),
    resourceNames: z.array(z.string()).optional(),
  }) satisfies z.ZodType<PolicyRuleDefinition>).min(1, { error: 'expected at least one rule' }),
}) satisfies z.ZodType<RoleDefinition>;

/** The top level of the platform definition; its parts are checked with the schemas above. */
const LABEL_DOMAIN_HINT = 'expected a DNS subdomain you own, such as "platform.acme.com" (lowercase letters, digits, "-" and ".")';
const RESERVED_LABEL_DOMAINS = ['kubernetes.io', 'k8s.io'];

export const platformSchema = z.strictObject({
  clusters: z.array(z.unknown(), { error: 'expected a list of clusters' }).min(1, { error: 'expected at least one cluster' }),
  base: z.record(z.string(), z.unknown(), { error: 'expected the base environment settings (an object)' }),
  environments: z.array(z.unknown(), { error: 'expected a list of environments' }).min(1, { error: 'expected at least one environment' }),
  roles: z.array(z.unknown(), { error: 'expected a list of roles' }).optional(),
  apps: z.array(z.unknown(), { error: 'expected a list of apps' }).optional(),
  labelDomain: z.string({ error: LABEL_DOMAIN_HINT })
    .refine((value) => DNS_SUBDOMAIN.test(value), { error: LABEL_DOMAIN_HINT })
    .refine((value) => !RESERVED_LABEL_DOMAINS.some((reserved) => value === reserved || value.endsWith(`.${reserved}`)), {
      error: `${RESERVED_LABEL_DOMAINS.join(' and ')} and their subdomains are reserved for Kubernetes; use a domain of your own`,
    })
    .optional(),
  previews: z.strictObject({
    template: dnsLabel,
    janitorSchedule: z.string({ error: 'expected a cron schedule such as "*/15 * * * *"' }).optional(),
    janitorImage: z.string({ error: 'expected a container image reference with a tag or digest' }).optional(),
  }, { error: 'expected { template, janitorSchedule?, janitorImage? }' }).optional(),
});

/**
 * Parses `input` with `schema`; returns the parsed value or the issues, each naming `subject`, the field, the value
 * and what is allowed. `isInherited` tells, per path, whether the value came from the base.
 */
export function parseWith<T>(
  schema: z.ZodType<T>, input: unknown, subject: string, isInherited: (path: PropertyKey[]) => boolean = () => false,
): { value?: T; issues: ValidationIssue[] } {
  const result = schema.safeParse(input);
  if (result.success) {
    return { value: result.data, issues: [] };
  }
  const issues: ValidationIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'invalid_key') {
      // A record key is wrong: show the key itself, and the key schema's own message rather than zod's generic one.
      issues.push({
        subject,
        path: formatPath(issue.path),
        value: issue.path[issue.path.length - 1],
        allowed: issue.issues[0]?.message ?? issue.message,
        inherited: isInherited(issue.path),
      });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, input, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        issues.push({
          subject,
          path: formatPath(path),
          value: valueAt(input, path),
          allowed: `unknown field; allowed fields here: ${allowed.join(', ')}`,
          inherited: isInherited(path),
        });
      }
      continue;
    }
    const value = valueAt(input, issue.path);
    issues.push({
      subject,
      path: formatPath(issue.path),
      value,
      allowed: allowedText(issue),
      // A missing value is inherited from nowhere.
      inherited: value !== undefined && isInherited(issue.path),
    });
  }
  return { issues };
}

function allowedText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        return `expected one of ${(issue.options as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      }
      return issue.message;
    case 'invalid_type':
      if (issue.message.startsWith('Invalid input')) {
        return `expected ${issue.expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`}`;
      }
      return issue.message;
    default:
      return issue.message;
  }
}

/** The field names a strict object schema allows at a path of `input`, for "unknown field" errors. */
function allowedKeys(schema: z.core.$ZodType, input: unknown, path: ReadonlyArray<PropertyKey>): string[] {
  const keys = new Set<string>();
  const visit = (node: z.core.$ZodType, value: unknown, rest: ReadonlyArray<PropertyKey>): void => {
    const route = ROUTES.get(node);
    if (route) {
      return isPlainObject(value) ? visit(route(value), value, rest) : undefined;
    }
    const def = node._zod.def as unknown as SchemaDef;
    switch (def.type) {
      case 'optional': case 'nullable': case 'default':
        return visit(def.innerType!, value, rest);
      case 'union':
        return unionOptionsFor(def, value).forEach((option) => visit(option, value, rest));
      case 'array':
        return visit(def.element!, valueAt(value, rest.slice(0, 1)), rest.slice(1));
      case 'record':
        return visit(def.valueType!, valueAt(value, rest.slice(0, 1)), rest.slice(1));
      case 'object':
        if (rest.length === 0) {
          Object.keys(def.shape!).forEach((key) => keys.add(key));
        } else if (def.shape![String(rest[0])]) {
          visit(def.shape![String(rest[0])], valueAt(value, rest.slice(0, 1)), rest.slice(1));
        }
        return;
      default:
        return;
    }
  };
  visit(schema, input, path);
  return [...keys];
}

type SchemaDef = {
  type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; innerType?: z.core.$ZodType;
  options?: z.core.$ZodType[]; valueType?: z.core.$ZodType; discriminator?: string;
};

/**
 * The options of a union that `value` was written for, so that an unknown field lists the fields of that option only:
 * the option its discriminator names (`state.kind`), or all of them.
 */
function unionOptionsFor(def: SchemaDef, value: unknown): z.core.$ZodType[] {
  const options = def.options!;
  const discriminator = def.discriminator;
  if (discriminator === undefined || !isPlainObject(value)) {
    return options;
  }
  const shapeOf = (option: z.core.$ZodType) => (option._zod.def as unknown as SchemaDef).shape ?? {};
  const named = options.filter((option) => shapeOf(option)[discriminator]?._zod.values?.has(value[discriminator] as never));
  return named.length > 0 ? named : options;
}
