/**
 * The shape of an app after its declaration and an environment's override are merged. Relations (ports, dependencies,
 * sizes against the environment) are checked in `resolve-apps.ts`; each release strategy checks its own settings
 * (`release/*.ts`).
 */
import { z } from 'zod';
import { AppSettings } from './app-types';
import { bytes, cidrPeer, compute, dnsLabel, quantity } from '../core/schema';
import { Protocol } from '../core/network';
import { digest, seconds, tag } from './_schema';
import { releaseStrategySchema } from './release/registry';

/** A port name (IANA_SVC_NAME): at most 15 characters, lowercase letters, digits and '-', at least one letter. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PORT_NAME_HINT = 'expected a port name: at most 15 lowercase letters, digits and "-", with at least one letter';
const portName = z.string({ error: PORT_NAME_HINT }).max(15, { error: PORT_NAME_HINT }).regex(PORT_NAME, { error: PORT_NAME_HINT });

/** An image repository without tag or digest (`registry.example.com/shop/web`, `nginx`). */
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const repository = z.string({ error: 'expected an image repository such as registry.example.com/shop/web' })
  .regex(REPOSITORY, { error: 'expected an image repository without tag or digest, such as registry.example.com/shop/web (set the tag with version)' });

const probe = z.strictObject({
  http: z.strictObject({
    path: z.string().regex(/^\//, { error: 'expected a path starting with "/"' }),
    port: portName,
  }).optional(),
  tcp: z.strictObject({ port: portName }).optional(),
  exec: z.strictObject({ command: z.array(z.string()).min(1, { error: 'expected a command' }) }).optional(),
  periodSeconds: seconds('periodSeconds', 1).optional(),
  failureThreshold: z.number().int().min(1, { error: 'expected at least 1' }).optional(),
  initialDelaySeconds: seconds('initialDelaySeconds').optional(),
  timeoutSeconds: seconds('timeoutSeconds', 1).optional(),
});

// At most 240 characters: the preview host (`preview-<host>`) and the certificate Secret (`<host>-tls`) stay within the
// 253 of a DNS subdomain name (RFC 1123), which Gateway listener hostnames and Secret names are.
const HOST_HINT = 'expected a fully qualified host name such as shop.example.com (no wildcard), at most 240 characters';
const hostName = z.string({ error: 'expected the host name of this environment' }).max(240, { error: HOST_HINT })
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/, { error: HOST_HINT });
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name: letters, digits and "_", not starting with a digit' });
const absolutePath = z.string().regex(/^\/[^\0]*$/, { error: 'expected an absolute path such as /tmp' });
const replicas = z.number({ error: 'expected a whole number of replicas' }).int({ error: 'expected a whole number of replicas' });
const percent = z.number().int({ error: 'expected a whole percentage' }).min(1, { error: 'expected a percentage from 1 to 100' })
  .max(100, { error: 'expected a percentage from 1 to 100' });

/** One app in one environment: its declaration merged with the environment's override. */
export const appSchema = z.strictObject({
  name: dnsLabel,
  enabled: z.boolean({ error: 'expected true or false' }).optional(),
  image: repository,
  version: tag.optional(),
  digest: digest.optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  ports: z.array(z.strictObject({
    name: portName,
    port: z.number({ error: 'expected a port number from 1 to 65535' }).int().min(1, { error: 'expected a port number from 1 to 65535' })
      .max(65535, { error: 'expected a port number from 1 to 65535' }),
    protocol: z.enum(Protocol).optional(),
  })).optional(),
  ingress: z.strictObject({
    port: portName,
    host: hostName,
    path: z.string().regex(/^\//, { error: 'expected a path starting with "/"' }).optional(),
    previewHost: hostName.optional(),
  }).optional(),
  env: z.record(envName, z.string({ error: 'expected a string value' })).optional(),
  config: z.strictObject({
    files: z.record(z.string().regex(/^[-._a-zA-Z0-9]+$/, { error: 'expected a file name of letters, digits, "-", "_" and "."' }), z.string()),
    mountPath: absolutePath.optional(),
  }).optional(),
  secrets: z.array(z.strictObject({
    name: dnsLabel,
    existingSecret: dnsLabel.optional(),
    externalStore: z.strictObject({ store: dnsLabel, key: z.string().min(1, { error: 'expected the key in the store' }) }).optional(),
    env: z.record(envName, z.string().min(1, { error: 'expected the key of the Secret' })).optional(),
    mountPath: absolutePath.optional(),
  })).optional(),
  dependencies: z.strictObject({
    apps: z.array(z.strictObject({ app: dnsLabel, port: portName })).optional(),
    cidrs: z.array(cidrPeer).optional(),
  }).optional(),
  resources: z.strictObject({
    requests: compute,
    limits: z.strictObject({ memory: bytes('512Mi'), cpu: quantity('500m').optional() }),
  }),
  probes: z.strictObject({ readiness: probe, liveness: probe, startup: probe.optional() }),
  replicas: replicas.min(0, { error: 'expected zero or more replicas' }).optional(),
  autoscaling: z.strictObject({
    minReplicas: replicas.min(1, { error: 'expected at least 1 replica' }),
    maxReplicas: replicas.min(1, { error: 'expected at least 1 replica' }),
    cpuUtilization: percent.optional(),
    memoryUtilization: percent.optional(),
  }).optional(),
  maxUnavailable: replicas.min(1, { error: 'expected at least 1: a budget that allows no eviction blocks node drains' }).optional(),
  strategy: releaseStrategySchema.optional(),
  writablePaths: z.array(absolutePath).optional(),
  kubernetesApiAccess: z.boolean({ error: 'expected true or false' }).optional(),
  runAsUser: z.number().int().min(1, { error: 'expected a non-root user id (1 or more)' }).optional(),
  priorityClass: dnsLabel.optional(),
  storage: z.strictObject({ size: bytes('20Gi'), mountPath: absolutePath, storageClass: dnsLabel.optional() }).optional(),
  metrics: z.strictObject({ port: portName, path: z.string().regex(/^\//, { error: 'expected a path starting with "/"' }).optional() }).optional(),
}) satisfies z.ZodType<AppSettings & { name: string }>;
