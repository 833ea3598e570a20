import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { canonicalQuantity, ComputeLimits, LimitRangeSettings } from '../core/quantity';
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
 * traffic enters environments through the ingress controller only. Quantities are written in the API server's canonical
 * form (`1024Mi` as `1Gi`), so the Terraform path sees no difference between what it applied and what is stored.
 */
export class ResourceGovernance extends Construct {
  /** The ResourceQuota. */
  public readonly quota: ApiObject;
  /** The LimitRange. */
  public readonly limitRange: ApiObject;

  constructor(scope: Construct, id: string, props: ResourceGovernanceProps) {
    super(scope, id);
    const { quota, limitRange, namespace } = props;
    // Counted only where stated: a quota on limits.cpu would make every container declare a CPU limit.
    const hard: Record<string, k8s.Quantity> = {
      'requests.cpu': q(quota.requests.cpu),
      'requests.memory': q(quota.requests.memory),
      ...(quota.limits.cpu !== undefined ? { 'limits.cpu': q(quota.limits.cpu) } : {}),
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

/** A quantity in the API server's canonical form, so that what is applied reads back unchanged. */
function q(value: string): k8s.Quantity {
  return k8s.Quantity.fromString(canonicalQuantity(value));
}

/**
 * CPU and memory of a LimitRange field; CPU only where stated, since the API server turns a `max.cpu` into a default
 * CPU limit for every container (`SetDefaults_LimitRangeItem`, kubernetes/kubernetes pkg/apis/core/v1/defaults.go).
 */
function compute(resources: ComputeLimits): Record<string, k8s.Quantity> {
  return { ...(resources.cpu !== undefined ? { cpu: q(resources.cpu) } : {}), memory: q(resources.memory) };
}
