import { createHash } from 'node:crypto';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../imports/gateway-httproute-gateway.networking.k8s.io';
import { App, AppPort, Probe } from './app-model';
import { appRoutes } from './app-routes';
import { ClusterGateway } from '../cluster/cluster-model';
import { gatewayListenerName } from '../cluster/cluster-names';
import { NAMESPACE_NAME_LABEL, DEFAULT_LABEL_KEYS } from '../core/labels';
import { canonicalQuantity } from '../core/quantity';
import { strategyFor } from './release/registry';
import { DeploymentFields, ReleaseStrategyRenderer, WorkloadPlan } from './release/release-strategy';

/** The label every pod, Service selector and policy of an app uses (Kubernetes' recommended name label). */
export const APP_LABEL = 'app.kubernetes.io/name';

/**
 * Annotation holding a hash of the app's config files (a change of content changes the pod template and rolls the
 * pods), under the default label domain; an app's own key is `app.labelKeys.configHash`.
 */
export const CONFIG_HASH_ANNOTATION = DEFAULT_LABEL_KEYS.configHash;

/** Label of every pod with the version its image runs (the tag, the digest's start, or `latest` for an untagged image). */
export const VERSION_LABEL = 'app.kubernetes.io/version';

/** The label the Deployment controller puts on each ReplicaSet's pods, a hash of their template: one value per revision. */
const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

const CONFIG_VOLUME = 'config';
const DATA_VOLUME = 'data';

/** Props of {@link Application}. */
export interface ApplicationProps {
  /** The validated app of one environment. */
  readonly app: App;
  /**
   * Namespace of the cluster's ingress controller, admitted to the published port.
   * @default 'ingress-nginx'
   */
  readonly ingressControllerNamespace?: string;
  /**
   * The cluster's Gateway: the app is published by HTTPRoutes attached to it (instead of an Ingress), and admits
   * connections from the Gateway's data-plane namespace (instead of the ingress controller's).
   * @default - published by an Ingress
   */
  readonly gateway?: ClusterGateway;
  /**
   * Namespace of the Prometheus that scrapes the metrics port.
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Render a ServiceMonitor (Prometheus Operator) instead of `prometheus.io/*` pod annotations.
   * @default false
   */
  readonly prometheusOperator?: boolean;
  /**
   * Spread replicas over zones strictly (`DoNotSchedule`), as production's availability needs; elsewhere best effort.
   * @default false
   */
  readonly strictZoneSpread?: boolean;
}

/**
 * A production-grade app in one environment, from its validated model: its own ServiceAccount (no token unless it
 * calls the API), config as a ConfigMap whose content hash rolls the pods, Secrets by reference only, workloads shaped
 * by the release strategy with a hardened pod (non-root, read-only root filesystem, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp) spread over zones and hosts, probes, requests and limits, a
 * PriorityClass, Services, HTTPRoutes on the cluster's Gateway (or a TLS Ingress) for the environment's host, an
 * autoscaler and a disruption budget per track, and NetworkPolicies opening exactly the declared paths.
 *
 * Built on cdk8s-plus-27's low-level `k8s.Kube*` classes: its Deployment renders dropped capabilities as `[null]`,
 * spreads over zones only as a required anti-affinity (unschedulable beyond one pod per zone), forces a
 * `cdk8s.io/metadata.addr` selector label and adds a startup probe nobody asked for.
 */
