/** The whole platform as data: what `environments/index.ts` exports and `resolvePlatform` validates. */
import type { AppDefinition } from '../app/app-types';
import { ClusterDefinition, PreviewSettings } from '../cluster/cluster-types';
import { EnvironmentDefinition, EnvironmentSettings, RoleDefinition } from '../environment/environment-types';

/** The whole platform: clusters, the shared base, and the environments. */
export interface PlatformDefinition {
  /** Clusters environments run on. */
  readonly clusters: ClusterDefinition[];
  /** What all environments share; each environment's definition is merged onto it. */
  readonly base: EnvironmentSettings;
  /** The environments, in promotion order (e.g. dev, qa, staging, production). */
  readonly environments: EnvironmentDefinition[];
  /**
   * Roles beyond the built-in ones.
   * @default - none
   */
  readonly roles?: RoleDefinition[];
  /**
   * The apps, each run in every environment (unless an environment sets `enabled: false`).
   * @default - none
   */
  readonly apps?: AppDefinition[];
  /**
   * Preview environments per pull request.
   * @default - no previews, no janitor
   */
  readonly previews?: PreviewSettings;
  /**
   * Domain of the labels and annotations the platform sets (`<labelDomain>/environment`, `/cluster`, `/pool`,
   * `/track`, …): a DNS subdomain your organisation owns. Choose it once: the track label is part of every workload's
   * selector, which Kubernetes does not let change, so changing the domain means re-creating the workloads.
   * @default 'platform.example.com'
   */
  readonly labelDomain?: string;
}
