import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DEFAULT_POD_SECURITY_AUDIT, DEFAULT_POD_SECURITY_VERSION, DEFAULT_POD_SECURITY_WARN } from './environment-defaults';
import { PodSecurityLevel } from './environment-types';

/** Pod Security admission modes, each a namespace label `pod-security.kubernetes.io/<mode>`. */
const POD_SECURITY_MODES = ['enforce', 'audit', 'warn'] as const;

/** Props of {@link EnvironmentNamespace}. */
export interface EnvironmentNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /** Level that rejects violating pods. */
  readonly enforce: PodSecurityLevel;
  /**
   * Level whose violations are recorded in the audit log.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly audit?: PodSecurityLevel;
  /**
   * Level whose violations are returned as warnings.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly warn?: PodSecurityLevel;
  /**
   * Policy version every mode is pinned to.
   * @default DEFAULT_POD_SECURITY_VERSION - the newest supported minor
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
   */
  readonly version?: string;
  /**
   * Further labels of the namespace.
   * @default - none
   */
  readonly labels?: { readonly [key: string]: string };
}

/**
 * The namespace of an environment, with Pod Security admission labels for every mode, each pinned to a version.
 */
export class EnvironmentNamespace extends Construct {
  /** Namespace name. */
  public readonly name: string;
  /** The Namespace object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: EnvironmentNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    const levels = {
      enforce: props.enforce,
      audit: props.audit ?? DEFAULT_POD_SECURITY_AUDIT,
      warn: props.warn ?? DEFAULT_POD_SECURITY_WARN,
    };
    const version = props.version ?? DEFAULT_POD_SECURITY_VERSION;
    const podSecurity: Record<string, string> = {};
    for (const mode of POD_SECURITY_MODES) {
      podSecurity[`pod-security.kubernetes.io/${mode}`] = levels[mode];
      podSecurity[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    this.resource = new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels, ...podSecurity } },
    });
  }
}
