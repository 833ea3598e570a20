/**
 * Named defaults of an environment, each with where it comes from.
 */
import { PodSecurityLevel } from './environment-types';

/** Pod Security policy version: the Kubernetes minor the rendered objects target (cdk8s-plus-27). */
export const DEFAULT_POD_SECURITY_VERSION = 'v1.27';

/** Audit and warn at `restricted` so that teams see what production will refuse before they get there. */
export const DEFAULT_POD_SECURITY_AUDIT = PodSecurityLevel.RESTRICTED;
export const DEFAULT_POD_SECURITY_WARN = PodSecurityLevel.RESTRICTED;

/** The ServiceAccount CI deploys an environment with. */
export const DEFAULT_DEPLOYER_SERVICE_ACCOUNT = 'deployer';

