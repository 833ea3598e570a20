/**
 * Applications as data: declared once in the platform (`apps`), overridden per environment (`apps.<name>` of an
 * environment's definition) for only what differs — version, replicas, host, sizes, release strategy.
 */
import { MergePatch } from '../core/merge';
import { CidrPeerSettings, Protocol } from '../core/network';
import { ComputeResources } from '../core/quantity';
import type { ReleaseStrategySettings } from './release/registry';

// What definitions are written with of the release strategies, which live in release/ (one file each).
export { ReleaseStrategy, ReleaseStrategyKind } from './release/registry';
export type { ReleaseStrategySettings } from './release/registry';
export { Slot } from './release/blue-green';
export type { BlueGreenStrategySettings } from './release/blue-green';
export type { CanaryStrategySettings } from './release/canary';
export type { RecreateStrategySettings } from './release/recreate';
export type { RollingStrategySettings } from './release/rolling';
export type { VersionPin } from './release/version-pin';

/** A port the app's container listens on. */
export interface AppPortSettings {
  /** Port name (an IANA_SVC_NAME: at most 15 lowercase letters, digits and '-'), referenced by ingress, probes, metrics. */
  readonly name: string;
  /** Container port number. */
  readonly port: number;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/** A health check. Name exactly one of `http`, `tcp` or `exec`. */
export interface ProbeSettings {
  /**
   * HTTP GET on a path of a named port.
   * @default - none
   */
  readonly http?: { readonly path: string; readonly port: string };
  /**
   * TCP connect to a named port.
   * @default - none
   */
  readonly tcp?: { readonly port: string };
  /**
   * A command run in the container.
   * @default - none
   */
  readonly exec?: { readonly command: string[] };
  /**
   * Seconds between checks.
   * @default 10
   */
  readonly periodSeconds?: number;
  /**
   * Consecutive failures before the check fails.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Seconds after the container starts before the first check.
   * @default 0
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds a check may take.
   * @default 1
   */
  readonly timeoutSeconds?: number;
}

/**
 * A Secret the app uses, by reference only: an existing Secret in the namespace, or a key of an external secret store
 * that the External Secrets Operator copies into a Secret. Values never appear in definitions or output.
 */
export interface SecretReferenceSettings {
  /** Name of the reference, a DNS label unique in the app. */
  readonly name: string;
  /**
   * An existing Secret in the environment's namespace.
   * @default - none (then `externalStore` is needed)
   */
  readonly existingSecret?: string;
  /**
   * A key of an external store (External Secrets Operator `ClusterSecretStore`); the Secret is named `<app>-<name>`.
   * @default - none
   */
  readonly externalStore?: { readonly store: string; readonly key: string };
  /**
   * Environment variables filled from keys of the Secret: `{ DB_PASSWORD: 'password' }`.
   * @default - none
   */
  readonly env?: { readonly [variable: string]: string };
  /**
   * Mount every key of the Secret as a file under this path.
   * @default - not mounted
   */
  readonly mountPath?: string;
}

/** Another app of the same environment this app connects to. */
export interface AppDependencySettings {
  /** The app. */
  readonly app: string;
  /** Name of the port of that app. */
  readonly port: string;
}

/** Everything about an app that an environment may override. */
export interface AppSettings {
  /**
   * Run the app in this environment.
   * @default true
   */
  readonly enabled?: boolean;
  /** Image repository without tag or digest, e.g. `registry.example.com/shop/web`. */
  readonly image: string;
  /**
   * Image tag; pinned per environment and promoted from one environment to the next.
   * @default - none (a digest, or `latest` where allowed)
   */
  readonly version?: string;
  /**
   * Image digest (`sha256:` and 64 hex digits); wins over `version`.
   * @default - none
   */
  readonly digest?: string;
  /**
   * Entrypoint override.
   * @default - the image's
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default - the image's
   */
  readonly args?: string[];
  /**
   * Ports the container listens on.
   * @default - none (a worker)
   */
  readonly ports?: AppPortSettings[];
  /**
   * Publish a port on the environment's host, with TLS: an HTTPRoute on the cluster's Gateway, or an Ingress on a
   * cluster that routes through an ingress controller.
   * @default - not published
   */
  readonly ingress?: {
    /** Name of the published port. */
    readonly port: string;
    /** Host name in this environment, e.g. `shop.dev.example.com`. */
    readonly host: string;
    /**
     * Path prefix.
     * @default '/'
     */
    readonly path?: string;
    /**
     * Host of the preview route, where a release strategy runs a version before it takes traffic (blue-green's idle
     * slot, through the Service `<app>-preview`). Only clusters with a gateway route it.
     * @default 'preview-<host>'
     */
    readonly previewHost?: string;
  };
  /**
   * Plain environment variables (never secrets: use `secrets`).
   * @default - none
   */
  readonly env?: { readonly [name: string]: string };
  /**
   * Configuration files, as a ConfigMap mounted read-only; a change of content rolls the pods.
   * @default - none
   */
  readonly config?: {
    /** File name → content. */
    readonly files: { readonly [name: string]: string };
    /**
     * Where the files are mounted.
     * @default '/etc/<app>'
     */
    readonly mountPath?: string;
  };
  /**
   * Secrets, by reference only.
   * @default - none
   */
  readonly secrets?: SecretReferenceSettings[];
  /**
   * What the app connects to; the network isolation opens exactly these paths.
   * @default - nothing but DNS
   */
  readonly dependencies?: {
    /**
     * Apps of the same environment.
     * @default - none
     */
    readonly apps?: AppDependencySettings[];
    /**
     * Addresses outside the cluster.
     * @default - none
     */
    readonly cidrs?: CidrPeerSettings[];
  };
  /** Requests and limits of the container. */
  readonly resources: {
    readonly requests: ComputeResources;
    /** Memory limit (required: an app without one can take the node down), and optionally a CPU limit. */
    readonly limits: { readonly memory: string; readonly cpu?: string };
  };
  /** Health checks. */
  readonly probes: {
    /** When the pod may receive traffic. */
    readonly readiness: ProbeSettings;
    /** When the container is restarted; must differ from readiness. */
    readonly liveness: ProbeSettings;
    /**
     * Holds the other probes back until a slow start is over.
     * @default - none
     */
    readonly startup?: ProbeSettings;
  };
  /**
   * Fixed number of pods; not together with `autoscaling`.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler instead of fixed replicas.
   * @default - fixed replicas
   */
  readonly autoscaling?: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    /**
     * Target average CPU utilisation, percent of requests.
     * @default 70 (when no memory target is given)
     */
    readonly cpuUtilization?: number;
    /**
     * Target average memory utilisation, percent of requests.
     * @default - no memory target
     */
    readonly memoryUtilization?: number;
  };
  /**
   * PodDisruptionBudget: pods that may be evicted at once (at least 1, below the replica count where it is above 1).
   * @default 1
   */
  readonly maxUnavailable?: number;
  /**
   * Release strategy.
   * @default ReleaseStrategy.rolling()
   */
  readonly strategy?: ReleaseStrategySettings;
  /**
   * Paths that get a writable emptyDir (the root filesystem is read-only), e.g. `/tmp`.
   * @default - none
   */
  readonly writablePaths?: string[];
  /**
   * Mount a ServiceAccount token, and allow egress to the API server, for apps that call the Kubernetes API. The
   * egress goes to the cluster's `controlPlane.apiServer` addresses where declared, else to the API server port (6443)
   * anywhere outside the cluster's pod and Service ranges.
   * @default false
   */
  readonly kubernetesApiAccess?: boolean;
  /**
   * Numeric user id the container runs as (never 0).
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * PriorityClass of the pods (one of the cluster's).
   * @default 'app-standard'
   */
  readonly priorityClass?: string;
  /**
   * Persistent storage: makes the app a StatefulSet with a volume claim per pod.
   * @default - stateless (a Deployment)
   */
  readonly storage?: {
    /** Size of each pod's volume, e.g. `20Gi`. */
    readonly size: string;
    /** Where the volume is mounted. */
    readonly mountPath: string;
    /**
     * StorageClass.
     * @default - the cluster's default class
     */
    readonly storageClass?: string;
  };
  /**
   * A port that serves Prometheus metrics.
   * @default - not scraped
   */
  readonly metrics?: {
    /** Name of the port. */
    readonly port: string;
    /**
     * Path.
     * @default '/metrics'
     */
    readonly path?: string;
  };
}

/** An app as the platform declares it. */
export interface AppDefinition extends AppSettings {
  /** App name, a DNS label unique in the platform; it names the workload, Service and ServiceAccount. */
  readonly name: string;
}

/** What an environment overrides of an app. */
export type AppOverride = MergePatch<AppSettings>;
