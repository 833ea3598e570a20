import { Testing } from 'cdk8s';
import { App } from '../../lib/app/app-model';
import { ReleaseStrategy, Slot } from '../../lib/app/app-types';
import { Protocol } from '../../lib/core/network';
import { Application, ApplicationProps } from '../../lib/app/application';
import { apiApp, appPlatform, DIGEST, resolvedApp, resolvedEnvironment, webApp } from './fixtures';
import { Loose } from '../platform/fixtures';
import { findObject, ofKind } from '../builders';
import { gatewayErrors } from '../gateway-crds';

const APP_LABEL = 'app.kubernetes.io/name';
const TRACK_LABEL = 'platform.example.com/track';
const VERSION_LABEL = 'app.kubernetes.io/version';
const CONFIG_HASH = 'platform.example.com/config-hash';
const WEB_PODS = { [APP_LABEL]: 'web', [TRACK_LABEL]: 'stable' };
const NAMESPACE_OF = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });

/** Custom resources kubernetes-models has no schema for; checked field by field below. */
const CUSTOM_KINDS = ['ExternalSecret', 'ServiceMonitor'];

const POD_SECURITY_CONTEXT = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } };
const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
};

/**
 * `web` with everything a front end uses: published on its host, config, a Secret by name and one from a store,
 * writable paths, metrics, a dependency on `api` and a CIDR; three replicas. `patch` is spread over it.
 */
function fullWeb(patch: Loose = {}): Loose {
  return {
    ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }],
    ingress: { port: 'http', host: 'shop.dev.example.com' },
    env: { LOG_LEVEL: 'info' },
    config: { files: { 'app.yaml': 'port: 8080\n', 'features.yaml': 'beta: false\n' } },
    secrets: [
      { name: 'db', existingSecret: 'db-credentials', env: { DB_PASSWORD: 'password' } },
      { name: 'payments', externalStore: { store: 'vault', key: 'shop/payments' }, mountPath: '/var/run/secrets/payments' },
    ],
    dependencies: {
      apps: [{ app: 'api', port: 'http' }],
      cidrs: [{ cidr: '203.0.113.0/24', except: ['203.0.113.128/25'], ports: [{ port: 443 }, { port: 8000, endPort: 8100, protocol: Protocol.UDP }] }],
    },
    metrics: { port: 'metrics' },
    writablePaths: ['/tmp', '/cache'],
    replicas: 3,
    priorityClass: 'app-critical',
    ...patch,
  };
}

/** `web` (with `patch`) resolved in dev, next to `api`. */
function web(patch: Loose = {}, override: Loose = {}): App {
  return resolvedApp(appPlatform([webApp(patch), apiApp()], { dev: { apps: { web: override } } }));
}

/** The objects of one Application in a fresh chart. */
function synth(app: App, props: Omit<ApplicationProps, 'app'> = {}): any[] {
  const chart = Testing.chart();
  new Application(chart, 'web', { app, ...props });
  return Testing.synth(chart);
}

function validate(object: any): void {
  // kubernetes-models is laid out by API version: 'kubernetes-models/v1', 'kubernetes-models/apps/v1', …
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = require(`kubernetes-models/${object.apiVersion}`)[object.kind];
  new Model(object).validate();
}

