/**
 * The corpus of invalid definitions: each case breaks the reference platform in one way and must end synth with an
 * error that names where (environment, cluster, role or platform), the field path, the value received and what is
 * allowed — and write nothing. The second half breaks the definition's files and the entry points' variables.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkPlatform, DeliveryError, outputsOfCharts, PlatformCharts, PlatformDefinition, resolvePlatform, synthPlatform } from '../../lib';
import { formatAmount, QuantityUnit } from '../../lib/core/quantity-math';
import { DefinitionLoadError } from '../../lib/core/errors';
import { loadPlatformDefinition } from '../../lib/platform/load-definition';
import { platform } from '../../environments';
import { referenceDefinition } from '../../stacks/_platform';
import { copyEnvironments } from '../delivery/_fixtures';

type Mutable = any;

/** A copy of the reference definition to break (plain data, so a JSON copy is exact). */
function reference(): Mutable {
  return JSON.parse(JSON.stringify(platform));
}

const env = (def: Mutable, name: string) => def.environments.find((e: Mutable) => e.name === name);
const cluster = (def: Mutable, name: string) => def.clusters.find((c: Mutable) => c.name === name);
const app = (def: Mutable, name: string) => def.apps.find((a: Mutable) => a.name === name);
const appIn = (def: Mutable, envName: string, appName: string) => {
  const e = env(def, envName);
  e.apps = e.apps ?? {};
  e.apps[appName] = e.apps[appName] ?? {};
  return e.apps[appName];
};