export class Application extends Construct {
  /** The app. */
  public readonly app: App;
  /** The workloads, by name. */
  public readonly workloads: ApiObject[] = [];
  private readonly renderer: ReleaseStrategyRenderer;

  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id);
    const app = props.app;
    this.app = app;
    this.renderer = strategyFor(app.release.kind);
    const namespace = app.namespace;
    const metadata = (name: string, extra: Partial<k8s.ObjectMeta> = {}) => ({ name, namespace, ...extra });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: metadata(app.name),
      automountServiceAccountToken: app.kubernetesApiAccess,
    });
    if (app.config) {
      new k8s.KubeConfigMap(this, 'Config', { metadata: metadata(`${app.name}-config`), data: { ...app.config.files } });
    }
    for (const secret of app.secrets.filter((s) => s.externalStore)) {
      // External Secrets Operator copies the store's key into a Secret; the value never passes through here.
      new ApiObject(this, `ExternalSecret-${secret.name}`, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: metadata(secret.secretName),
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: secret.externalStore!.store },
          target: { name: secret.secretName, creationPolicy: 'Owner' },
          dataFrom: [{ extract: { key: secret.externalStore!.key } }],
        },
      });
    }

    const plans = this.renderer.workloads(app);
    for (const plan of plans) {
      this.workloads.push(this.renderWorkload(plan, props));
      this.renderScaling(plan);
    }
    this.renderServices();
    if (props.gateway) {
      this.renderRoutes(props.gateway);
    } else {
      this.renderIngress();
    }
    this.renderNetworkPolicies(props);
    if (app.metrics && props.prometheusOperator) {
      new ApiObject(this, 'ServiceMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: metadata(app.name),
        spec: {
          selector: { matchLabels: { [APP_LABEL]: app.name } },
          endpoints: [{ port: app.metrics.port.name, path: app.metrics.path }],
        },
      });
    }
  }

  /** Labels of every pod of the app. */
  public get selector(): { [key: string]: string } {
    return { [APP_LABEL]: this.app.name };
  }

  private renderWorkload(plan: WorkloadPlan, props: ApplicationProps): ApiObject {
    const app = this.app;
    const selector = { ...this.selector, ...plan.trackLabels };
    const annotations: Record<string, string> = {};
    if (app.config) {
      // Sorted, so that only a change of content (not of the order the files are listed in) rolls the pods.
      const files = Object.entries(app.config.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      annotations[app.labelKeys.configHash] = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
    }
    if (app.metrics && !props.prometheusOperator) {
      annotations['prometheus.io/scrape'] = 'true';
      annotations['prometheus.io/port'] = String(app.metrics.port.port);
      annotations['prometheus.io/path'] = app.metrics.path;
    }
    const template: k8s.PodTemplateSpec = {
      metadata: {
        labels: { ...selector, [VERSION_LABEL]: versionLabel(app.settings.image, plan.track.image) },
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: this.podSpec(selector, plan.track.image, props),
    };
    const metadata: k8s.ObjectMeta = { name: plan.name, namespace: app.namespace, annotations: plan.annotations };
    if (app.workload === 'StatefulSet') {
      return new k8s.KubeStatefulSet(this, `Workload-${plan.name}`, {
        metadata,
        spec: {
          serviceName: `${app.name}-headless`,
          replicas: plan.track.replicas,
          selector: { matchLabels: selector },
          template,
          // What a StatefulSet has of the rolling settings: no surge, no progress deadline (refused at validation).
          minReadySeconds: plan.deployment.minReadySeconds,
          revisionHistoryLimit: plan.deployment.revisionHistoryLimit,
          updateStrategy: { type: 'RollingUpdate' },
          volumeClaimTemplates: [{
            metadata: { name: DATA_VOLUME },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: app.storage!.storageClass,
              resources: { requests: { storage: quantity(app.storage!.size) } },
            },
          }],
        },
      });
    }
    return new k8s.KubeDeployment(this, `Workload-${plan.name}`, {
      metadata,
      spec: { replicas: plan.track.replicas, selector: { matchLabels: selector }, template, ...deploymentSpec(plan.deployment) },
    });
  }

  private podSpec(selector: Record<string, string>, image: string, props: ApplicationProps): k8s.PodSpec {
    const app = this.app;
    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    if (app.config) {
      volumes.push({ name: CONFIG_VOLUME, configMap: { name: `${app.name}-config` } });
      mounts.push({ name: CONFIG_VOLUME, mountPath: app.config.mountPath, readOnly: true });
    }
    for (const secret of app.secrets.filter((s) => s.mountPath)) {
      volumes.push({ name: `secret-${secret.name}`, secret: { secretName: secret.secretName } });
      mounts.push({ name: `secret-${secret.name}`, mountPath: secret.mountPath!, readOnly: true });
    }
    app.writablePaths.forEach((path, i) => {
      volumes.push({ name: `writable-${i}`, emptyDir: {} });
      mounts.push({ name: `writable-${i}`, mountPath: path });
    });
    if (app.storage) {
      mounts.push({ name: DATA_VOLUME, mountPath: app.storage.mountPath });
    }
    const env: k8s.EnvVar[] = [
      ...Object.entries(app.env).map(([name, value]) => ({ name, value })),
      ...app.secrets.flatMap((secret) => Object.entries(secret.env).map(([name, key]) => ({
        name,
        valueFrom: { secretKeyRef: { name: secret.secretName, key } },
      }))),
    ];
    const limits: Record<string, k8s.Quantity> = { memory: quantity(app.resources.limits.memory) };
    if (app.resources.limits.cpu !== undefined) limits.cpu = quantity(app.resources.limits.cpu);
    // A Deployment's pods are spread per revision (the ReplicaSet's pod-template-hash label): during a rollout the old
    // pods, about to go, do not count against where the new ones may land, which would otherwise skew the new revision
    // onto few zones. matchLabelKeys is enabled by default since 1.27 (KEP-3243, feature MatchLabelKeysInPodTopologySpread),
    // so in every minor the platform supports (1.33-1.36). A StatefulSet has no pod-template-hash (its revision label,
    // controller-revision-hash, changes pod by pod as the update proceeds, which would split one set into two), so its
    // pods are spread as one set.
    // https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#topologyspreadconstraints-field
    const spreadRevision = app.workload === 'Deployment' ? { matchLabelKeys: [POD_TEMPLATE_HASH_LABEL] } : {};
    return {
      serviceAccountName: app.name,
      automountServiceAccountToken: app.kubernetesApiAccess,
      priorityClassName: app.priorityClass,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: app.runAsUser,
        runAsGroup: app.runAsUser,
        fsGroup: app.runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      topologySpreadConstraints: [
        {
          topologyKey: 'topology.kubernetes.io/zone',
          maxSkew: 1,
          whenUnsatisfiable: props.strictZoneSpread ? 'DoNotSchedule' : 'ScheduleAnyway',
          labelSelector: { matchLabels: selector },
          ...spreadRevision,
        },
        { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector }, ...spreadRevision },
      ],
      containers: [{
        name: app.name,
        image,
        command: app.command,
        args: app.args,
        ports: app.ports.length > 0 ? app.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })) : undefined,
        env: env.length > 0 ? env : undefined,
        resources: {
          requests: { cpu: quantity(app.resources.requests.cpu), memory: quantity(app.resources.requests.memory) },
          limits,
        },
        readinessProbe: probe(app.probes.readiness),
        livenessProbe: probe(app.probes.liveness),
        startupProbe: app.probes.startup ? probe(app.probes.startup) : undefined,
        securityContext: {
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        },
        volumeMounts: mounts.length > 0 ? mounts : undefined,
      }],
      volumes: volumes.length > 0 ? volumes : undefined,
    };
  }

  private renderScaling(plan: WorkloadPlan): void {
    const app = this.app;
    const selector = { ...this.selector, ...plan.trackLabels };
    const target = { apiVersion: 'apps/v1', kind: app.workload, name: plan.name };
    const bounds = plan.track.autoscaling;
    if (bounds && app.autoscaling) {
      const metrics: k8s.MetricSpecV2[] = [];
      for (const [name, utilization] of [['cpu', app.autoscaling.cpuUtilization], ['memory', app.autoscaling.memoryUtilization]] as const) {
        if (utilization !== undefined) {
          metrics.push({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } });
        }
      }
      new k8s.KubeHorizontalPodAutoscalerV2(this, `Autoscaler-${plan.name}`, {
        metadata: { name: plan.name, namespace: app.namespace },
        spec: { scaleTargetRef: target, minReplicas: bounds.minReplicas, maxReplicas: bounds.maxReplicas, metrics },
      });
    }
    const replicas = bounds ? bounds.minReplicas : plan.track.replicas;
    if (replicas === undefined || replicas === 0) {
      return;
    }
    // One pod may always be evicted (node drains must progress), never more than can leave one running.
    const maxUnavailable = replicas >= 2 ? Math.min(app.maxUnavailable, replicas - 1) : 1;
    new k8s.KubePodDisruptionBudget(this, `DisruptionBudget-${plan.name}`, {
      metadata: { name: plan.name, namespace: app.namespace },
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable),
        selector: { matchLabels: selector },
        // A pod that is running but not ready (crash-looping, a failing probe) serves nothing, so evicting it costs no
        // availability; with the default (IfHealthyBudget) such pods block every node drain while the budget is spent.
        // GA in Kubernetes 1.31: https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }

  private renderServices(): void {
    const app = this.app;
    if (app.ports.length === 0) {
      return;
    }
    const ports = app.ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: p.protocol }));
    for (const service of this.renderer.services(app)) {
      new k8s.KubeService(this, `Service-${service.name}`, {
        // The app label is what a ServiceMonitor selects Services by (the headless Service has none: it would scrape twice).
        metadata: { name: service.name, namespace: app.namespace, labels: this.selector },
        spec: { type: 'ClusterIP', selector: { ...this.selector, ...service.trackLabels }, ports },
      });
    }
    if (app.workload === 'StatefulSet') {
      // Stable per-pod DNS names (<pod>.<app>-headless) for the StatefulSet.
      new k8s.KubeService(this, 'Service-headless', {
        metadata: { name: `${app.name}-headless`, namespace: app.namespace },
        spec: { clusterIp: 'None', selector: this.selector, ports, publishNotReadyAddresses: true },
      });
    }
  }

  private renderIngress(): void {
    const ingress = this.app.ingress;
    if (!ingress) {
      return;
    }
    new k8s.KubeIngress(this, 'Ingress', {
      metadata: { name: this.app.name, namespace: this.app.namespace },
      spec: {
        ingressClassName: ingress.className,
        tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecretName }],
        rules: [{
          host: ingress.host,
          http: {
            paths: [{
              path: ingress.path,
              pathType: 'Prefix',
              backend: { service: { name: this.app.name, port: { name: ingress.port.name } } },
            }],
          },
        }],
      },
    });
  }

  /**
   * An HTTPRoute per route of the app (its host; the preview host where the strategy has a preview Service), attached to
   * the listener of its host on the cluster's Gateway, which admits routes only from this environment's namespace.
   * The backend port is the Service's port number, as a Service backendRef requires.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
   */
  private renderRoutes(gateway: ClusterGateway): void {
    for (const route of appRoutes(this.app)) {
      new HttpRoute(this, route.preview ? `Route-${route.name}` : 'Route', {
        metadata: { name: route.name, namespace: this.app.namespace },
        spec: {
          parentRefs: [{
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            name: gateway.name,
            namespace: gateway.namespace,
            sectionName: gatewayListenerName(route.host),
          }],
          hostnames: [route.host],
          rules: [{
            matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: route.path } }],
            backendRefs: [{ group: '', kind: 'Service', name: route.service, port: route.port.port }],
          }],
        },
      });
    }
  }

  /** Exactly the declared paths: the ingress controller to the published port, dependents in, dependencies and CIDRs out. */
  private renderNetworkPolicies(props: ApplicationProps): void {
    const app = this.app;
    const portsOf = (ports: ReadonlyArray<{ port: number; protocol: string }>) =>
      ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol }));
    const ingress: k8s.NetworkPolicyIngressRule[] = [];
    if (app.ingress) {
      ingress.push({
        // The Gateway's proxies (or the ingress controller) connect to the pods of the Service, on the target port.
        from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: props.gateway?.dataPlaneNamespace ?? props.ingressControllerNamespace ?? 'ingress-nginx' } } }],
        ports: portsOf([app.ingress.port]),
      });
    }
    // The pods of a StatefulSet replicate among themselves (peer discovery through the headless Service).
    const peers = app.workload === 'StatefulSet' && app.ports.length > 0;
    if (peers) {
      ingress.push({ from: [{ podSelector: { matchLabels: this.selector } }], ports: portsOf(app.ports) });
    }
    for (const dependent of app.dependents) {
      ingress.push({ from: [{ podSelector: { matchLabels: { [APP_LABEL]: dependent.app } } }], ports: portsOf(dependent.ports) });
    }
    if (app.metrics) {
      ingress.push({
        from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: props.monitoringNamespace ?? 'monitoring' } } }],
        ports: portsOf([app.metrics.port]),
      });
    }
    const egress: k8s.NetworkPolicyEgressRule[] = [
      ...(peers ? [{ to: [{ podSelector: { matchLabels: this.selector } }], ports: portsOf(app.ports) }] : []),
      ...app.dependsOn.map((dep) => ({ to: [{ podSelector: { matchLabels: { [APP_LABEL]: dep.app } } }], ports: portsOf(dep.ports) })),
      // The token mounted for kubernetesApiAccess is of no use unless the namespace's default-deny lets it reach the API server.
      ...[...app.apiServerPeers, ...app.cidrs].map((cidr) => ({
        to: [{ ipBlock: { cidr: cidr.cidr, except: cidr.except.length > 0 ? [...cidr.except] : undefined } }],
        ports: cidr.ports.length > 0
          ? cidr.ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), endPort: p.endPort, protocol: p.protocol }))
          : undefined,
      })),
    ];
    if (ingress.length > 0) {
      new k8s.KubeNetworkPolicy(this, 'IngressPolicy', {
        metadata: { name: `app-${app.name}-ingress`, namespace: app.namespace },
        spec: { podSelector: { matchLabels: this.selector }, policyTypes: ['Ingress'], ingress },
      });
    }
    if (egress.length > 0) {
      new k8s.KubeNetworkPolicy(this, 'EgressPolicy', {
        metadata: { name: `app-${app.name}-egress`, namespace: app.namespace },
        spec: { podSelector: { matchLabels: this.selector }, policyTypes: ['Egress'], egress },
      });
    }
  }
}

