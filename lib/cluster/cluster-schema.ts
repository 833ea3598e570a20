/**
 * The shape of a cluster definition: the fields of {@link clusterSchema} plus the topology of
 * `cluster-types.ts`, each field checked on its own. Relations (HA needs an endpoint and zones, protected clusters
 * need HA, version skew, …) are checked in `resolve-cluster.ts`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { CONTROL_PLANE_REPLICAS } from './cluster-defaults';
import {
  AuditLevel, AuditPreset, BackupTargetKind, EncryptionKind, KmsPluginProvider, EtcdKind, LocalEncryptionAlgorithm, ReclaimPolicy, VolumeAccessMode,
  VolumeBindingMode, ClusterDefinition, TaintEffect,
} from './cluster-types';
import { KUBERNETES_VERSION_PATTERN } from '../core/kubernetes-version';
import { bytes, DNS_SUBDOMAIN, dnsLabel, port, LABEL_KEY, LABEL_VALUE, guardrailSettings, labels, quantity } from '../core/schema';


export const kubeconfigContext = z.string({ error: 'expected a kubeconfig context name' }).min(1, { error: 'expected a non-empty kubeconfig context name' });

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
  gateway: z.strictObject({
    // GatewayClass names are DNS subdomains (metadata.name of a cluster-scoped object); a label covers every known class.
    className: dnsLabel,
    namespace: dnsLabel.optional(),
    name: dnsLabel.optional(),
    dataPlaneNamespace: dnsLabel.optional(),
    clusterIssuer: dnsLabel.optional(),
  }).optional(),
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

const ABSOLUTE_PATH_HINT = 'expected an absolute path such as /etc/kubernetes/pki/etcd/ca.crt';
const absolutePath = z.string({ error: ABSOLUTE_PATH_HINT }).regex(/^\/\S*$/, { error: ABSOLUTE_PATH_HINT });

const VERSION_HINT = 'expected a Kubernetes release version such as "v1.36.1"';
const kubernetesVersion = z.string({ error: VERSION_HINT }).regex(KUBERNETES_VERSION_PATTERN, { error: VERSION_HINT });

const HOST_HINT = 'expected a DNS name such as api.prod.example.com, or an IP address';
const host = z.string({ error: HOST_HINT }).refine((value) => DNS_SUBDOMAIN.test(value) || isIP(value) !== 0, { error: HOST_HINT });

const SAN_HINT = 'expected a DNS name (optionally *.wildcard) or an IP address';
const subjectAlternativeName = z.string({ error: SAN_HINT })
  .refine((value) => DNS_SUBDOMAIN.test(value.replace(/^\*\./, '')) || isIP(value) !== 0, { error: SAN_HINT });

const ETCD_ENDPOINT_HINT = 'expected an etcd client URL such as https://10.0.1.10:2379';
const etcdEndpoint = z.string({ error: ETCD_ENDPOINT_HINT }).regex(/^https:\/\/[^\s/:]+(:\d{1,5})?$/, { error: ETCD_ENDPOINT_HINT });

const nonEmptyStrings = (what: string) => z.array(z.string().min(1, { error: `expected a non-empty ${what}` }), { error: `expected a list of ${what}s` });

const etcd = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal(EtcdKind.STACKED), dataDir: absolutePath.optional() }),
  z.strictObject({
    kind: z.literal(EtcdKind.EXTERNAL),
    // etcd keeps a majority through (n-1)/2 member failures; an even count adds a member without adding tolerance.
    endpoints: z.array(etcdEndpoint, { error: 'expected a list of etcd client URLs' }).refine((list) => CONTROL_PLANE_REPLICAS.includes(list.length), {
      error: 'expected an odd number of etcd members: 1, 3, 5 or 7 endpoints',
    }),
    caFile: absolutePath.optional(),
    certFile: absolutePath.optional(),
    keyFile: absolutePath.optional(),
  }),
], { error: `expected controlPlane.etcd.kind to be one of "${EtcdKind.STACKED}", "${EtcdKind.EXTERNAL}"` });

const controlPlane = z.strictObject({
  replicas: z.number({ error: 'expected a whole number of replicas: 1, 3, 5 or 7' }).refine((n) => CONTROL_PLANE_REPLICAS.includes(n), {
    error: 'expected 1, 3, 5 or 7 replicas: an odd number, so that etcd keeps a majority through (n-1)/2 failures, and at most 7, '
      + 'beyond which every write waits on more members',
  }).optional(),
  zones: z.array(dnsLabel, { error: 'expected a list of zone names' }).optional(),
  endpoint: z.strictObject({ host, port: port.optional() }).optional(),
  certSANs: z.array(subjectAlternativeName, { error: 'expected a list of DNS names or IP addresses' }).optional(),
  apiServer: z.strictObject({
    addresses: z.array(z.string({ error: 'expected a CIDR such as 10.0.0.0/24' }), { error: 'expected a list of CIDRs' })
      .min(1, { error: 'expected at least one CIDR holding the API servers\' addresses' }),
    port: port.optional(),
  }).optional(),
  etcd: etcd.optional(),
});

const auditRule = z.strictObject({
  level: z.enum(AuditLevel),
  users: nonEmptyStrings('user name').optional(),
  userGroups: nonEmptyStrings('group name').optional(),
  verbs: nonEmptyStrings('verb').optional(),
  resources: z.array(z.strictObject({
    group: z.string({ error: 'expected an API group ("" for the core group)' }).optional(),
    resources: nonEmptyStrings('resource').optional(),
    resourceNames: nonEmptyStrings('object name').optional(),
  })).optional(),
  namespaces: z.array(z.string(), { error: 'expected a list of namespaces ("" for cluster-scoped objects)' }).optional(),
  nonResourceURLs: z.array(z.string().regex(/^\/\S*$/, { error: 'expected a URL path such as /healthz*' })).optional(),
});

const positive = (what: string) => z.number({ error: `expected a whole number of ${what}` })
  .int({ error: `expected a whole number of ${what}` })
  .min(1, { error: `expected at least 1 ${what}` });

const audit = z.strictObject({
  preset: z.enum(AuditPreset).optional(),
  rules: z.array(auditRule).optional(),
  maxAgeDays: positive('days').optional(),
  maxBackups: positive('files').optional(),
  maxSizeMiB: positive('MiB').optional(),
});

const RESOURCE_HINT = 'expected a resource such as "secrets" or "configmaps" (or "<resource>.<group>")';
const encryptedResources = z.array(z.string({ error: RESOURCE_HINT }).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: RESOURCE_HINT }))
  .min(1, { error: 'expected at least one resource' });

const KMS_ENDPOINT_HINT = 'expected the UNIX socket of the KMS plugin, such as unix:///var/run/kmsplugin/socket.sock';

const KMS_PLUGIN_HINT = `expected who provides the KMS plugin on the control-plane machines: { providedBy: "${KmsPluginProvider.MACHINE_IMAGE}" } `
  + `or { providedBy: "${KmsPluginProvider.STATIC_POD}", image, args? }; the API server cannot start without the plugin's socket`;

const kmsPlugin = z.discriminatedUnion('providedBy', [
  z.strictObject({ providedBy: z.literal(KmsPluginProvider.MACHINE_IMAGE) }),
  z.strictObject({
    providedBy: z.literal(KmsPluginProvider.STATIC_POD),
    image: z.string({ error: () => IMAGE_HINT }).refine((image) => isPinnedImage(image), { error: () => IMAGE_HINT }),
    args: z.array(z.string()).optional(),
  }),
], { error: KMS_PLUGIN_HINT });

const encryption = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal(EncryptionKind.KMS),
    plugin: kmsPlugin,
    name: dnsLabel,
    endpoint: z.string({ error: KMS_ENDPOINT_HINT }).regex(/^unix:\/\/\/\S+$/, { error: KMS_ENDPOINT_HINT }),
    timeoutSeconds: positive('seconds').optional(),
    resources: encryptedResources.optional(),
  }),
  z.strictObject({
    kind: z.literal(EncryptionKind.LOCAL),
    algorithm: z.enum(LocalEncryptionAlgorithm).optional(),
    keys: z.array(dnsLabel, { error: 'expected a list of key names, newest first' }).min(1, { error: 'expected at least one key name' }),
    resources: encryptedResources.optional(),
  }),
], { error: `expected encryption.kind to be one of "${EncryptionKind.KMS}", "${EncryptionKind.LOCAL}"` });

const S3_BUCKET_HINT = 'expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." or "-"';
const AWS_REGION_HINT = 'expected an AWS region such as eu-west-1';
const S3_ENDPOINT_HINT = 'expected an https:// URL such as https://minio.example.com';

const backupTarget = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal(BackupTargetKind.VOLUME),
    storageClass: dnsLabel.optional(),
    size: bytes('20Gi').optional(),
    accessMode: z.enum(VolumeAccessMode).optional(),
  }),
  z.strictObject({
    kind: z.literal(BackupTargetKind.S3),
    bucket: z.string({ error: S3_BUCKET_HINT }).regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: S3_BUCKET_HINT }),
    region: z.string({ error: AWS_REGION_HINT }).regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: AWS_REGION_HINT }),
    prefix: z.string().regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, { error: 'expected an S3 key prefix such as prod/etcd (no spaces, no leading or trailing "/")' })
      .optional(),
    endpoint: z.string({ error: S3_ENDPOINT_HINT }).regex(/^https:\/\/[^\s/]+(\/\S*)?$/, { error: S3_ENDPOINT_HINT }).optional(),
    credentialsSecret: dnsLabel,
  }),
], { error: `expected etcdBackup.target.kind to be one of "${BackupTargetKind.VOLUME}", "${BackupTargetKind.S3}"` });

const CRON_HINT = 'expected a cron schedule of five fields such as "0 */6 * * *", or a macro such as "@daily"';
const cron = z.string({ error: CRON_HINT })
  .regex(/^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|([0-9A-Za-z*,/?-]+\s+){4}[0-9A-Za-z*,/?-]+)$/, { error: CRON_HINT });