/** [category, case, how to break it, the line the error must contain (subject: field is value)] */
const CASES: Array<[string, string, (def: Mutable) => void, string]> = [
  // names
  ['names', 'environment name not a DNS label', (d) => { env(d, 'dev').name = 'Dev'; }, 'environment "Dev": name is "Dev"'],
  ['names', 'cluster name with an underscore', (d) => { cluster(d, 'prod').name = 'prod_1'; }, 'cluster "prod_1": name is "prod_1"'],
  ['names', 'reserved namespace', (d) => { env(d, 'dev').namespace = 'kube-system'; }, 'environment "dev": namespace is "kube-system"'],
  ['names', 'duplicate environment names', (d) => { env(d, 'qa').name = 'dev'; }, 'platform: environments[].name is "dev"'],
  ['names', 'duplicate cluster names', (d) => { d.clusters.push({ ...cluster(d, 'prod') }); }, 'platform: clusters[].name is "prod"'],
  ['names', 'app name not a DNS label', (d) => { app(d, 'web').name = 'Web'; }, 'apps.Web.name is "Web"'],
  ['names', 'node pool name with a space', (d) => { cluster(d, 'nonprod').nodePools[0].name = 'dev pool'; }, 'cluster "nonprod": nodePools[0].name is "dev pool"'],
  ['names', 'duplicate app names', (d) => { d.apps.push({ ...app(d, 'worker') }); }, 'platform: apps[].name is "worker"'],
  ['names', 'a preview TTL in weeks', (d) => { d.previews.ttl = '2w'; }, 'platform: previews.ttl is "2w"'],
  ['names', 'a preview TTL longer than the longest a preview may live', (d) => { d.previews.ttl = '30d'; }, 'platform: previews.ttl is "30d"'],
  ['names', 'port name too long', (d) => { app(d, 'web').ports[0].name = 'http-for-the-front-end'; }, 'apps.web.ports[0].name is "http-for-the-front-end"'],
  // references
  ['references', 'unknown cluster', (d) => { env(d, 'qa').cluster = 'moon'; }, 'environment "qa": cluster is "moon"'],
  ['references', 'unknown node pool', (d) => { env(d, 'dev').nodePool = 'gpu'; }, 'environment "dev": nodePool is "gpu"'],
  ['references', 'unknown role', (d) => { env(d, 'dev').access = { bindings: [{ group: 'ops', role: 'root' }] }; }, 'environment "dev": access.bindings[0].role is "root"'],
  ['references', 'dependency on an unknown app', (d) => { app(d, 'web').dependencies.apps.push({ app: 'billing', port: 'http' }); },
    'environment "dev": apps.web.dependencies.apps[1].app is "billing"'],
  ['references', 'dependency on an unknown port', (d) => { app(d, 'web').dependencies.apps[0].port = 'grpc'; },
    'environment "dev": apps.web.dependencies.apps[0].port is "grpc"'],
  ['references', 'unknown peer environment', (d) => { env(d, 'dev').network = { allowTo: [{ environment: 'sandbox' }] }; },
    'environment "dev": network.allowTo[0].environment is "sandbox"'],
  ['references', 'peer environment on another cluster', (d) => { env(d, 'dev').network = { allowTo: [{ environment: 'production' }] }; },
    'environment "dev": network.allowTo[0].environment is "production"'],
  ['references', 'another environment\'s namespace as a plain namespace peer', (d) => { env(d, 'dev').network = { allowFrom: [{ namespace: 'qa' }] }; },
    'environment "dev": network.allowFrom[0].namespace is "qa"'],
  ['references', 'unknown PriorityClass', (d) => { app(d, 'web').priorityClass = 'urgent'; }, 'environment "dev": apps.web.priorityClass is "urgent"'],
  ['references', 'ingress on an undeclared port', (d) => { app(d, 'web').ingress.port = 'https'; }, 'environment "dev": apps.web.ingress.port is "https"'],
  ['references', 'probe on a UDP port', (d) => { app(d, 'web').ports[0].protocol = 'UDP'; }, 'environment "dev": apps.web.probes.readiness.http.port is "http"'],
  ['references', 'override of an undeclared app', (d) => { appIn(d, 'qa', 'billing').version = '1.0.0'; }, 'environment "qa": apps.billing is {"version":"1.0.0"}'],
  ['references', 'pool serving an environment that is not on it', (d) => { cluster(d, 'nonprod').nodePools[0].environments = ['qa']; },
    'cluster "nonprod": nodePools[0].environments'],
  // counts
  ['counts', 'even control-plane replicas', (d) => { cluster(d, 'prod').controlPlane.replicas = 4; }, 'cluster "prod": controlPlane.replicas is 4'],
  ['counts', 'more than seven control-plane replicas', (d) => { cluster(d, 'prod').controlPlane.replicas = 9; }, 'cluster "prod": controlPlane.replicas is 9'],
  ['counts', 'negative pod quota', (d) => { d.base.quota.pods = -1; }, 'environment "dev": quota.pods is -1'],
  ['counts', 'one replica in production', (d) => { appIn(d, 'production', 'worker').replicas = 1; }, 'environment "production": apps.worker.replicas is 1'],
  ['counts', 'autoscaler maximum below its minimum', (d) => { appIn(d, 'staging', 'web').autoscaling = { minReplicas: 3, maxReplicas: 2 }; },
    'environment "staging": apps.web.autoscaling.maxReplicas is 2'],
  ['counts', 'disruption budget that can evict every pod', (d) => { appIn(d, 'staging', 'worker').maxUnavailable = 2; },
    'environment "staging": apps.worker.maxUnavailable is 2'],
  ['counts', 'HA control plane over fewer zones than replicas', (d) => { cluster(d, 'prod').controlPlane.zones = ['eu-west-1a', 'eu-west-1b']; },
    'cluster "prod": controlPlane.zones'],
  // sizes and quantities
  ['sizes', 'CPU request that is not a quantity', (d) => { d.base.quota.requests.cpu = '2 cores'; }, 'environment "dev": quota.requests.cpu is "2 cores"'],
  ['sizes', 'default limit above the maximum', (d) => { env(d, 'qa').limitRange = { default: { memory: '8Gi' } }; },
    'environment "qa": limitRange.default.memory is "8Gi"'],
  ['sizes', 'app request above its limit', (d) => { app(d, 'web').resources.requests.memory = '1Gi'; }, 'environment "dev": apps.web.resources.requests.memory is "1Gi"'],
  ['sizes', 'app limit above the environment maximum', (d) => { app(d, 'web').resources.limits.memory = '64Gi'; },
    'environment "dev": apps.web.resources.limits.memory is "64Gi"'],
  ['sizes', 'storage size that is not a quantity', (d) => { app(d, 'store').storage.size = 'lots'; }, 'environment "dev": apps.store.storage.size is "lots"'],
  ['sizes', 'quota requests above quota limits', (d) => { d.base.quota.requests.memory = '32Gi'; }, 'environment "dev": quota.requests.memory is "32Gi"'],
  ['sizes', 'app memory in milli-units', (d) => { app(d, 'web').resources.requests.memory = '128m'; },
    'environment "dev": apps.web.resources.requests.memory is "128m" (inherited from app "web"); expected a whole number of bytes: 128m is 0.128 bytes (m is milli, a thousandth); '
      + 'did you mean 128Mi?'],
  ['sizes', 'quota memory in milli-units', (d) => { d.base.quota.limits.memory = '16384m'; },
    'environment "dev": quota.limits.memory is "16384m" (inherited from the base); expected a whole number of bytes: 16384m is 16.384 bytes (m is '
      + 'milli, a thousandth); did you mean 16384Mi?'],
  ['sizes', 'volume size in milli-units', (d) => { appIn(d, 'production', 'store').storage.size = '50m'; },
    'environment "production": apps.store.storage.size is "50m"; expected a whole number of bytes'],
  ['sizes', 'a quota on CPU limits that no container meets', (d) => { d.base.quota.limits.cpu = '8'; },
    'environment "dev": quota.limits.cpu is "8" (inherited from the base); a quota on limits.cpu makes the API server refuse every container without a CPU '
      + 'limit'],
  // versions
  ['versions', 'Kubernetes version out of the supported range', (d) => { cluster(d, 'nonprod').kubernetesVersion = 'v1.20.0'; },
    'cluster "nonprod": kubernetesVersion is "v1.20.0"'],
  ['versions', 'Kubernetes 1.31, out of upstream support', (d) => { cluster(d, 'prod').kubernetesVersion = 'v1.31.2'; },
    'cluster "prod": kubernetesVersion is "v1.31.2"; expected v1.33.0 to v1.36.x'],
  ['versions', 'production upgraded before non-production', (d) => { cluster(d, 'prod').kubernetesVersion = 'v1.36.1'; cluster(d, 'nonprod').kubernetesVersion = 'v1.35.1'; },
    'cluster "prod": kubernetesVersion is "v1.36.1"; a protected cluster may run only a minor that an unprotected cluster already runs'],
  ['versions', 'Pod Security version without v', (d) => { d.base.podSecurity.version = '1.27'; }, 'environment "dev": podSecurity.version is "1.27"'],
  ['versions', 'latest image in production', (d) => { appIn(d, 'production', 'worker').version = 'latest'; },
    'environment "production": apps.worker.version is "latest"'],
  ['versions', 'tag inside the repository', (d) => { app(d, 'web').image = 'registry.example.com/shop/web:1.0'; },
    'environment "dev": apps.web.image is "registry.example.com/shop/web:1.0"'],
  ['versions', 'malformed digest', (d) => { appIn(d, 'dev', 'web').digest = 'sha256:xyz'; }, 'environment "dev": apps.web.digest is "sha256:xyz"'],
  // strategies and weights
  ['strategies', 'canary weight of 100', (d) => { appIn(d, 'production', 'api').strategy.weight = 100; }, 'environment "production": apps.api.strategy.weight is 100'],
  ['strategies', 'canary weight above 100', (d) => { appIn(d, 'production', 'api').strategy.weight = 150; }, 'environment "production": apps.api.strategy.weight is 150'],
  ['strategies', 'canary without a pinned version', (d) => { appIn(d, 'production', 'api').strategy.canary = {}; },
    'environment "production": apps.api.strategy.canary is {}'],
  ['strategies', 'blue-green slot without a version in production', (d) => { appIn(d, 'production', 'web').strategy.green = {}; },
    'environment "production": apps.web.strategy.green.version is missing'],
  ['strategies', 'unknown strategy kind', (d) => { appIn(d, 'qa', 'web').strategy = { kind: 'shadow' }; }, 'environment "qa": apps.web.strategy.kind is "shadow"'],
  ['strategies', 'StatefulSet released as a canary', (d) => {
    appIn(d, 'qa', 'store').strategy = { kind: 'canary', weight: 10, canary: { version: '7.2.6' } };
  }, 'environment "qa": apps.store.strategy.kind is "canary"'],
  ['strategies', 'fixed replicas on an autoscaled app', (d) => { appIn(d, 'staging', 'web').replicas = 2; }, 'environment "staging": apps.web.replicas is 2'],
  ['strategies', 'blue-green slots that could neither add nor remove a pod', (d) => {
    Object.assign(appIn(d, 'production', 'web').strategy, { maxSurge: 0, maxUnavailable: 0 });
  }, 'environment "production": apps.web.strategy.maxSurge is 0; expected more than 0 while maxUnavailable is 0'],
  ['strategies', 'a canary track that can never count as available', (d) => {
    Object.assign(appIn(d, 'production', 'api').strategy, { minReadySeconds: 700 });
  }, 'environment "production": apps.api.strategy.minReadySeconds is 700; expected less than progressDeadlineSeconds (600)'],
  // duplicate names or hosts
  ['duplicates', 'two apps on one host', (d) => {
    app(d, 'api').ingress = { port: 'http', host: 'shop.dev.example.com' };
  }, 'environment "dev": apps.api.ingress.host is "shop.dev.example.com"'],
  ['duplicates', 'duplicate port names', (d) => { app(d, 'web').ports[1].name = 'http'; }, 'environment "dev": apps.web.ports[1].name is "http"'],
  ['duplicates', 'duplicate secret reference names', (d) => { app(d, 'api').secrets[1].name = 'store'; }, 'environment "dev": apps.api.secrets[1].name is "store"'],
  ['duplicates', 'duplicate namespaces on a cluster', (d) => { env(d, 'qa').namespace = 'dev'; }, 'namespace'],
  ['duplicates', 'a Secret variable named like a plain one', (d) => { app(d, 'api').env = { STORE_PASSWORD: 'changeme' }; },
    'environment "dev": apps.api.secrets[0].env.STORE_PASSWORD is "password"'],
  ['duplicates', 'the same dependency twice', (d) => { app(d, 'web').dependencies.apps.push({ app: 'api', port: 'http' }); },
    'environment "dev": apps.web.dependencies.apps[1] is {"app":"api","port":"http"}'],
  // CIDRs
  ['cidrs', 'prefix beyond /32', (d) => { app(d, 'api').dependencies.cidrs[0].cidr = '203.0.113.0/33'; },
    'environment "dev": apps.api.dependencies.cidrs[0].cidr is "203.0.113.0/33"'],
  ['cidrs', 'except outside the range', (d) => { env(d, 'dev').network = { allowTo: [{ cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] }] }; },
    'environment "dev": network.allowTo[0].except[0] is "192.168.0.0/24"'],
  ['cidrs', 'port range ending before it starts', (d) => { env(d, 'dev').network = { allowTo: [{ cidr: '10.0.0.0/16', ports: [{ port: 443, endPort: 80 }] }] }; },
    'environment "dev": network.allowTo[0].ports[0].endPort is 80'],
  ['cidrs', 'CIDR peer inside the pod range', (d) => { env(d, 'dev').network = { allowTo: [{ cidr: '10.244.0.0/24' }] }; },
    'environment "dev": network.allowTo[0].cidr is "10.244.0.0/24"'],
  ['cidrs', 'app dependency CIDR inside the Service range', (d) => { app(d, 'api').dependencies.cidrs[0].cidr = '10.96.0.10/32'; },
    'environment "dev": apps.api.dependencies.cidrs[0].cidr is "10.96.0.10/32"'],
  ['cidrs', 'pod range that is not a CIDR', (d) => { cluster(d, 'nonprod').networking = { podSubnets: ['10.244.0.0'] }; },
    'cluster "nonprod": networking.podSubnets[0] is "10.244.0.0"'],
  ['cidrs', 'pod range given by an address inside it', (d) => { cluster(d, 'nonprod').networking = { podSubnets: ['10.244.1.1/16'] }; },
    'cluster "nonprod": networking.podSubnets[0] is "10.244.1.1/16"'],
  ['cidrs', 'no pod range', (d) => { cluster(d, 'prod').networking = { podSubnets: [] }; }, 'cluster "prod": networking.podSubnets is []'],
  ['cidrs', 'two IPv4 pod ranges', (d) => { cluster(d, 'prod').networking = { podSubnets: ['10.244.0.0/16', '10.245.0.0/16'] }; },
    'cluster "prod": networking.podSubnets[1] is "10.245.0.0/16"'],
  ['cidrs', 'Service range larger than kube-apiserver accepts', (d) => { cluster(d, 'prod').networking = { serviceSubnets: ['10.64.0.0/10'] }; },
    'cluster "prod": networking.serviceSubnets[0] is "10.64.0.0/10"'],
  ['cidrs', 'Service range overlapping the pod range', (d) => { cluster(d, 'nonprod').networking = { serviceSubnets: ['10.244.0.0/16'] }; },
    'cluster "nonprod": networking.serviceSubnets[0] is "10.244.0.0/16"'],
  ['cidrs', 'IPv4 Service range for IPv6 pods', (d) => { cluster(d, 'nonprod').networking = { podSubnets: ['fd00:10:244::/56'] }; },
    'cluster "nonprod": networking.serviceSubnets[0] is "10.96.0.0/12"'],
  ['cidrs', 'API server addresses that are no CIDR', (d) => { cluster(d, 'prod').controlPlane.apiServer = { addresses: ['api.prod.example.com'] }; },
    'cluster "prod": controlPlane.apiServer.addresses[0] is "api.prod.example.com"'],
  ['cidrs', 'API server addresses inside the Service range', (d) => { cluster(d, 'nonprod').controlPlane.apiServer = { addresses: ['10.96.0.1/32'] }; },
    'cluster "nonprod": controlPlane.apiServer.addresses[0] is "10.96.0.1/32"; expected the API servers\' own addresses'],
  // inline secret values
  ['secrets', 'a value in a secret reference', (d) => { app(d, 'api').secrets[0].value = 'S3CR3T-CORPUS'; }, 'environment "dev": apps.api.secrets[0].value is "(hidden)"'],
  ['secrets', 'stringData in a secret reference', (d) => { app(d, 'worker').secrets[0].stringData = { password: 'S3CR3T-CORPUS' }; },
    'environment "dev": apps.worker.secrets[0].stringData is "(hidden)"'],
  // unknown fields
  ['unknown fields', 'unknown environment field', (d) => { env(d, 'dev').replica = 2; }, 'environment "dev": replica is 2'],
  ['unknown fields', 'unknown app field', (d) => { app(d, 'web').imagePullPolicy = 'Always'; }, 'environment "dev": apps.web.imagePullPolicy is "Always"'],
  ['unknown fields', 'unknown cluster field', (d) => { cluster(d, 'prod').region = 'eu-west-1'; }, 'cluster "prod": region is "eu-west-1"'],
  // policy exceptions
  ['exceptions', 'exception for an unknown rule', (d) => {
    env(d, 'production').guardrails = { exceptions: [{ rule: 'no-such-rule', object: 'Deployment/worker', reason: 'r' }] };
  }, 'environment "production": guardrails.exceptions[0].rule is "no-such-rule"'],
  ['exceptions', 'exception without a reason', (d) => {
    env(d, 'production').guardrails = { exceptions: [{ rule: 'min-replicas', object: 'Deployment/worker', reason: ' ' }] };
  }, 'environment "production": guardrails.exceptions[0].reason is " "'],
  ['exceptions', 'severity for an unknown rule', (d) => { d.base.guardrails = { severity: { 'min-replica': 'error' } }; },
    'environment "dev": guardrails.severity.min-replica is "error"; unknown rule "min-replica"'],
  ['exceptions', 'a severity level that does not exist', (d) => { env(d, 'qa').guardrails = { severity: { 'min-replicas': 'fatal' } }; },
    'environment "qa": guardrails.severity.min-replicas is "fatal"; expected one of "error", "warning"'],
  ['exceptions', 'a protected environment lowering a rule to a warning', (d) => {
    env(d, 'production').guardrails = { severity: { 'min-replicas': 'warning' } };
  }, 'environment "production": guardrails.severity.min-replicas is "warning"; a protected environment cannot lower a rule to a warning'],
  ['exceptions', 'a rule that cannot be accepted lowered to a warning', (d) => { env(d, 'dev').guardrails = { severity: { 'schema-valid': 'warning' } }; },
    'environment "dev": guardrails.severity.schema-valid is "warning"; rule "schema-valid" cannot be lowered to a warning'],
  ['exceptions', 'an exception for a whole rule without a reason', (d) => { env(d, 'dev').guardrails = { exceptions: [{ rule: 'min-replicas', reason: '' }] }; },
    'environment "dev": guardrails.exceptions[0].reason is ""; expected a non-empty reason'],
  // protection
  ['protection', 'production not enforcing restricted', (d) => { env(d, 'production').podSecurity.enforce = 'baseline'; },
    'environment "production": podSecurity.enforce is "baseline"'],
  ['protection', 'production granting people a writing role', (d) => { env(d, 'production').access.bindings[0].role = 'admin'; },
    'environment "production": access.bindings[0].role is "admin"'],
  ['protection', 'protected cluster without HA', (d) => { cluster(d, 'prod').controlPlane = { replicas: 1 }; }, 'cluster "prod": controlPlane.replicas is 1'],
  ['protection', 'etcd snapshots on a volume in the control plane\'s zone', (d) => {
    cluster(d, 'nonprod').etcdBackup = { target: { kind: 'volume', storageClass: 'gp3-retained', accessMode: 'ReadWriteOnce' } };
  }, 'cluster "nonprod": etcdBackup.target.accessMode is "ReadWriteOnce"; a ReadWriteOnce volume attaches only in its own zone'],
  ['protection', 'an app class that may preempt add-ons without a class', (d) => {
    cluster(d, 'prod').priorityClasses = [
      { name: 'platform', value: 1000000, description: 'Platform.' },
      { name: 'app-critical', value: 100000, description: 'Critical.' },
      { name: 'app-standard', value: 10000, description: 'Standard.', globalDefault: true },
    ];
  }, 'cluster "prod": priorityClasses[0].preempting is true; "platform" (1000000) preempts lower priorities, and pods that name no class get the global '
    + 'default "app-standard" (10000)'],
  // routing
  ['routing', 'a host two environments of one cluster publish', (d) => { appIn(d, 'qa', 'web').ingress = { host: 'shop.staging.example.com' }; },
    'environment "staging": apps.web.ingress.host is "shop.staging.example.com"; host "shop.staging.example.com" of cluster "nonprod" is already '
    + 'published by environment "qa" (app "web"); each host belongs to one environment, choose another host'],
  ['routing', 'a preview host that is another environment\'s host', (d) => { appIn(d, 'production', 'web').ingress.previewHost = 'shop.example.com'; },
    'environment "production": apps.web.ingress.previewHost is "shop.example.com"'],
  ['routing', 'an environment in the gateway\'s namespace', (d) => { env(d, 'qa').namespace = 'gateway'; }, 'environment "qa": namespace is "gateway"'],
  ['routing', 'an environment in the gateway\'s proxy namespace', (d) => { env(d, 'dev').namespace = 'envoy-gateway-system'; },
    'environment "dev": namespace is "envoy-gateway-system"'],
  ['routing', 'a cluster with both an ingress controller and a gateway', (d) => { cluster(d, 'prod').ingress = { className: 'nginx' }; },
    'cluster "prod": ingress is {"className":"nginx"}'],
  ['routing', 'a gateway in a Kubernetes namespace', (d) => { cluster(d, 'nonprod').gateway.namespace = 'kube-system'; },
    'cluster "nonprod": gateway.namespace is "kube-system"'],
  ['routing', 'a gateway without a class', (d) => { delete cluster(d, 'nonprod').gateway.className; }, 'cluster "nonprod": gateway.className'],
  // capacity: what a node pool's nodes offer
  ['capacity', 'node memory in milli-units', (d) => { cluster(d, 'prod').nodePools[0].allocatable.memory = '28m'; },
    'cluster "prod": nodePools[0].allocatable.memory is "28m"; expected a whole number of bytes: 28m is 0.028 bytes (m is milli, a thousandth); did you mean 28Mi?'],
  ['capacity', 'node pool nodes that offer no CPU', (d) => { cluster(d, 'nonprod').nodePools[2].allocatable.cpu = '0'; },
    'cluster "nonprod": nodePools[2].allocatable.cpu is "0"'],
  ['capacity', 'node pool nodes that run no pods', (d) => { cluster(d, 'nonprod').nodePools[0].allocatable.pods = 0; },
    'cluster "nonprod": nodePools[0].allocatable.pods is 0'],
  // values JSON cannot show: each printed as written, not as null
  ['values', 'a pod quota of NaN', (d) => { d.base.quota.pods = NaN; },
    'environment "dev": quota.pods is NaN (inherited from the base); expected a whole number of pods'],
  ['values', 'replicas of Infinity', (d) => { appIn(d, 'production', 'worker').replicas = Infinity; },
    'environment "production": apps.worker.replicas is Infinity; expected a whole number of replicas'],
  ['values', 'a function where a quota belongs', (d) => { env(d, 'qa').quota = () => ({ pods: 10 }); }, 'environment "qa": quota is (a function); expected an object'],
  ['values', 'cluster: null', (d) => { env(d, 'qa').cluster = null; },
    'environment "qa": cluster is null; expected the name of a declared cluster: "nonprod", "prod"'],
  ['values', 'no cluster', (d) => { delete env(d, 'staging').cluster; },
    'environment "staging": cluster is missing; expected the name of a declared cluster: "nonprod", "prod"'],
  // state a pipeline would lose
  ['state', 'local state not marked laptop-only', (d) => { env(d, 'dev').state = { kind: 'local' }; },
    'environment "dev": state.laptopOnly is missing; local state lives on one machine and is lost with a CI runner'],
];

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

