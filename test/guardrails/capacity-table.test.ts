/** The capacity table per environment: as data in the report's JSON, and as text after the violations. */
import { QuantityUnit } from '../../lib/core/quantity-math';
import { capacityTables, renderCapacityTables } from '../../lib/guardrails/capacity-table';
import { GuardrailTarget, TargetKind, runGuardrails } from './_lib';
import { NS, cronJob, deployment, hpa, statefulSet } from './fixtures';

const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: NS }, spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', pods: '20' } } };

/** web 3-10 (autoscaler), store 3, one report run: each container 100m / 128Mi, memory limit 256Mi. */
const objects = [deployment(), hpa(), statefulSet(), cronJob(), quota];

function target(name: string, extra: Partial<GuardrailTarget> = {}): GuardrailTarget {
  return { name, kind: TargetKind.ENVIRONMENT, cluster: 'nonprod', namespace: NS, protected: false, objects, ...extra };
}

const Mi = 2 ** 20;
const Gi = 2 ** 30;

const POOL = { name: 'general', minNodes: 2, maxNodes: 6, allocatable: { cpu: '3500m', memory: '13Gi', pods: 110 } };

test('lists what the apps ask at minimum and maximum scale, the quota, and the pool at its smallest and largest', () => {
  expect(capacityTables([target('dev', { nodePool: POOL })])).toEqual([{
    environment: 'dev',
    cluster: 'nonprod',
    nodePool: 'general',
    poolCapacity: 'node pool "general", 2 to 6 nodes × 3500m CPU, 13Gi memory, 110 pods',
    rows: [
      { resource: 'requests.cpu', unit: QuantityUnit.MILLICORES, minimum: 700, maximum: 1400, quota: 4000, pool: { smallest: 7000, largest: 21000 } },
      { resource: 'requests.memory', unit: QuantityUnit.BYTES, minimum: 896 * Mi, maximum: 1792 * Mi, quota: 8 * Gi, pool: { smallest: 26 * Gi, largest: 78 * Gi } },
      { resource: 'limits.memory', unit: QuantityUnit.BYTES, minimum: 1792 * Mi, maximum: 3584 * Mi, quota: null, pool: null },
      { resource: 'pods', unit: QuantityUnit.COUNT, minimum: 7, maximum: 14, quota: 20, pool: { smallest: 220, largest: 660 } },
    ],
  }]);
});

test('says when the environment is on no pool, or its pool declares no capacity, and names the environments sharing a pool', () => {
  const undeclared = { name: 'shared', minNodes: 3, maxNodes: 3 };
  const tables = capacityTables([
    target('loose'),
    target('dev', { nodePool: undeclared }),
    target('qa', { nodePool: undeclared }),
    { ...target('cluster-nonprod'), kind: TargetKind.CLUSTER },
  ]);
  expect(tables.map((t) => [t.environment, t.poolCapacity, t.rows.find((r) => r.resource === 'pods')?.pool])).toEqual([
    ['loose', 'not pinned to a node pool', null],
    ['dev', 'node pool "shared", 3 nodes: pool capacity not declared, shared with "qa"', null],
    ['qa', 'node pool "shared", 3 nodes: pool capacity not declared, shared with "dev"', null],
  ]);
});

test('leaves out resources nothing asks for and no quota limits, and counts claims of volume claim templates', () => {
  const store = { ...statefulSet(), spec: { ...statefulSet().spec, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } } } }] } };
  const [table] = capacityTables([target('dev', { objects: [store] })]);
  expect(table.rows.map((r) => [r.resource, r.minimum, r.maximum, r.quota])).toEqual([
    ['requests.cpu', 300, 300, null], ['requests.memory', 384 * Mi, 384 * Mi, null], ['limits.memory', 768 * Mi, 768 * Mi, null], ['pods', 3, 3, null],
    ['persistentvolumeclaims', 3, 3, null], ['requests.storage', 30 * Gi, 30 * Gi, null],
  ]);
});

test('renders one aligned block per environment, and nothing without environments', () => {
  expect(renderCapacityTables(capacityTables([target('dev', { nodePool: POOL })]))).toEqual([
    '',
    'capacity, environment dev (cluster nonprod; node pool "general", 2 to 6 nodes × 3500m CPU, 13Gi memory, 110 pods)',
    '  resource         minimum scale    maximum scale    quota  pool',
    '  requests.cpu     700m             1400m            4      7 to 21',
    '  requests.memory  896Mi            1792Mi (1.75Gi)  8Gi    26Gi to 78Gi',
    '  limits.memory    1792Mi (1.75Gi)  3584Mi (3.5Gi)   -',
    '  pods             7                14               20     220 to 660',
  ]);
  expect(renderCapacityTables([])).toEqual([]);
  const fixed = renderCapacityTables(capacityTables([target('dev', { nodePool: { ...POOL, minNodes: 1, maxNodes: 1 } }), target('loose')]));
  expect(fixed.filter((l) => l.startsWith('capacity') || l.startsWith('  pods'))).toEqual([
    'capacity, environment dev (cluster nonprod; node pool "general", 1 node × 3500m CPU, 13Gi memory, 110 pods)',
    '  pods             7                14               20     110',
    'capacity, environment loose (cluster nonprod; not pinned to a node pool)',
    '  pods             7                14               20     -',
  ]);
});

test('the report carries the tables in its JSON and prints them between the violations and the matrices', () => {
  const report = runGuardrails({ targets: [target('dev', { nodePool: POOL })], rules: [] });
  expect(report.toJson().capacity).toEqual(capacityTables([target('dev', { nodePool: POOL })]));
  const text = report.toText();
  const table = text.indexOf('capacity, environment dev (cluster nonprod;');
  expect(table).toBeGreaterThan(text.indexOf('dev: no violations'));
  expect(table).toBeLessThan(text.indexOf('reachability, cluster nonprod'));
  expect(text).toContain('\n  pods             7                14               20     220 to 660\n');
});