/** A quantity in the API server's canonical form (`0.1` as `100m`), so that what is applied reads back unchanged. */
function quantity(value: string): k8s.Quantity {
  return k8s.Quantity.fromString(canonicalQuantity(value));
}

/** A strategy's Deployment fields as cdk8s-plus types (surge and unavailability are numbers or percentages). */
function deploymentSpec(fields: DeploymentFields): Pick<k8s.DeploymentSpec, 'strategy' | 'minReadySeconds' | 'progressDeadlineSeconds' | 'revisionHistoryLimit'> {
  const rolling = fields.strategy.rollingUpdate;
  return {
    ...fields,
    strategy: {
      type: fields.strategy.type,
      ...(rolling ? { rollingUpdate: { maxSurge: intOrString(rolling.maxSurge), maxUnavailable: intOrString(rolling.maxUnavailable) } } : {}),
    },
  };
}

function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/**
 * The version an image reference runs, as a label value: what follows the repository (the registry's port, as in
 * `registry:5000/web`, is part of the repository), at most 63 characters, starting and ending alphanumeric.
 */
function versionLabel(repository: string, image: string): string {
  const version = image.startsWith(repository) && image.length > repository.length ? image.slice(repository.length + 1) : 'latest';
  return version.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '') || 'latest';
}

function probe(p: Probe): k8s.Probe {
  const port = (ap: AppPort) => k8s.IntOrString.fromString(ap.name);
  return {
    httpGet: p.http ? { path: p.http.path, port: port(p.http.port) } : undefined,
    tcpSocket: p.tcp ? { port: port(p.tcp.port) } : undefined,
    exec: p.exec ? { command: [...p.exec.command] } : undefined,
    periodSeconds: p.periodSeconds,
    failureThreshold: p.failureThreshold,
    initialDelaySeconds: p.initialDelaySeconds,
    timeoutSeconds: p.timeoutSeconds,
  };
}