const IMAGE_HINT = 'expected a container image reference with a tag or digest, such as registry.k8s.io/etcd:3.6.9-0';

/** `[registry[:port]/]path[:tag][@sha256:digest]`, with a tag or a digest: an image that cannot change under the same name. */
function isPinnedImage(image: string): boolean {
  const match = /^((?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*)(?::([\w][\w.-]{0,127}))?(?:@sha256:([a-f0-9]{64}))?$/.exec(image);
  return match !== null && (match[2] !== undefined || match[3] !== undefined);
}

const etcdBackup = z.strictObject({
  schedule: cron.optional(),
  retention: positive('snapshots').optional(),
  target: backupTarget,
  image: z.string({ error: IMAGE_HINT }).refine(isPinnedImage, { error: IMAGE_HINT }).optional(),
});

const PROVISIONER_HINT = 'expected a provisioner (CSI driver) name such as ebs.csi.aws.com';

const storage = z.strictObject({
  classes: z.array(z.strictObject({
    name: dnsLabel,
    provisioner: z.string({ error: PROVISIONER_HINT })
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$/, { error: PROVISIONER_HINT }),
    parameters: z.record(z.string(), z.string({ error: 'expected a string parameter value (quote numbers and booleans)' })).optional(),
    reclaimPolicy: z.enum(ReclaimPolicy).optional(),
    volumeBindingMode: z.enum(VolumeBindingMode).optional(),
    allowVolumeExpansion: z.boolean({ error: 'expected true or false' }).optional(),
  })).optional(),
  defaultClass: dnsLabel.optional(),
});