describe('Application, rolling', () => {
  const objects = synth(web(fullWeb()));

  test('renders exactly these objects, in this order', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/web', 'ConfigMap/web-config', 'ExternalSecret/web-payments', 'Deployment/web', 'PodDisruptionBudget/web', 'Service/web',
      'Ingress/web', 'NetworkPolicy/app-web-ingress', 'NetworkPolicy/app-web-egress',
    ]);
  });

  test('pins the construct ids, which become Terraform addresses', () => {
    const chart = Testing.chart();
    const application = new Application(chart, 'web', { app: web(fullWeb()) });

    expect(application.node.children.map((c) => c.node.id)).toEqual([
      'ServiceAccount', 'Config', 'ExternalSecret-payments', 'Workload-web', 'DisruptionBudget-web', 'Service-web', 'Ingress', 'IngressPolicy', 'EgressPolicy',
    ]);
    expect(application.workloads.map((w) => w.node.id)).toEqual(['Workload-web']);
    expect(application.selector).toEqual({ [APP_LABEL]: 'web' });
  });

  test('gives the app its own ServiceAccount, with no token mounted', () => {
    expect(findObject(objects, 'ServiceAccount', 'web')).toEqual({
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'dev' }, automountServiceAccountToken: false,
    });
  });

  test('puts the config files in a ConfigMap', () => {
    expect(findObject(objects, 'ConfigMap', 'web-config')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-config', namespace: 'dev' },
      data: { 'app.yaml': 'port: 8080\n', 'features.yaml': 'beta: false\n' },
    });
  });

  test('renders the Deployment: strategy, hardened pod, spread, probes, resources, env, volumes, priority', () => {
    const image = 'registry.example.com/shop/web:1.4.2';
    const probe = (path: string) => ({ httpGet: { path, port: 'http' }, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 0, timeoutSeconds: 1 });

    expect(findObject(objects, 'Deployment', 'web')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'dev' },
      spec: {
        replicas: 3,
        selector: { matchLabels: WEB_PODS },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        minReadySeconds: 10,
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 5,
        template: {
          metadata: {
            labels: { ...WEB_PODS, [VERSION_LABEL]: '1.4.2' },
            annotations: {
              [CONFIG_HASH]: expect.stringMatching(/^[0-9a-f]{16}$/),
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': '9090',
              'prometheus.io/path': '/metrics',
            },
          },
          spec: {
            serviceAccountName: 'web',
            automountServiceAccountToken: false,
            priorityClassName: 'app-critical',
            securityContext: POD_SECURITY_CONTEXT,
            topologySpreadConstraints: [
              {
                topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: WEB_PODS },
                matchLabelKeys: ['pod-template-hash'],
              },
              {
                topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: WEB_PODS },
                matchLabelKeys: ['pod-template-hash'],
              },
            ],
            containers: [{
              name: 'web',
              image,
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
              env: [
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
              ],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              readinessProbe: probe('/ready'),
              livenessProbe: probe('/healthz'),
              securityContext: CONTAINER_SECURITY_CONTEXT,
              volumeMounts: [
                { name: 'config', mountPath: '/etc/web', readOnly: true },
                { name: 'secret-payments', mountPath: '/var/run/secrets/payments', readOnly: true },
                { name: 'writable-0', mountPath: '/tmp' },
                { name: 'writable-1', mountPath: '/cache' },
              ],
            }],
            volumes: [
              { name: 'config', configMap: { name: 'web-config' } },
              { name: 'secret-payments', secret: { secretName: 'web-payments' } },
              { name: 'writable-0', emptyDir: {} },
              { name: 'writable-1', emptyDir: {} },
            ],
          },
        },
      },
    });
  });

  test('budgets disruptions of the app\'s pods', () => {
    expect(findObject(objects, 'PodDisruptionBudget', 'web')).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'dev' },
      spec: { maxUnavailable: 1, selector: { matchLabels: WEB_PODS }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
  });

  test('routes every port by name through a Service that selects the app\'s pods, labelled with the app', () => {
    expect(findObject(objects, 'Service', 'web')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'dev', labels: { [APP_LABEL]: 'web' } },
      spec: {
        type: 'ClusterIP',
        selector: { [APP_LABEL]: 'web' },
        ports: [
          { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
          { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
        ],
      },
    });
  });

  test('publishes the ingress port on the environment\'s host with TLS and the cluster\'s class', () => {
    expect(findObject(objects, 'Ingress', 'web')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'dev' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.dev.example.com'], secretName: 'web-tls' }],
        rules: [{
          host: 'shop.dev.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] },
        }],
      },
    });
  });

  test('copies a Secret from an external store with an ExternalSecret, and only for store references', () => {
    expect(ofKind(objects, 'ExternalSecret')).toEqual([{
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'web-payments', namespace: 'dev' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: { name: 'web-payments', creationPolicy: 'Owner' },
        dataFrom: [{ extract: { key: 'shop/payments' } }],
      },
    }]);
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  test('opens the ingress controller to the published port, Prometheus to the metrics port, and the dependency and CIDR out', () => {
    expect(findObject(objects, 'NetworkPolicy', 'app-web-ingress')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'app-web-ingress', namespace: 'dev' },
      spec: {
        podSelector: { matchLabels: { [APP_LABEL]: 'web' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [NAMESPACE_OF('ingress-nginx')], ports: [{ port: 8080, protocol: 'TCP' }] },
          { from: [NAMESPACE_OF('monitoring')], ports: [{ port: 9090, protocol: 'TCP' }] },
        ],
      },
    });
    expect(findObject(objects, 'NetworkPolicy', 'app-web-egress')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'app-web-egress', namespace: 'dev' },
      spec: {
        podSelector: { matchLabels: { [APP_LABEL]: 'web' } },
        policyTypes: ['Egress'],
        egress: [
          { to: [{ podSelector: { matchLabels: { [APP_LABEL]: 'api' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
          {
            to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }],
            ports: [{ port: 443, protocol: 'TCP' }, { port: 8000, endPort: 8100, protocol: 'UDP' }],
          },
        ],
      },
    });
  });

  test('every object but the custom resources validates against the Kubernetes schema', () => {
    const checked = objects.filter((o) => !CUSTOM_KINDS.includes(o.kind));

    expect(checked).toHaveLength(8);
    for (const object of checked) {
      expect(() => validate(object)).not.toThrow();
    }
  });
});

