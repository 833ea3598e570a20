import { MIN_REPLICAS_RULE, PDB_ALLOWS_EVICTION, PDB_PRESENT, TOPOLOGY_SPREAD } from '../_lib';
import { changed, cronJob, deployment, findingsOf, hpa, messagesOf, pdb, pod, statefulSet } from '../fixtures';

const single = changed(deployment(), (d) => { d.spec.replicas = 1; });

describe('min-replicas', () => {
  test('passes two replicas or more, autoscaled workloads, and kinds without replicas', () => {
    const autoscaled = changed(deployment(), (d) => { delete d.spec.replicas; });
    expect(messagesOf(MIN_REPLICAS_RULE, [deployment(), statefulSet(), cronJob(), pod(), autoscaled, hpa()])).toEqual([]);
  });

  test('fails one replica, set or defaulted', () => {
    const defaulted = changed(statefulSet(), (s) => { delete s.spec.replicas; });
    expect(findingsOf(MIN_REPLICAS_RULE, [single, defaulted])).toEqual([
      { object: 'Deployment/shop/web', message: 'runs 1 replica', path: 'spec.replicas' },
      { object: 'StatefulSet/shop/store', message: 'runs 1 replica (spec.replicas defaults to 1)', path: 'spec.replicas' },
    ]);
  });
});

describe('pdb-present', () => {
  test('passes replicated workloads with a budget; single replicas and jobs need none', () => {
    expect(messagesOf(PDB_PRESENT, [deployment(), pdb()])).toEqual([]);
    expect(messagesOf(PDB_PRESENT, [single, cronJob()])).toEqual([]);
  });

  test('fails replicated workloads no budget selects (a budget in another namespace does not count)', () => {
    const elsewhere = changed(pdb(), (p) => { p.metadata.namespace = 'other'; });
    const autoscaled = changed(statefulSet(), (s) => { s.spec.replicas = 1; });
    const storeHpa = changed(hpa('store', 2, 4), (h) => { h.spec.scaleTargetRef.kind = 'StatefulSet'; });
    expect(findingsOf(PDB_PRESENT, [deployment(), elsewhere, autoscaled, storeHpa])).toEqual([
      { object: 'Deployment/shop/web', message: 'no PodDisruptionBudget selects its pods' },
      { object: 'StatefulSet/shop/store', message: 'no PodDisruptionBudget selects its pods' },
    ]);
  });
});

describe('pdb-allows-eviction', () => {
  test('passes budgets that let a pod go: maxUnavailable ≥ 1 or a percentage, minAvailable below the replicas', () => {
    expect(messagesOf(PDB_ALLOWS_EVICTION, [
      deployment(), pdb('web', { maxUnavailable: '25%' }),
      statefulSet(), pdb('store', { minAvailable: '50%' }),
      pdb('other', { minAvailable: 5 }),
    ])).toEqual([]);
  });

  test('fails maxUnavailable 0 (whatever it selects), minAvailable equal to the replicas or the autoscaler minimum, and no policy', () => {
    expect(findingsOf(PDB_ALLOWS_EVICTION, [
      deployment(), pdb('web', { minAvailable: 3 }),
      statefulSet(), pdb('store', { minAvailable: '100%' }),
      changed(deployment('api'), (d) => { delete d.spec.replicas; }), hpa('api', 2, 6), pdb('api', { minAvailable: 2 }),
      pdb('gone', { maxUnavailable: 0 }),
      pdb('vague', {}),
    ])).toEqual([
      { object: 'PodDisruptionBudget/shop/web', message: 'minAvailable 3 leaves none of the 3 pods of Deployment/web to evict', path: 'spec' },
      { object: 'PodDisruptionBudget/shop/store', message: 'minAvailable "100%" leaves none of the 3 pods of StatefulSet/store to evict', path: 'spec' },
      { object: 'PodDisruptionBudget/shop/api', message: 'minAvailable 2 leaves none of the 2 pods of Deployment/api to evict', path: 'spec' },
      { object: 'PodDisruptionBudget/shop/gone', message: 'maxUnavailable is 0: no pod can ever be evicted', path: 'spec' },
      { object: 'PodDisruptionBudget/shop/vague', message: 'sets neither minAvailable nor maxUnavailable', path: 'spec' },
    ]);
  });
});

describe('topology-spread', () => {
  test('passes spread constraints or anti-affinity (required or preferred) over zones and nodes', () => {
    const antiAffinity = changed(statefulSet(), (s) => {
      const term = (topologyKey: string) => ({ topologyKey, labelSelector: { matchLabels: { app: 'store' } } });
      delete s.spec.template.spec.topologySpreadConstraints;
      s.spec.template.spec.affinity = { podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [term('kubernetes.io/hostname')],
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term('topology.kubernetes.io/zone') }],
      } };
    });
    expect(messagesOf(TOPOLOGY_SPREAD, [deployment(), antiAffinity, single, cronJob()])).toEqual([]);
  });

  test('fails replicated workloads not spread, or spread by a selector that misses their own pods', () => {
    const none = changed(deployment(), (d) => { delete d.spec.template.spec.topologySpreadConstraints; });
    const wrongSelector = changed(statefulSet(), (s) => {
      s.spec.template.spec.topologySpreadConstraints[0].labelSelector = { matchLabels: { app: 'web' } };
    });
    expect(findingsOf(TOPOLOGY_SPREAD, [none, wrongSelector])).toEqual([
      {
        object: 'Deployment/shop/web',
        message: 'its pods are not spread over zones (no topologySpreadConstraint or podAntiAffinity on topology.kubernetes.io/zone selects them)',
        path: 'spec.template.spec.topologySpreadConstraints',
      },
      {
        object: 'Deployment/shop/web',
        message: 'its pods are not spread over nodes (no topologySpreadConstraint or podAntiAffinity on kubernetes.io/hostname selects them)',
        path: 'spec.template.spec.topologySpreadConstraints',
      },
      {
        object: 'StatefulSet/shop/store',
        message: 'its pods are not spread over zones (no topologySpreadConstraint or podAntiAffinity on topology.kubernetes.io/zone selects them)',
        path: 'spec.template.spec.topologySpreadConstraints',
      },
    ]);
  });
});
