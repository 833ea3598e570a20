/**
 * A validated app in one environment: every default applied, every reference (ports, dependencies, images) resolved.
 */
import { AppDefinition, AppOverride, AppSettings } from './app-types';
import type { LabelKeys } from '../core/labels';
import { CidrPeer, Port, Protocol } from '../core/network';
import { ComputeResources } from '../core/quantity';
import type { Release } from './release/registry';

// The resolved release: one of the strategies' (release/*.ts), its tracks of pods in the contract.
export type { Release } from './release/registry';
export type { ReleaseTrack } from './release/release-strategy';

/** A named container port. */
export interface AppPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** A health check with its defaults applied. */
export interface Probe {
  readonly http?: { readonly path: string; readonly port: AppPort };
  readonly tcp?: { readonly port: AppPort };
  readonly exec?: { readonly command: string[] };
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  readonly initialDelaySeconds: number;
  readonly timeoutSeconds: number;
}

/** A Secret reference with its Secret name resolved. */
export interface SecretReference {
  readonly name: string;
  /** Name of the Secret in the namespace (existing, or created by the external store). */
  readonly secretName: string;
  readonly externalStore?: { readonly store: string; readonly key: string };
  readonly env: { readonly [variable: string]: string };
  readonly mountPath?: string;
}

/** A validated app in one environment. */
export interface App {
  /** The app's name, from its definition. */
  readonly name: string;
  /** The environment's name and namespace. */
  readonly environment: string;
  /** The namespace of the environment, where the app runs. */
  readonly namespace: string;
  /** Keys of the labels and annotations the platform sets (the definition's `labelDomain`). */
  readonly labelKeys: LabelKeys;
  /** `StatefulSet` when the app has storage, else `Deployment`. */
  readonly workload: 'Deployment' | 'StatefulSet';
  /** Image reference of the version the app serves: its first serving track's (the stable track, the active slot). */
  readonly image: string;
  /**
   * Entrypoint of the container, replacing the image's.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments of the container.
   * @default - the image's arguments
   */
  readonly args?: string[];
  /** The container ports the app publishes. */
  readonly ports: AppPort[];
  /**
   * Where the app is reached from outside the cluster in this environment.
   * @default - not reachable from outside the cluster
   */
  readonly ingress?: {
    readonly host: string;
    readonly path: string;
    readonly port: AppPort;
    /** Host of the preview route, used where the release strategy has a preview Service. */
    readonly previewHost: string;
    /** IngressClass and certificate Secret of the Ingress, on a cluster that routes through an ingress controller. */
    readonly className: string;
    readonly tlsSecretName: string;
  };
  /** Environment variables of the container (secrets come only through `secrets`). */
  readonly env: { readonly [name: string]: string };
  /**
   * Files mounted from a ConfigMap; a change of their content rolls the pods.
   * @default - no config files
   */
  readonly config?: { readonly files: { readonly [name: string]: string }; readonly mountPath: string };
  /** Secrets the app reads, by reference: never their values. */
  readonly secrets: SecretReference[];
  /** Apps of the environment this app connects to, with the port numbers. */
  readonly dependsOn: Array<{ readonly app: string; readonly ports: Port[] }>;
  /** Apps of the environment that connect to this one, with the port numbers. */
  readonly dependents: Array<{ readonly app: string; readonly ports: Port[] }>;
  /** Addresses outside the cluster the app connects to. */
  readonly cidrs: CidrPeer[];
  /** Requests and limits of the container. */
  readonly resources: { readonly requests: ComputeResources; readonly limits: { readonly memory: string; readonly cpu?: string } };
  /** Health checks, with their defaults applied. */
  readonly probes: { readonly readiness: Probe; readonly liveness: Probe; readonly startup?: Probe };
  /**
   * The autoscaler, when the app has one.
   * @default - no autoscaler: the release strategy's replica count
   */
  readonly autoscaling?: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly cpuUtilization?: number;
    readonly memoryUtilization?: number;
  };
  /** Pods that may be down at once, for the PodDisruptionBudget. */
  readonly maxUnavailable: number;
  /** The release strategy in use, with its tracks of pods and the versions they serve. */
  readonly release: Release;
  /** Paths mounted writable (emptyDir) under the read-only root filesystem. */
  readonly writablePaths: string[];
  /** Whether the pods get a service account token and may reach the Kubernetes API. */
  readonly kubernetesApiAccess: boolean;
  /**
   * Where the API server listens, which an app with `kubernetesApiAccess` may connect to (empty otherwise): the
   * cluster's `controlPlane.apiServer` addresses, or anywhere outside the cluster's pod and Service ranges on 6443.
   */
  readonly apiServerPeers: CidrPeer[];
  /** The non-root user the container runs as. */
  readonly runAsUser: number;
  /** The PriorityClass of the pods. */
  readonly priorityClass: string;
  /**
   * A persistent volume per pod (the app is then a StatefulSet).
   * @default - no persistent storage
   */
  readonly storage?: { readonly size: string; readonly mountPath: string; readonly storageClass?: string };
  /**
   * Where the app serves metrics, for the cluster's monitoring to scrape.
   * @default - no metrics scraped
   */
  readonly metrics?: { readonly port: AppPort; readonly path: string };
  /** The platform's declaration of the app. */
  readonly definition: AppDefinition;
  /** What the environment overrides (empty when nothing). */
  readonly override: AppOverride;
  /** The declaration merged with the override. */
  readonly settings: AppSettings;
}