describe('Application options and variants', () => {
  test('spreads over zones strictly when asked (hosts stay best effort)', () => {
    const spread = findObject(synth(web(), { strictZoneSpread: true }), 'Deployment', 'web').spec.template.spec.topologySpreadConstraints;

    expect(spread.map((c: any) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['topology.kubernetes.io/zone', 'DoNotSchedule'], ['kubernetes.io/hostname', 'ScheduleAnyway'],
    ]);
  });

  test('opens the ingress port to the ingress controller namespace and the metrics port to the monitoring namespace given', () => {
    const policy = findObject(synth(web(fullWeb()), { ingressControllerNamespace: 'traefik', monitoringNamespace: 'observability' }), 'NetworkPolicy',
      'app-web-ingress');

    expect(policy.spec.ingress.map((rule: any) => rule.from)).toEqual([[NAMESPACE_OF('traefik')], [NAMESPACE_OF('observability')]]);
  });

  test('with the Prometheus Operator, renders a ServiceMonitor that selects the app\'s Services instead of pod annotations', () => {
    const objects = synth(web(fullWeb()), { prometheusOperator: true });
    const monitor = findObject(objects, 'ServiceMonitor', 'web');

    expect(monitor).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'web', namespace: 'dev' },
      spec: { selector: { matchLabels: { [APP_LABEL]: 'web' } }, endpoints: [{ port: 'metrics', path: '/metrics' }] },
    });
    const selected = ofKind(objects, 'Service').filter((s) => s.metadata.labels?.[APP_LABEL] === 'web');
    expect(selected.map((s) => s.metadata.name)).toEqual(['web']);
    expect(selected[0].spec.ports.map((p: any) => p.name)).toContain('metrics');
    expect(Object.keys(findObject(objects, 'Deployment', 'web').spec.template.metadata.annotations)).toEqual([CONFIG_HASH]);
    // The metrics port stays open to Prometheus either way.
    expect(findObject(objects, 'NetworkPolicy', 'app-web-ingress').spec.ingress[1].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
  });

  test('renders no scrape annotations, ServiceMonitor or config hash for an app without metrics or config', () => {
    const objects = synth(web(), { prometheusOperator: true });

    expect(findObject(objects, 'Deployment', 'web').spec.template.metadata.annotations).toBeUndefined();
    expect(ofKind(objects, 'ServiceMonitor')).toEqual([]);
    expect(ofKind(objects, 'ConfigMap')).toEqual([]);
  });

  test('mounts a ServiceAccount token for an app that calls the API, and lets it reach the API server', () => {
    const objects = synth(web({ kubernetesApiAccess: true }));

    expect(findObject(objects, 'ServiceAccount', 'web').automountServiceAccountToken).toBe(true);
    expect(findObject(objects, 'Deployment', 'web').spec.template.spec.automountServiceAccountToken).toBe(true);
    // The cluster states no API server addresses: port 6443 anywhere but the cluster's pod and Service ranges.
    expect(findObject(objects, 'NetworkPolicy', 'app-web-egress').spec).toEqual({
      podSelector: { matchLabels: { [APP_LABEL]: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.0.0/16', '10.96.0.0/12'] } }], ports: [{ port: 6443, protocol: 'TCP' }] }],
    });
  });

  test('opens egress to the API servers\' own addresses and port where the cluster states them, before the app\'s CIDRs', () => {
    const definition = appPlatform([webApp({ kubernetesApiAccess: true, dependencies: { cidrs: [{ cidr: '203.0.113.0/24' }] } })]);
    definition.clusters[0] = { ...definition.clusters[0], controlPlane: { apiServer: { addresses: ['192.0.2.0/28', '198.51.100.7/32'], port: 8443 } } };
    const egress = findObject(synth(resolvedApp(definition)), 'NetworkPolicy', 'app-web-egress').spec.egress;

    expect(egress).toEqual([
      { to: [{ ipBlock: { cidr: '192.0.2.0/28' } }], ports: [{ port: 8443, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '198.51.100.7/32' } }], ports: [{ port: 8443, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] },
    ]);
  });

  test('opens no egress to the API server for an app that does not call it', () => {
    expect(ofKind(synth(web()), 'NetworkPolicy').map((p) => p.metadata.name)).toEqual([]);
  });

  test('writes every quantity in the API server\'s canonical form', () => {
    const spec = findObject(synth(web({
      resources: { requests: { cpu: '0.1', memory: '0.125Gi' }, limits: { memory: '1024Mi', cpu: '1000m' } },
    })), 'Deployment', 'web').spec.template.spec;

    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } });
  });

  test('runs as the user given, with a CPU limit, a startup probe, exec and tcp probes, command and args', () => {
    const spec = findObject(synth(web({
      runAsUser: 999,
      command: ['/app/web'],
      args: ['--serve'],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi', cpu: '500m' } },
      probes: {
        readiness: { exec: { command: ['/app/web', 'ready'] }, initialDelaySeconds: 5 },
        liveness: { tcp: { port: 'http' }, periodSeconds: 20 },
        startup: { http: { path: '/healthz', port: 'http' }, failureThreshold: 30 },
      },
    })), 'Deployment', 'web').spec.template.spec;
    const container = spec.containers[0];

    expect(spec.securityContext).toEqual({ ...POD_SECURITY_CONTEXT, runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
    expect([container.command, container.args, container.resources.limits]).toEqual([['/app/web'], ['--serve'], { memory: '256Mi', cpu: '500m' }]);
    expect([container.readinessProbe, container.livenessProbe, container.startupProbe]).toEqual([
      { exec: { command: ['/app/web', 'ready'] }, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 5, timeoutSeconds: 1 },
      { tcpSocket: { port: 'http' }, periodSeconds: 20, failureThreshold: 3, initialDelaySeconds: 0, timeoutSeconds: 1 },
      { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 30, initialDelaySeconds: 0, timeoutSeconds: 1 },
    ]);
  });

  test('autoscales with autoscaling/v2 on CPU and memory, leaves replicas to the autoscaler, and budgets below its minimum', () => {
    const objects = synth(web({ autoscaling: { minReplicas: 3, maxReplicas: 9, cpuUtilization: 60, memoryUtilization: 75 }, maxUnavailable: 2 }));

    expect(findObject(objects, 'HorizontalPodAutoscaler', 'web')).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'dev' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 3,
        maxReplicas: 9,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } },
        ],
      },
    });
    expect(findObject(objects, 'Deployment', 'web').spec.replicas).toBeUndefined();
    expect(findObject(objects, 'PodDisruptionBudget', 'web').spec.maxUnavailable).toBe(2);
    expect(() => validate(findObject(objects, 'HorizontalPodAutoscaler', 'web'))).not.toThrow();
  });

  test('targets CPU at 70% when no target is given', () => {
    const metrics = findObject(synth(web({ autoscaling: { minReplicas: 2, maxReplicas: 4 } })), 'HorizontalPodAutoscaler', 'web').spec.metrics;

    expect(metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  });

  test('lets one pod of a single replica be evicted, and budgets nothing for an app scaled to zero', () => {
    expect(findObject(synth(web({ replicas: 1 })), 'PodDisruptionBudget', 'web').spec.maxUnavailable).toBe(1);
    expect(ofKind(synth(web({ replicas: 0 })), 'PodDisruptionBudget')).toEqual([]);
  });

  describe('config hash', () => {
    const hashOf = (app: App) => findObject(synth(app), 'Deployment', 'web').spec.template.metadata.annotations[CONFIG_HASH];
    const config = { files: { 'app.yaml': 'port: 8080\n', 'features.yaml': 'beta: false\n' } };
    const before = hashOf(web({ config }));

    test('changes when the content of a file changes, so the pods roll', () => {
      expect(hashOf(web({ config }, { config: { files: { 'features.yaml': 'beta: true\n' } } }))).not.toBe(before);
    });

    test('changes when a file is added', () => {
      expect(hashOf(web({ config }, { config: { files: { 'extra.yaml': '' } } }))).not.toBe(before);
    });

    test('stays when anything else changes, or the files are listed in another order', () => {
      expect(hashOf(web({ config, replicas: 4, env: { A: 'b' }, version: '2.0.0' }))).toBe(before);
      expect(hashOf(web({ config: { files: { 'features.yaml': 'beta: false\n', 'app.yaml': 'port: 8080\n' } } }))).toBe(before);
    });
  });

  describe('version label', () => {
    const versionOf = (patch: Loose) => findObject(synth(web(patch)), 'Deployment', 'web').spec.template.metadata.labels[VERSION_LABEL];

    test.each([
      ['a tag', { version: '1.4.2' }, '1.4.2'],
      ['a digest, shortened to a label value', { digest: DIGEST }, `sha256-${DIGEST.slice(7, 63)}`],
      ['no pin', { version: undefined }, 'latest'],
      ['a registry with a port', { image: 'registry.example.com:5000/shop/web', version: '1.4.2' }, '1.4.2'],
      ['a registry with a port and no pin', { image: 'registry.example.com:5000/shop/web', version: undefined }, 'latest'],
      ['a tag that ends in a character a label cannot end in', { version: '1.4.2_' }, '1.4.2'],
    ])('is taken from %s', (_what, patch, version) => {
      expect(versionOf(patch)).toBe(version);
    });
  });

  test('opens no policy for an app that publishes nothing, has no dependents and reaches nothing', () => {
    const worker = resolvedApp(appPlatform([webApp({
      name: 'worker', ports: undefined, probes: { readiness: { exec: { command: ['ready'] } }, liveness: { exec: { command: ['alive'] } } },
    })]), 'dev', 'worker');
    const objects = synth(worker);

    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/worker', 'Deployment/worker', 'PodDisruptionBudget/worker']);
  });

  test('admits the pods of its dependents on the ports they use', () => {
    const env = resolvedEnvironment(appPlatform([
      webApp({ dependencies: { apps: [{ app: 'api', port: 'http' }] } }),
      apiApp(),
      webApp({ name: 'admin', dependencies: { apps: [{ app: 'api', port: 'grpc' }, { app: 'api', port: 'http' }] } }),
    ]));
    const api = env.apps.find((a) => a.name === 'api')!;
    const objects = synth(api);

    expect(findObject(objects, 'NetworkPolicy', 'app-api-ingress').spec).toEqual({
      podSelector: { matchLabels: { [APP_LABEL]: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: { [APP_LABEL]: 'web' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
        { from: [{ podSelector: { matchLabels: { [APP_LABEL]: 'admin' } } }], ports: [{ port: 9000, protocol: 'TCP' }] },
        { from: [{ podSelector: { matchLabels: { [APP_LABEL]: 'admin' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      ],
    });
    expect(ofKind(objects, 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['app-api-ingress']);
  });
});

describe('Application with storage', () => {
  const store = resolvedApp(appPlatform([webApp({
    name: 'store',
    ports: [{ name: 'store', port: 6379 }],
    probes: { readiness: { exec: { command: ['store-cli', 'ping'] } }, liveness: { tcp: { port: 'store' } } },
    storage: { size: '10Gi', mountPath: '/data', storageClass: 'fast' },
    replicas: 3,
  })]), 'dev', 'store');
  const objects = synth(store);
  const pods = { [APP_LABEL]: 'store', [TRACK_LABEL]: 'stable' };

  test('runs as a StatefulSet with a volume claim per pod, mounted at the path given', () => {
    const statefulSet = findObject(objects, 'StatefulSet', 'store');

    expect(statefulSet.spec).toEqual({
      serviceName: 'store-headless',
      replicas: 3,
      selector: { matchLabels: pods },
      minReadySeconds: 10,
      revisionHistoryLimit: 5,
      updateStrategy: { type: 'RollingUpdate' },
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } },
      }],
      template: expect.objectContaining({ metadata: { labels: { ...pods, [VERSION_LABEL]: '1.4.2' } } }),
    });
    expect(statefulSet.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(statefulSet.spec.template.spec.volumes).toBeUndefined();
    expect(ofKind(objects, 'Deployment')).toEqual([]);
  });

  test('has a headless Service for stable pod names next to the Service', () => {
    expect(findObject(objects, 'Service', 'store-headless')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'store-headless', namespace: 'dev' },
      spec: {
        clusterIP: 'None',
        selector: { [APP_LABEL]: 'store' },
        ports: [{ name: 'store', port: 6379, targetPort: 'store', protocol: 'TCP' }],
        publishNotReadyAddresses: true,
      },
    });
    expect(findObject(objects, 'Service', 'store').spec.selector).toEqual({ [APP_LABEL]: 'store' });
  });

  test('spreads the StatefulSet\'s pods as one set: it has no pod-template-hash', () => {
    const spread = findObject(objects, 'StatefulSet', 'store').spec.template.spec.topologySpreadConstraints;

    expect(spread.map((c: any) => [c.topologyKey, c.matchLabelKeys])).toEqual([['topology.kubernetes.io/zone', undefined], ['kubernetes.io/hostname', undefined]]);
  });

  test('claims its volumes in canonical quantities', () => {
    const app = resolvedApp(appPlatform([webApp({ name: 'store', storage: { size: '2048Mi', mountPath: '/data' } })]), 'dev', 'store');

    expect(findObject(synth(app), 'StatefulSet', 'store').spec.volumeClaimTemplates[0].spec.resources).toEqual({ requests: { storage: '2Gi' } });
  });

  test('budgets disruptions of the StatefulSet\'s pods', () => {
    expect(findObject(objects, 'PodDisruptionBudget', 'store').spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: pods }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('lets its own pods reach each other on its ports, and nothing else in', () => {
    const policy = (name: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name).spec;
    const self = [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'store' } } }];
    expect(policy('app-store-ingress').ingress).toEqual([{ from: self, ports: [{ port: 6379, protocol: 'TCP' }] }]);
    expect(policy('app-store-egress').egress).toEqual([{ to: self, ports: [{ port: 6379, protocol: 'TCP' }] }]);
  });

  test('every object validates against the Kubernetes schema', () => {
    expect(objects).toHaveLength(7);
    for (const object of objects) {
      expect(() => validate(object)).not.toThrow();
    }
  });

  test('claims the cluster\'s default StorageClass, by name, when the app names none', () => {
    const app = resolvedApp(appPlatform([webApp({ storage: { size: '1Gi', mountPath: '/data' } })]));

    expect(findObject(synth(app), 'StatefulSet', 'web').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('standard');
  });

  test('takes minReadySeconds and revisionHistoryLimit from a rolling strategy', () => {
    const app = resolvedApp(appPlatform([webApp({
      storage: { size: '1Gi', mountPath: '/data' },
      strategy: ReleaseStrategy.rolling({ minReadySeconds: 30, revisionHistoryLimit: 2 }),
    })]));
    const spec = findObject(synth(app), 'StatefulSet', 'web').spec;

    expect([spec.minReadySeconds, spec.revisionHistoryLimit, spec.updateStrategy]).toEqual([30, 2, { type: 'RollingUpdate' }]);
  });
});

test('validates the objects of every release strategy against the Kubernetes schema', () => {
  const strategies = [
    ReleaseStrategy.recreate(),
    ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1' }, green: { digest: DIGEST } }),
    ReleaseStrategy.canary({ weight: 30, canary: { version: '2' } }),
  ];
  for (const strategy of strategies) {
    const objects = synth(web(fullWeb({ autoscaling: { minReplicas: 2, maxReplicas: 6 }, replicas: undefined, strategy })));
    for (const object of objects.filter((o) => !CUSTOM_KINDS.includes(o.kind))) {
      expect(() => validate(object)).not.toThrow();
    }
  }
});

describe('Application on a cluster with a gateway', () => {
  const GATEWAY = { name: 'platform', namespace: 'gateway', className: 'eg', dataPlaneNamespace: 'envoy-gateway-system', clusterIssuer: 'letsencrypt' };
  const blueGreen = () => web(fullWeb({
    strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1.4.1' }, green: { version: '1.4.2' } }),
  }));
  /** The HTTPRoute `name` for `host`, routing `/` to port 8080 of Service `service`. */
  const route = (name: string, host: string, service: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'dev' },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'platform', namespace: 'gateway', sectionName: host }],
      hostnames: [host],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: service, port: 8080 }] }],
    },
  });

  test('publishes the host with an HTTPRoute on the listener of its host, and no Ingress', () => {
    const objects = synth(web(fullWeb()), { gateway: GATEWAY });

    expect(ofKind(objects, 'Ingress')).toEqual([]);
    expect(ofKind(objects, 'HTTPRoute')).toEqual([route('web', 'shop.dev.example.com', 'web')]);
  });

  test('routes blue-green\'s preview host to the preview Service (the idle slot)', () => {
    const objects = synth(blueGreen(), { gateway: GATEWAY });

    expect(ofKind(objects, 'HTTPRoute')).toEqual([route('web', 'shop.dev.example.com', 'web'), route('web-preview', 'preview-shop.dev.example.com', 'web-preview')]);
    expect(findObject(objects, 'Service', 'web-preview').spec.selector).toEqual({ [APP_LABEL]: 'web', [TRACK_LABEL]: 'green' });
  });

  test('takes the preview host the app names', () => {
    const app = web(fullWeb({
      ingress: { port: 'http', host: 'shop.dev.example.com', previewHost: 'next.shop.dev.example.com' },
      strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1.4.1' }, green: { version: '1.4.2' } }),
    }));

    expect(ofKind(synth(app, { gateway: GATEWAY }), 'HTTPRoute').map((r) => r.spec.hostnames)).toEqual([['shop.dev.example.com'], ['next.shop.dev.example.com']]);
  });

  test('admits the Gateway\'s data-plane namespace, not the ingress controller\'s, to the published port only', () => {
    const policy = findObject(synth(web(fullWeb()), { gateway: GATEWAY, ingressControllerNamespace: 'ingress-nginx' }), 'NetworkPolicy', 'app-web-ingress');

    expect(policy.spec.ingress[0]).toEqual({ from: [NAMESPACE_OF('envoy-gateway-system')], ports: [{ port: 8080, protocol: 'TCP' }] });
  });

  test('an app that publishes nothing gets no route', () => {
    expect(ofKind(synth(web({ ingress: undefined }), { gateway: GATEWAY }), 'HTTPRoute')).toEqual([]);
  });

  describe('against the Gateway API CRDs', () => {
    test('every HTTPRoute is valid against the v1 HTTPRoute CRD', () => {
      const routes = ofKind(synth(blueGreen(), { gateway: GATEWAY }), 'HTTPRoute');

      expect(routes.map((r) => [r.metadata.name, gatewayErrors(r)])).toEqual([['web', []], ['web-preview', []]]);
    });
  });
});
