/**
 * Realistic rendered objects for the guardrail tests: a hardened shop (web Deployment with Service, Ingress, PDB and
 * autoscaler; a store StatefulSet; a report CronJob; RBAC; NetworkPolicies) that passes every rule, and `changed()` to
 * derive the broken variants each rule test needs.
 */
import { workloadsOf } from '../../lib/guardrails/_objects';
import { Finding, Rule, RuleContext, SchemaValidator, TargetKind, objectKeyOf } from './_lib';

export const NS = 'shop';

/** A deep copy of an object with `change` applied to it. */
export function changed<T>(object: T, change: (copy: any) => void): T {
  const copy = structuredClone(object);
  change(copy);
  return copy;
}

/** The Namespace, enforcing Pod Security `restricted`. */
export function namespace(name = NS, level = 'restricted', version = 'v1.33'): any {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': version },
    },
  };
}

/** A hardened container: pinned image, requests and memory limit, distinct probes, locked-down security context. */
export function container(name: string, port?: { name: string; containerPort: number }): any {
  return {
    name,
    image: `registry.example.com/shop/${name}:1.4.2`,
    ...(port ? { ports: [{ ...port, protocol: 'TCP' }] } : {}),
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'password' } } },
    ],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    ...(port ? {
      readinessProbe: { httpGet: { path: '/ready', port: port.name } },
      livenessProbe: { httpGet: { path: '/healthz', port: port.name }, periodSeconds: 20 },
    } : {}),
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** A hardened pod spec for pods labelled `app: <app>`, spread over zones and nodes. */
export function podSpec(app: string, containers: any[]): any {
  return {
    serviceAccountName: app,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
      maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } },
    })),
    containers,
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

/** The web Deployment: 3 replicas of a serving container on port `http` (8080). */
export function deployment(name = 'web'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec(name, [container(name, { name: 'http', containerPort: 8080 })]) },
    },
  };
}

/** The store StatefulSet: 3 replicas on port `store` (6379). */
export function statefulSet(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'store', namespace: NS },
    spec: {
      replicas: 3,
      serviceName: 'store',
      selector: { matchLabels: { app: 'store' } },
      template: { metadata: { labels: { app: 'store' } }, spec: podSpec('store', [container('store', { name: 'store', containerPort: 6379 })]) },
    },
  };
}

/** A nightly report CronJob (no probes: it runs to completion). */
export function cronJob(): any {
  const spec = podSpec('report', [container('report')]);
  delete spec.topologySpreadConstraints;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: NS },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: { spec: { template: { metadata: { labels: { app: 'report' } }, spec: { ...spec, restartPolicy: 'OnFailure' } } } },
    },
  };
}

/** A standalone Pod (a one-off debug pod, hardened). */
export function pod(): any {
  const spec = podSpec('debug', [container('debug', { name: 'http', containerPort: 8080 })]);
  delete spec.topologySpreadConstraints;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: NS, labels: { app: 'debug' } }, spec };
}

export function serviceAccount(name: string): any {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS }, automountServiceAccountToken: false };
}

/** A ClusterIP Service selecting `app: <app>`, port 80 → the container port named `<portName>`. */
export function service(app = 'web', portName = 'http', port = 80): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, namespace: NS },
    spec: { selector: { app }, ports: [{ name: portName, port, targetPort: portName, protocol: 'TCP' }] },
  };
}

/** The web Ingress: host shop.example.com over TLS, to Service web port http. */
export function ingress(): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: NS },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{
        host: 'shop.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] },
      }],
    },
  };
}

export function pdb(app = 'web', budget: any = { maxUnavailable: 1 }): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: app, namespace: NS },
    spec: { ...budget, selector: { matchLabels: { app } } },
  };
}

export function hpa(target = 'web', minReplicas = 3, maxReplicas = 10): any {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: target, namespace: NS },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      minReplicas,
      maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  };
}

export function role(rules: any[] = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }], name = 'reader'): any {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: NS }, rules };
}

export function roleBinding(subjects: any[] = [{ kind: 'ServiceAccount', name: 'web', namespace: NS }], roleRef: any = { kind: 'Role', name: 'reader' }): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'reader', namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

export function networkPolicy(name: string, spec: any, ns = NS): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

/** Default deny, DNS egress, and the paths of the shop: ingress controller → web, web → store. */
export function networkPolicies(): any[] {
  return [
    networkPolicy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    networkPolicy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    }),
    networkPolicy('web-from-ingress', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 'http' }] }],
    }),
    networkPolicy('web-to-store', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'store' } } }], ports: [{ port: 6379 }] }],
    }),
    networkPolicy('store-from-web', {
      podSelector: { matchLabels: { app: 'store' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'store' }] }],
    }),
  ];
}

/** The whole hardened shop: passes every rule of the catalogue. */
export function goodShop(): any[] {
  return [
    namespace(),
    ...networkPolicies(),
    serviceAccount('web'), serviceAccount('store'), serviceAccount('report'), serviceAccount('debug'),
    deployment(), service(), ingress(), pdb(), hpa(),
    statefulSet(), service('store', 'store', 6379), pdb('store'),
    cronJob(),
    role(), roleBinding(),
  ];
}

/** A rule context over objects, for an unprotected environment `shop` unless told otherwise. */
export function contextOf(objects: any[], target: Partial<RuleContext['target']> = {}, schemas = new SchemaValidator()): RuleContext {
  return {
    target: { name: 'shop', kind: TargetKind.ENVIRONMENT, cluster: 'nonprod', kubernetesVersion: 'v1.33.0', namespace: NS, protected: false, ...target },
    objects,
    workloads: workloadsOf(objects),
    schemas,
  };
}

/** What a rule finds, as `{ object, message, path }` with the object as its key, for exact assertions. */
export function findingsOf(rule: Rule, objects: any[], target: Partial<RuleContext['target']> = {}): Array<{ object: string; message: string; path?: string }> {
  return rule.check(contextOf(objects, target)).map((f: Finding) => ({
    object: objectKeyOf(f.object),
    message: f.message,
    ...(f.path !== undefined ? { path: f.path } : {}),
  }));
}

/** Only the messages a rule finds. */
export function messagesOf(rule: Rule, objects: any[], target: Partial<RuleContext['target']> = {}): string[] {
  return findingsOf(rule, objects, target).map((f) => `${f.object}: ${f.message}`);
}