/** A name template: DNS-subdomain characters and the placeholders `allowed` (`{cluster}`, `{pool}`). */
function nameTemplate(...allowed: string[]) {
  const hint = `expected a name (lowercase letters, digits, "-" and ".") that may use ${allowed.map((p) => `{${p}}`).join(' and ')}`;
  return z.string({ error: hint }).refine((template) => {
    const rendered = allowed.reduce((text, placeholder) => text.split(`{${placeholder}}`).join('x'), template);
    return DNS_SUBDOMAIN.test(rendered);
  }, { error: hint });
}

const API_VERSION_HINT = 'expected an API version such as infrastructure.cluster.x-k8s.io/v1beta2';
const KIND_HINT = 'expected a kind such as AWSMachineTemplate';
const kind = z.string({ error: KIND_HINT }).regex(/^[A-Z][A-Za-z0-9]*$/, { error: KIND_HINT });

const clusterApi = z.strictObject({
  namespace: dnsLabel.optional(),
  infrastructure: z.strictObject({
    apiVersion: z.string({ error: API_VERSION_HINT }).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/v\d+((alpha|beta)\d+)?$/, { error: API_VERSION_HINT })
      .optional(),
    clusterKind: kind.optional(),
    machineTemplateKind: kind.optional(),
    clusterName: nameTemplate('cluster').optional(),
    controlPlaneMachineTemplate: nameTemplate('cluster').optional(),
    nodePoolMachineTemplate: nameTemplate('cluster', 'pool').optional(),
    externalCloudProvider: z.boolean().optional(),
  }).optional(),
});

const size = (what: string) => z.number({ error: `expected a whole number of ${what}` })
  .int({ error: `expected a whole number of ${what}` })
  .min(0, { error: `expected zero or more ${what}` });

/** The node pool of {@link clusterSchema}, with zones, sizes, version and the environments it serves. */
const nodePool = clusterSchema.shape.nodePools.unwrap().element.extend({
  zones: z.array(dnsLabel, { error: 'expected a list of zone names' }).optional(),
  minSize: size('nodes per zone').optional(),
  maxSize: size('nodes per zone').optional(),
  kubernetesVersion: kubernetesVersion.optional(),
  environments: z.array(dnsLabel, { error: 'expected a list of environment names' }).optional(),
  allocatable: z.strictObject({
    cpu: quantity('7910m or 8'),
    memory: bytes('28Gi'),
    pods: z.number({ error: 'expected a whole number of pods per node' }).int({ error: 'expected a whole number of pods per node' })
      .min(1, { error: 'expected at least 1 pod per node' }),
  }).optional(),
});

/** Pod or Service CIDRs: strings here; what they hold (valid CIDRs, one per family, apart) is checked in resolve-cluster.ts. */
const subnets = z.array(z.string({ error: 'expected a CIDR such as 10.244.0.0/16' }), { error: 'expected a list of CIDRs, one per IP family' });

const networking = z.strictObject({ podSubnets: subnets.optional(), serviceSubnets: subnets.optional() });

/** One cluster, with its topology. */
export const clusterDefinitionSchema = clusterSchema.extend({
  nodePools: z.array(nodePool).optional(),
  kubernetesVersion: kubernetesVersion.optional(),
  controlPlane: controlPlane.optional(),
  audit: audit.optional(),
  encryption: encryption.optional(),
  etcdBackup: etcdBackup.optional(),
  storage: storage.optional(),
  clusterApi: clusterApi.optional(),
  networking: networking.optional(),
}) satisfies z.ZodType<ClusterDefinition>;
