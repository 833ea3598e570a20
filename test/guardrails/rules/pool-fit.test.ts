/** pool-fits: the quotas of the environments pinned to a node pool against what its nodes offer. */
import { GuardrailTarget, POOL_FITS, PLATFORM_CHECKS, Severity, TargetKind, TargetNodePool, poolFitViolations, runGuardrails } from '../_lib';

function quota(namespace: string, hard: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'environment-quota', namespace }, spec: { hard } };
}

/** Three to nine nodes of 4 CPU, 16Gi and 110 pods each. */
const POOL: TargetNodePool = { name: 'general', minNodes: 3, maxNodes: 9, allocatable: { cpu: '4', memory: '16Gi', pods: 110 } };

function env(name: string, hard: Record<string, string>, extra: Partial<GuardrailTarget> = {}): GuardrailTarget {
  return { name, kind: TargetKind.ENVIRONMENT, cluster: 'nonprod', namespace: name, protected: false, objects: [quota(name, hard)], nodePool: POOL, ...extra };
}

const HARD = { 'requests.cpu': '12', 'requests.memory': '48Gi', pods: '300' };

describe('pool-fits', () => {
  test('passes quotas that add up to what the pool offers at its largest, and is a platform check no exception accepts', () => {
    expect(poolFitViolations([env('dev', HARD), env('qa', HARD), env('staging', HARD)])).toEqual([]);
    expect(PLATFORM_CHECKS).toContain(POOL_FITS);
    expect(POOL_FITS.acceptable).toBe(false);
  });

  test('fails when the quotas on a pool promise more CPU, memory or pods than its nodes offer at maxSize', () => {
    const violations = poolFitViolations([env('dev', HARD), env('qa', HARD), env('staging', { 'requests.cpu': '13', 'requests.memory': '49Gi', pods: '391' })]);
    expect(violations.map((v) => `${v.environment} ${v.severity} ${v.object}: ${v.message}`)).toEqual([
      'cluster-nonprod warning NodePool/general: the quotas on node pool "general" promise requests.cpu 37 ("dev" 12, "qa" 12, "staging" 13), '
      + '1 more than its nodes offer at their largest: 9 nodes × 4 = 36',
      'cluster-nonprod warning NodePool/general: the quotas on node pool "general" promise requests.memory 145Gi ("dev" 48Gi, "qa" 48Gi, "staging" 49Gi), '
      + '1Gi more than its nodes offer at their largest: 9 nodes × 16Gi = 144Gi',
      'cluster-nonprod warning NodePool/general: the quotas on node pool "general" promise pods 991 ("dev" 300, "qa" 300, "staging" 391), '
      + '1 more than its nodes offer at their largest: 9 nodes × 110 = 990',
    ]);
    expect(violations[0].fix).toBe(POOL_FITS.fix);
  });

  test('is an error when a protected environment is pinned to the pool, and fails synth through runGuardrails', () => {
    const prod = env('production', { 'requests.cpu': '64', 'requests.memory': '64Gi', pods: '200' }, { cluster: 'prod', protected: true });
    const report = runGuardrails({ targets: [prod], rules: [] });
    expect(report.errors.map((v) => `${v.environment} ${v.severity} ${v.rule}: ${v.message}`)).toEqual([
      `cluster-prod ${Severity.ERROR} pool-fits: the quotas on node pool "general" promise requests.cpu 64 ("production" 64), 28 more than its nodes offer `
      + 'at their largest: 9 nodes × 4 = 36',
    ]);
    expect(report.failed).toBe(true);
  });

  test('fails when a quota on the pool leaves a resource unlimited', () => {
    const violations = poolFitViolations([env('dev', HARD), env('qa', { 'requests.cpu': '1', 'requests.memory': '1Gi' })]);
    expect(violations.map((v) => v.message)).toEqual([
      'the quota of environment "qa" sets no pods, so the environments of node pool "general" may ask for more than its 9 nodes offer (990); '
      + 'set pods in every quota on the pool',
    ]);
  });

  test('checks each pool of each cluster apart, and skips pools that declare no allocatable and environments on no pool', () => {
    const big = { 'requests.cpu': '30', 'requests.memory': '100Gi', pods: '900' };
    const undeclared: TargetNodePool = { name: 'general', minNodes: 1, maxNodes: 1 };
    expect(poolFitViolations([
      env('dev', big),
      env('qa', big, { nodePool: { ...POOL, name: 'qa' } }),
      env('staging', big, { cluster: 'other' }),
      env('sandbox', big, { nodePool: undeclared, cluster: 'third' }),
      env('loose', big, { nodePool: undefined, cluster: 'fourth' }),
    ])).toEqual([]);
  });
});
