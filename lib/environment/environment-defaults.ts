/**
 * Named defaults of an environment, each with where it comes from.
 */
import { PodSecurityLevel } from './environment-types';
import { KUBERNETES_RELEASES } from '../cluster/kubernetes-versions';

/**
 * Pod Security policy version where no cluster is known (a namespace built on its own): the newest supported minor.
 * Environments get their cluster's own minor (see resolve-environment.ts).
 */
export const DEFAULT_POD_SECURITY_VERSION = KUBERNETES_RELEASES[KUBERNETES_RELEASES.length - 1].podSecurityVersion;

/** Audit and warn at `restricted` so that teams see what production will refuse before they get there. */
export const DEFAULT_POD_SECURITY_AUDIT = PodSecurityLevel.RESTRICTED;
export const DEFAULT_POD_SECURITY_WARN = PodSecurityLevel.RESTRICTED;

/** The ServiceAccount CI deploys an environment with. */
export const DEFAULT_DEPLOYER_SERVICE_ACCOUNT = 'deployer';