test('the corpus holds at least 50 cases over every category', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(50);
  expect([...new Set(CASES.map(([category]) => category))]).toEqual([
    'names', 'references', 'counts', 'sizes', 'versions', 'strategies', 'duplicates', 'cidrs', 'secrets', 'unknown fields', 'exceptions', 'protection', 'routing',
    'capacity', 'values', 'state',
  ]);
});

test.each(CASES)('%s: fails when the definition has %s', (_category, _name, breakIt, expected) => {
  const definition = reference();
  breakIt(definition);
  let message = '';
  try {
    synthPlatform({ definition: definition as PlatformDefinition, manifestsDir: path.join(root, 'dist'), terraformDir: path.join(root, 'cdktf.out') });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/^invalid platform definition \(\d+ errors?\):\n {2}- /);
  const line = message.split('\n').find((l) => l.includes(expected));
  // Each line: `<subject>: <field> is <value>[ (inherited from …)]; <what is allowed>`.
  expect(line).toMatch(/^ {2}- (environment|cluster|role|platform)[^:]*: \S.* is .+; \S.+$/);
  expect(message).not.toContain('S3CR3T-CORPUS');
  expect(fs.readdirSync(root)).toEqual([]);
});

/**
 * Definitions that resolve but whose rendered output does not fit: the guardrails stop synth (protected environment,
 * so errors) with the numbers — what is needed, what is available, where — and nothing is written.
 * [case, how to break it, where (target: object), the violation the error must report there (rule: message)]
 */
