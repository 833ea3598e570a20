/**
 * The building blocks of the definitions' zod schemas (each concept's schema is in its folder), and `parseWith`, which
 * turns zod's issues into the platform's. Schemas check each field on its own (types, formats, ranges, unknown
 * fields); relations between fields and between definitions are checked by the resolvers (`resolve-*.ts`).
 */
import { z } from 'zod';
import { ValidationIssue, formatPath, valueAt } from './errors';
import { isPlainObject } from './merge';
import { implausibleBytes, isQuantity } from './quantity';
import { CidrPeerSettings, NamespacePeerSettings, Protocol } from './network';
import { Severity } from './guardrail-settings';

/** RFC 1123 label, what Kubernetes requires of namespace and many object names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS subdomain (RFC 1123): dot-separated DNS labels, at most 253 characters (host names, label-key prefixes). */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A qualified label key: optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A label value: empty, or at most 63 alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * Guardrail exceptions and severities: the shape here; rule ids, levels, object references and repeats are checked by
 * lib/guardrails.
 */
export const guardrailSettings = z.strictObject({
  exceptions: z.array(z.strictObject({
    rule: z.string({ error: 'expected a rule id' }),
    object: z.string({ error: 'expected an object reference such as "Deployment/web", or no object to accept the rule for every object' }).optional(),
    reason: z.string({ error: 'expected the reason the violation is accepted' }),
  }), { error: 'expected a list of { rule, object?, reason }' }).optional(),
  severity: z.record(z.string(), z.enum(Severity), { error: 'expected { <rule id>: "error" | "warning" }' }).optional(),
});

export const DNS_LABEL_HINT = 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, '
  + 'at most 63 characters';

export const dnsLabel = z.string({ error: DNS_LABEL_HINT }).max(63, { error: DNS_LABEL_HINT }).regex(DNS_LABEL, { error: DNS_LABEL_HINT });

export const labels = z.record(
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

/**
 * A quantity of bytes (memory, storage): a whole number of them. `128m` is valid Kubernetes (0.128 bytes) and never
 * meant; the message names the likely intended quantity (`128Mi`).
 */
export const bytes = (example: string) => quantity(example).superRefine((value, context) => {
  const why = implausibleBytes(value);
  if (why !== undefined) context.addIssue({ code: 'custom', message: `expected a whole number of bytes: ${why}`, input: value });
});

export const compute = z.strictObject({ cpu: quantity('500m or 2'), memory: bytes('512Mi or 4Gi') });

/** Limits: memory always, CPU only where stated (see ComputeLimits in quantity.ts). */
export const computeLimits = z.strictObject({ cpu: quantity('500m or 2').optional(), memory: bytes('512Mi or 4Gi') });

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

export const namespacePeer = z.strictObject({
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
export const egressPeer = routed<CidrPeerSettings | NamespacePeerSettings>(EGRESS_PEER_HINT, (value) => ('cidr' in value ? cidrPeer : namespacePeer));

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
