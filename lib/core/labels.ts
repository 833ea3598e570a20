/**
 * The label and annotation keys the platform sets on what it renders, all under one domain: the definition's
 * `labelDomain`, `platform.example.com` unless set.
 */

/** The domain of the platform's labels and annotations when the definition names none. */
export const DEFAULT_LABEL_DOMAIN = 'platform.example.com';

/** The keys of the labels and annotations the platform sets, under one domain. */
export interface LabelKeys {
  /** The domain, e.g. `platform.example.com`. */
  readonly domain: string;
  /** `<domain>/environment`: the environment of every object of an environment. */
  readonly environment: string;
  /** `<domain>/cluster`: the cluster of every object. */
  readonly cluster: string;
  /** `<domain>/pool`: what a node pool's nodes carry unless the pool names its own labels. */
  readonly pool: string;
  /** `<domain>/track`: a workload's release track (part of its selector, so it never changes). */
  readonly track: string;
  /** `<domain>/config-hash`: pod-template annotation that rolls pods when an app's config changes. */
  readonly configHash: string;
  /** `<domain>/canary-effective-weight`: the share of pods a canary really gets. */
  readonly canaryEffectiveWeight: string;
  /** `<domain>/preview`: `"true"` on a preview environment's namespace. */
  readonly preview: string;
  /** `<domain>/preview-of`: the environment a preview copies. */
  readonly previewOf: string;
  /** `<domain>/preview-id`: the preview's id. */
  readonly previewId: string;
  /** `<domain>/preview-expires`: when a preview may be deleted, in seconds since the epoch. */
  readonly previewExpires: string;
}

/** The label and annotation keys under a domain. */
export function labelKeys(domain: string = DEFAULT_LABEL_DOMAIN): LabelKeys {
  const key = (name: string) => `${domain}/${name}`;
  return {
    domain,
    environment: key('environment'),
    cluster: key('cluster'),
    pool: key('pool'),
    track: key('track'),
    configHash: key('config-hash'),
    canaryEffectiveWeight: key('canary-effective-weight'),
    preview: key('preview'),
    previewOf: key('preview-of'),
    previewId: key('preview-id'),
    previewExpires: key('preview-expires'),
  };
}

/** The keys under the default domain. */
export const DEFAULT_LABEL_KEYS: LabelKeys = labelKeys();


/** Prefix of the labels and annotations this library sets, unless the definition names its own `labelDomain`. */
export const LABEL_DOMAIN = DEFAULT_LABEL_DOMAIN;

/** Label key naming the environment of an object, under the default domain (see `LabelKeys` for any domain). */
export const ENVIRONMENT_LABEL = DEFAULT_LABEL_KEYS.environment;

/** Label key naming the cluster of an object, under the default domain. */
export const CLUSTER_LABEL = DEFAULT_LABEL_KEYS.cluster;

/** Label key a node pool's nodes carry by default, under the default domain. */
export const POOL_LABEL = DEFAULT_LABEL_KEYS.pool;

/** Label the API server sets on every namespace (Kubernetes ≥ 1.22); the only one tenants cannot forge. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
