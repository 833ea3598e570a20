/** The lookups the rules share: objects by kind and name, and workloads by selector, through a per-target index. */
import { workloadsOf } from '../../../lib/guardrails/_objects';
import { RuleContext } from '../../../lib/guardrails/rule';
import { objectsNamed, objectsOfKind, workloadsIn, workloadsSelectedBy, workloadsSelectedByMap } from '../../../lib/guardrails/rules/_helpers';
import { SchemaValidator } from '../../../lib/guardrails/schema/schema-validator';
import { TargetKind } from '../../../lib/guardrails/target';
import { changed, deployment, service } from '../fixtures';

function inNamespace(object: any, ns: string, labels?: { [k: string]: string }): any {
  return changed(object, (o) => {
    o.metadata.namespace = ns;
    if (labels) o.spec.template.metadata.labels = labels;
  });
}

const OBJECTS = [
  inNamespace(deployment('web'), 'a', { app: 'web', tier: 'front' }),
  inNamespace(deployment('api'), 'a', { app: 'api', tier: 'back' }),
  inNamespace(deployment('web'), 'b', { app: 'web', tier: 'front' }),
  inNamespace(deployment('worker'), 'a', { app: 'worker', tier: 'back' }),
  inNamespace(service('web'), 'a'),
  changed(inNamespace(service('web'), 'a'), (s) => { s.apiVersion = 'v2'; }),
];

function context(objects: any[] = OBJECTS): RuleContext {
  return {
    target: { name: 'dev', kind: TargetKind.ENVIRONMENT, cluster: 'nonprod', kubernetesVersion: 'v1.33.0', namespace: 'a', protected: false },
    objects,
    workloads: workloadsOf(objects),
    schemas: new SchemaValidator([]),
  };
}

const refs = (workloads: readonly any[]) => workloads.map((w) => `${w.namespace}/${w.name}`);

describe('rule helpers', () => {
  test('objectsOfKind keeps output order over several kinds', () => {
    expect(objectsOfKind(context(), 'Service', 'Deployment').map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Deployment/a/web', 'Deployment/a/api', 'Deployment/b/web', 'Deployment/a/worker', 'Service/a/web', 'Service/a/web',
    ]);
  });

  test('objectsNamed finds every object with that kind, namespace and name, and nothing in another namespace', () => {
    const ctx = context();
    expect(objectsNamed(ctx, 'Service', 'a', 'web').map((o) => o.apiVersion)).toEqual(['v1', 'v2']);
    expect(objectsNamed(ctx, 'Service', 'b', 'web')).toEqual([]);
    expect(objectsNamed(ctx, 'Deployment', 'b', 'web')).toHaveLength(1);
  });

  test('workloadsIn lists a namespace\'s workloads in output order', () => {
    expect(refs(workloadsIn(context(), 'a'))).toEqual(['a/web', 'a/api', 'a/worker']);
    expect(workloadsIn(context(), 'c')).toEqual([]);
  });

  test('workloadsSelectedBy applies matchLabels and matchExpressions, within the namespace, in output order', () => {
    const ctx = context();
    expect(refs(workloadsSelectedBy(ctx, 'a', { matchLabels: { tier: 'back' } }))).toEqual(['a/api', 'a/worker']);
    expect(refs(workloadsSelectedBy(ctx, 'a', { matchLabels: { tier: 'back' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['api'] }] })))
      .toEqual(['a/worker']);
    expect(refs(workloadsSelectedBy(ctx, 'a', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'worker'] }] }))).toEqual(['a/web', 'a/worker']);
    expect(refs(workloadsSelectedBy(ctx, 'a', { matchLabels: { app: 'web', tier: 'back' } }))).toEqual([]);
    expect(refs(workloadsSelectedBy(ctx, 'b', {}))).toEqual(['b/web']);
    expect(refs(workloadsSelectedBy(ctx, 'a', undefined))).toEqual(['a/web', 'a/api', 'a/worker']);
  });

  test('workloadsSelectedByMap needs every label of the map', () => {
    const ctx = context();
    expect(refs(workloadsSelectedByMap(ctx, 'a', { app: 'web' }))).toEqual(['a/web']);
    expect(refs(workloadsSelectedByMap(ctx, 'a', { app: 'web', tier: 'back' }))).toEqual([]);
    expect(refs(workloadsSelectedByMap(ctx, 'b', { tier: 'front' }))).toEqual(['b/web']);
  });

  test('each target has its own index', () => {
    expect(refs(workloadsIn(context(OBJECTS.slice(0, 1)), 'a'))).toEqual(['a/web']);
    expect(refs(workloadsIn(context(), 'a'))).toEqual(['a/web', 'a/api', 'a/worker']);
  });
});
