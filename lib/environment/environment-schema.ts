/** The shape of an environment's merged settings, and of a role (relations are checked in `resolve-environment.ts`). */
import { z } from 'zod';
import { EnvironmentSettings, PodSecurityLevel, PolicyRuleDefinition, RoleDefinition } from './environment-types';
import { bytes, compute, computeLimits, count, dnsLabel, egressPeer, guardrailSettings, labels, namespacePeer } from '../core/schema';
import { stateSettingsSchema } from './state-backends/registry';

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
    version: z.string().regex(/^(latest|v1\.\d+)$/, { error: 'expected "latest" or a Kubernetes minor version such as "v1.36"' }).optional(),
  }),
  nodePool: dnsLabel.optional(),
  quota: z.strictObject({
    requests: compute,
    limits: computeLimits,
    storage: bytes('100Gi').optional(),
    pods: count('pods').optional(),
    services: count('Services').optional(),
    persistentVolumeClaims: count('PersistentVolumeClaims').optional(),
  }),
  limitRange: z.strictObject({ defaultRequest: compute, default: computeLimits, max: computeLimits }),
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
  state: stateSettingsSchema.optional(),
  labels: labels.optional(),
  guardrails: guardrailSettings.optional(),
  // Per-app overrides; their fields are checked with the app schema once merged onto the app (app-schema.ts).
  apps: z.record(z.string(), z.record(z.string(), z.unknown(), { error: 'expected the overrides of one app (an object)' }), {
    error: 'expected app overrides by app name, e.g. { web: { version: "1.2.3" } }',
  }).optional(),
}) satisfies z.ZodType<EnvironmentSettings & { name: string; cluster: string; namespace?: string }>;

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
