/**
 * Capacity over whole platforms: the guardrail targets carry each environment's node pool (nodes from zones × sizes,
 * allocatable from the cluster definition), and the reference platform fits its quotas and pools.
 */
import { PlatformCharts, resolvePlatform } from '../../lib';
import { platform as reference } from '../../environments';
import { checkPlatform, outputsOfCharts, platformTargets } from '../../lib/platform/check-platform';
import { withCluster, withEnvironment } from '../platform/fixtures';

const CAPACITY_CHECKS = ['quota-fits', 'quota-fits-max-scale', 'pool-fits'];

describe('platform targets', () => {
  test('carry the node pool of each pinned environment: nodes over its zones at minSize and maxSize, and what each node offers', () => {
    const definition = withEnvironment('dev', { nodePool: 'general' }, withCluster('nonprod', {
      controlPlane: { replicas: 3, zones: ['zone-a', 'zone-b', 'zone-c'], endpoint: { host: 'api.nonprod.example.com' } },
      nodePools: [{ name: 'general', minSize: 1, maxSize: 2, allocatable: { cpu: '2', memory: '8Gi', pods: 30 } }],
    }));
    const platform = resolvePlatform(definition);
    const targets = platformTargets(platform, outputsOfCharts(new PlatformCharts({ platform, outdir: '/nonexistent' })));
    expect(targets.map((t) => [t.name, t.nodePool])).toEqual([
      ['dev', { name: 'general', minNodes: 3, maxNodes: 6, allocatable: { cpu: '2', memory: '8Gi', pods: 30 } }],
      ['qa', undefined],
      ['production', undefined],
      ['cluster-nonprod', undefined],
      ['cluster-prod', undefined],
    ]);
  });

  test('fail when the quota of a pinned environment exceeds what its pool offers (fixture: 1 node of 1 CPU against a 2-CPU quota, and no pods limit)', () => {
    const definition = withEnvironment('dev', { nodePool: 'general' }, withCluster('nonprod', {
      nodePools: [{ name: 'general', allocatable: { cpu: '1', memory: '8Gi', pods: 30 } }],
    }));
    const platform = resolvePlatform(definition);
    const report = checkPlatform(platform, outputsOfCharts(new PlatformCharts({ platform, outdir: '/nonexistent' })));
    expect(report.violations.filter((v) => v.rule === 'pool-fits').map((v) => `${v.environment} ${v.severity} ${v.object}: ${v.message}`)).toEqual([
      'cluster-nonprod warning NodePool/general: the quota of environment "dev" sets no pods, so the environments of node pool "general" may ask '
      + 'for more than its 1 node offer (30); set pods in every quota on the pool',
      'cluster-nonprod warning NodePool/general: the quotas on node pool "general" promise requests.cpu 2 ("dev" 2), 1 more than its nodes offer '
      + 'at their largest: 1 node × 1 = 1',
    ]);
  });
});

describe('the reference platform', () => {
  const platform = resolvePlatform(reference);
  const outputs = outputsOfCharts(new PlatformCharts({ platform, outdir: '/nonexistent' }));
  const report = checkPlatform(platform, outputs);

  test('fits every quota at maximum scale and every pool at its largest', () => {
    expect(report.violations.filter((v) => CAPACITY_CHECKS.includes(v.rule))).toEqual([]);
  });

  test('declares what the nodes of every pool with environments offer, and the report shows it per environment', () => {
    for (const env of platform.environments) {
      const pool = env.nodePool!;
      const table = report.capacity.find((t) => t.environment === env.name)!;
      const zones = Math.max(pool.zones.length, 1);
      expect([env.name, pool.allocatable !== undefined, table.nodePool]).toEqual([env.name, true, pool.name]);
      expect(table.poolCapacity).toBe(`node pool "${pool.name}", ${zones * pool.minSize} to ${zones * pool.maxSize} nodes × ${pool.allocatable!.cpu} CPU, `
        + `${pool.allocatable!.memory} memory, ${pool.allocatable!.pods} pods`);
      expect(table.rows.find((r) => r.resource === 'pods')!.quota).toBe(env.quota.pods);
    }
  });
});
