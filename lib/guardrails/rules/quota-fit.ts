/**
 * The apps of a namespace fit its ResourceQuota: at minimum scale (an error in protected environments), and at
 * maximum scale (a warning everywhere). No other tool checks it: each object is valid alone, and the API server only
 * refuses the pod that does not fit, long after the release was approved.
 */
import { QuantityUnit, formatAmount } from '../../core/quantity-math';
import { Finding, Rule, RuleContext } from '../rule';
import { Enforcement } from '../severity';
import { Contribution, QuotaLimit, RESOURCE_UNITS, ResourceDemand, demandOf, quotaLimits, quotasOf } from './_capacity';

/** How many contributions a message lists before it sums up the rest. */
const LISTED = 6;

/** Everything in the namespace, at its least: replicas or autoscaler minimum, every slot and track, claims and all. */
export const QUOTA_FITS: Rule = {
  id: 'quota-fits',
  title: 'The apps fit their quota at minimum scale',
  rationale: 'The API server refuses every pod or claim beyond the quota: a release whose minimum does not fit never becomes ready, '
    + 'and a rollout or node drain stalls on the first pod that cannot be replaced.',
  references: [],
  fix: 'Raise the quota (and the node pool with it), or lower replicas, autoscaler minimums, requests or claim sizes.',
  // The API server refuses what does not fit whatever an exception says.
  acceptable: false,
  check: (context) => check(context, 'min'),
};

/** What the autoscalers may ask for at their maximum: reported, never fatal, since it depends on load. */
export const QUOTA_FITS_MAX_SCALE: Rule = {
  id: 'quota-fits-max-scale',
  title: 'The apps fit their quota at maximum scale',
  rationale: 'An autoscaler that may scale beyond the quota stops adding pods when load needs them most; the quota, not the '
    + 'autoscaler, then sets the real maximum.',
  references: [],
  fix: 'Raise the quota to what the autoscalers\' maximums need, or lower maxReplicas to what the quota allows.',
  enforcement: Enforcement.ADVISORY,
  check: (context) => check(context, 'max'),
};

function check(context: RuleContext, scale: 'min' | 'max'): Finding[] {
  const quotas = quotasOf(context.objects);
  if (quotas.length === 0) return [];
  const demand = demandOf(context.objects);
  return quotas.flatMap((quota) => quotaLimits(quota).flatMap((limit): Finding[] => {
    const needed = demand[limit.resource];
    const findings: Finding[] = [];
    if (scale === 'min' && needed.unset.length > 0) {
      findings.push({
        object: quota,
        path: `spec.hard.${limit.key}`,
        message: `the quota tracks ${limit.key}, so the API server refuses pods whose containers set none, and no LimitRange gives a default: `
          + `${needed.unset.join(', ')}`,
      });
    }
    const over = scale === 'min' ? needed.min > limit.amount : needed.max > limit.amount && needed.min <= limit.amount;
    if (over) {
      findings.push({ object: quota, path: `spec.hard.${limit.key}`, message: message(quota, limit, needed, scale) });
    }
    return findings;
  }));
}

/** `at minimum scale the apps need requests.memory 5248Mi (5.13Gi); ResourceQuota "q" allows 2Gi: Deployment/api 10 × 256Mi = 2560Mi, …` */
function message(quota: any, limit: QuotaLimit, needed: ResourceDemand, scale: 'min' | 'max'): string {
  const unit = RESOURCE_UNITS[limit.resource];
  const total = scale === 'min' ? needed.min : needed.max;
  const units = (c: Contribution) => (scale === 'min' ? c.unitsMin : c.unitsMax);
  const listed = [...needed.contributions].filter((c) => units(c) > 0).sort((a, b) => b.perUnit * units(b) - a.perUnit * units(a));
  const parts = listed.slice(0, LISTED).map((c) => describe(c, units(c), unit));
  if (listed.length > LISTED) {
    const rest = listed.slice(LISTED).reduce((sum, c) => sum + c.perUnit * units(c), 0);
    parts.push(`${listed.length - LISTED} more ${formatAmount(rest, unit)}`);
  }
  return `at ${scale === 'min' ? 'minimum' : 'maximum'} scale the apps need ${limit.key} ${formatAmount(total, unit)}, `
    + `${formatAmount(total - limit.amount, unit)} more than ResourceQuota "${quota.metadata?.name}" allows (${limit.written}): ${parts.join(', ')}`;
}

/** `Deployment/api 10 × 256Mi = 2560Mi (autoscaler 10-30)`, or `Deployment/api 10 (autoscaler 10-30)` for counts of one. */
function describe(c: Contribution, units: number, unit: QuantityUnit): string {
  const amount = c.perUnit === 1 && unit === QuantityUnit.COUNT
    ? String(units)
    : `${units} × ${formatAmount(c.perUnit, unit)} = ${formatAmount(c.perUnit * units, unit)}`;
  return `${c.object} ${amount} (${c.scale})`;
}