/**
 * What production's apps ask at minimum scale, from the capacity table of the reference as it is (so an added app moves
 * it); the reference is rendered and checked once for both resources.
 */
const [memory, pods] = ((): number[] => {
  const platformModel = resolvePlatform(platform);
  const report = checkPlatform(platformModel, outputsOfCharts(new PlatformCharts({ platform: platformModel, outdir: '/nonexistent' })));
  const production = report.capacity.find((t) => t.environment === 'production')!;
  return ['requests.memory', 'pods'].map((resource) => production.rows.find((r) => r.resource === resource)!.minimum);
})();
const GI = 1024 ** 3;

const CAPACITY_CASES: Array<[string, (def: Mutable) => void, string, string]> = [
  ['a production memory quota below what the apps request at minimum scale', (d) => { env(d, 'production').quota.requests.memory = '2Gi'; },
    'production: ResourceQuota/production/environment-quota', `quota-fits: at minimum scale the apps need requests.memory ${formatAmount(memory, QuantityUnit.BYTES)}, `
    + `${formatAmount(memory - 2 * GI, QuantityUnit.BYTES)} more than ResourceQuota "environment-quota" allows (2Gi)`],
  ['a production pod quota below the pods of the minimum scale', (d) => { env(d, 'production').quota.pods = 10; },
    'production: ResourceQuota/production/environment-quota', `quota-fits: at minimum scale the apps need pods ${pods}, ${pods - 10} more than `
    + 'ResourceQuota "environment-quota" allows (10)'],
  ['a StatefulSet of 3 × 200Gi claims against a 500Gi storage quota', (d) => { appIn(d, 'production', 'store').storage = { size: '200Gi' }; },
    'production: ResourceQuota/production/environment-quota', 'quota-fits: at minimum scale the apps need requests.storage 600Gi, 100Gi more than '
    + 'ResourceQuota "environment-quota" allows (500Gi): StatefulSet/store 3 × 200Gi = 600Gi (replicas 3)'],
  ['production quotas beyond what its node pool offers', (d) => { cluster(d, 'prod').nodePools[0].allocatable.cpu = '1'; },
    'cluster-prod: NodePool/production', 'pool-fits: the quotas on node pool "production" promise requests.cpu 32 ("production" 32), 14 more than '
    + 'its nodes offer at their largest: 18 nodes × 1 = 18'],
];


