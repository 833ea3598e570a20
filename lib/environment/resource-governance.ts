import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { LimitRangeSettings } from '../core/quantity';
import { QuotaSettings } from './environment-types';

/** Props of {@link ResourceGovernance}. */
export interface ResourceGovernanceProps {
  /** Namespace the ResourceQuota and LimitRange govern. */
  readonly namespace: string;
  /** Namespace totals. */
  readonly quota: QuotaSettings;
  /** Per-container defaults and bounds. */
  readonly limitRange: LimitRangeSettings;
}

/**
 * The ResourceQuota and LimitRange of a namespace. The quota also forbids LoadBalancer and NodePort Services:
 * traffic enters environments through the ingress controller only.
 */
export class ResourceGovernance extends Construct {
  /** The ResourceQuota. */
  public readonly quota: ApiObject;
  /** The LimitRange. */
  public readonly limitRange: ApiObject;

  constructor(scope: Construct, id: string, props: ResourceGovernanceProps) {
    super(scope, id);
    const { quota, limitRange, namespace } = props;
    const hard: Record<string, k8s.Quantity> = {
      'requests.cpu': q(quota.requests.cpu),
      'requests.memory': q(quota.requests.memory),
      'limits.cpu': q(quota.limits.cpu),
      'limits.memory': q(quota.limits.memory),
      'services.loadbalancers': q('0'),
      'services.nodeports': q('0'),
    };
    if (quota.storage !== undefined) hard['requests.storage'] = q(quota.storage);
    if (quota.pods !== undefined) hard.pods = q(String(quota.pods));
    if (quota.services !== undefined) hard.services = q(String(quota.services));
    if (quota.persistentVolumeClaims !== undefined) hard.persistentvolumeclaims = q(String(quota.persistentVolumeClaims));

    this.quota = new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: { name: 'environment-quota', namespace },
      spec: { hard },
    });
    this.limitRange = new k8s.KubeLimitRange(this, 'LimitRange', {
      metadata: { name: 'container-limits', namespace },
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: compute(limitRange.defaultRequest),
          default: compute(limitRange.default),
          max: compute(limitRange.max),
        }],
      },
    });
  }
}

function q(value: string): k8s.Quantity {
  return k8s.Quantity.fromString(value);
}

function compute(resources: { cpu: string; memory: string }): Record<string, k8s.Quantity> {
  return { cpu: q(resources.cpu), memory: q(resources.memory) };
}