test.each(CAPACITY_CASES)('capacity: fails when %s', (_name, breakIt, where, expected) => {
  const definition = reference();
  breakIt(definition);
  let message = '';
  try {
    synthPlatform({ definition: definition as PlatformDefinition, manifestsDir: path.join(root, 'dist'), terraformDir: path.join(root, 'cdktf.out') });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/^guardrails failed \(\d+ errors?\):\n {2}- /);
  // Each line: `  - <target>: <object>[ (<construct path>)]: <rule>: <message>; <fix>`.
  const lines = message.split('\n').filter((l) => l.startsWith(`  - ${where}`) && l.includes(`: ${expected}`));
  expect([lines.length, message]).toEqual([1, message]);
  expect(fs.readdirSync(root)).toEqual([]);
});

/**
 * The corpus's second half: definitions broken in their files or in the variables of an entry point, which stop before
 * validation. Each must end in one message naming the file (or variable), the value and what is allowed.
 */
describe('files and entry variables', () => {
  /** [case, file of environments/ to edit, edit, the exact message; `<dir>` is the copied folder]. */
  const FILE_CASES: Array<[string, string, (text: string) => string, string]> = [
    ['a file that does not compile', 'qa.ts', (t) => t.replace("name: 'qa',", "name: = 'qa',"),
      '<dir>/qa.ts:5:9: does not compile: Expression expected. (TS1109)'],
    ['a file that throws while loading', 'staging.ts', (t) => `${t}\nthrow new Error('staging is frozen');\n`,
      '<dir>/staging.ts:<line>:7: throws while loading: staging is frozen'],
    ['a misspelt `platform` export', 'index.ts', (t) => t.replace('export const platform', 'export const platfrom'),
      '<dir>/index.ts: exports no `platform`; it exports `platfrom`; did you mean `platfrom`? rename it to `platform`'],
    ['an environment file the index does not list', 'perf.ts', () => "export const perf = { name: 'perf', cluster: 'nonprod' };\n",
      '<dir>/perf.ts: defines environment "perf" (export `perf`), which <dir>/index.ts does not list, so it would not be synthesized; add it '
      + 'there (import { perf } from \'./perf\'; and put perf in `platform.environments`, in promotion order), or remove the file'],
  ];

  test.each(FILE_CASES)('files: fails when the definition has %s', (_name, file, edit, expected) => {
    const envs = copyEnvironments();
    const target = path.join(envs.dir, file);
    fs.writeFileSync(target, edit(fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : ''));
    let thrown: unknown;
    try {
      loadPlatformDefinition(envs.dir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DefinitionLoadError);
    const message = (thrown as Error).message;
    const line = String(fs.readFileSync(target, 'utf8').split('\n').findIndex((l) => l.startsWith('throw ')) + 1);
    expect(message).toBe(`cannot load the platform definition: ${expected.replace(/<dir>/g, envs.dir).replace('<line>', line)}`);
    fs.rmSync(path.dirname(envs.dir), { recursive: true, force: true });
  });

  const NOW = new Date('2030-01-01T00:00:00Z');
  const VARIABLE_CASES: Array<[string, Record<string, string>, string]> = [
    ['an expiry on February 30 (Date rolls it over to March 2)', { PREVIEW_ID: '7', PREVIEW_EXPIRES: '2030-02-30T10:00:00Z' },
      'PREVIEW_EXPIRES is "2030-02-30T10:00:00Z"; 2030-02 has 28 days, not 30; expected an RFC 3339 time with a zone, e.g. 2030-01-01T12:00:00Z'],
    ['a millisecond timestamp as the expiry', { PREVIEW_ID: '7', PREVIEW_EXPIRES: '1893456000000' },
      'PREVIEW_EXPIRES is "1893456000000"; a number is refused: seconds and milliseconds since the epoch cannot be told apart (print one as a '
      + 'time with `date -u -d @<seconds> +%Y-%m-%dT%H:%M:%SZ`); expected an RFC 3339 time with a zone, e.g. 2030-01-01T12:00:00Z'],
    ['an expiry already past', { PREVIEW_ID: '7', PREVIEW_EXPIRES: '2029-12-31T23:00:00Z' },
      'PREVIEW_EXPIRES is "2029-12-31T23:00:00Z", which has passed (now is 2030-01-01T00:00:00.000Z); a preview would be deleted as soon as it is '
      + 'created. Compute it when the preview is created: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"'],
  ];

  test.each(VARIABLE_CASES)('entry variables: fails when the preview has %s', (_name, vars, expected) => {
    expect(() => referenceDefinition(vars, { now: NOW })).toThrow(new DeliveryError(expected));
  });
});
