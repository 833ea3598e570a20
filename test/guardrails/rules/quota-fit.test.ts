/** quota-fits and quota-fits-max-scale: the apps of a namespace against its ResourceQuota, counted as the API server counts them. */
import { GuardrailTarget, QUOTA_FITS, QUOTA_FITS_MAX_SCALE, Severity, TargetKind, runGuardrails } from '../_lib';
import { NS, changed, container, cronJob, deployment, findingsOf, goodShop, hpa, messagesOf, podSpec, statefulSet } from '../fixtures';

/** A ResourceQuota `q` with these hard limits. */
function quota(hard: Record<string, string>, extra: Record<string, unknown> = {}): any {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: NS }, spec: { hard, ...extra } };
}

/** A LimitRange `limits` with one Container item. */
function limitRange(item: Record<string, unknown>): any {
  return { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace: NS }, spec: { limits: [{ type: 'Container', ...item }] } };
}

/** A Deployment `name` whose container asks `resources`, with `replicas` (none: an autoscaler decides). */
function app(name: string, resources: any, replicas?: number): any {
  return changed(deployment(name), (d) => {
    d.spec.template.spec.containers[0].resources = resources;
    if (replicas === undefined) delete d.spec.replicas;
    else d.spec.replicas = replicas;
  });
}

/** The production: web blue-green 3-12 per slot, api 8-28 plus a canary of 2, worker 3, store 3 × 50Gi. */
function production(): any[] {
  const web = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
  const api = { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } };
  const store = changed(statefulSet(), (s) => {
    s.spec.template.spec.containers[0].resources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } };
    s.spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } } }];
  });
  return [
    limitRange({ default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }),
    app('web-blue', web), hpa('web-blue', 3, 12), app('web-green', web), hpa('web-green', 3, 12),
    app('api', api), hpa('api', 8, 28), app('api-canary', api, 2),
    app('worker', web, 3),
    store,
  ];
}

describe('quota-fits', () => {
  test('passes apps within every limit of the quota, at minimum and maximum scale', () => {
    const objects = [...goodShop(), quota({ 'requests.cpu': '2', 'requests.memory': '2Gi', 'limits.memory': '4Gi', pods: '14', 'requests.storage': '0' })];
    expect(messagesOf(QUOTA_FITS, objects)).toEqual([]);
    expect(messagesOf(QUOTA_FITS_MAX_SCALE, objects)).toEqual([]);
  });

  test('passes a namespace without a quota', () => {
    expect(messagesOf(QUOTA_FITS, production())).toEqual([]);
  });

  test('fails when the memory requests at minimum scale exceed the quota: both blue-green slots, canary and stable, StatefulSet replicas', () => {
    expect(findingsOf(QUOTA_FITS, [...production(), quota({ 'requests.memory': '2Gi' })])).toEqual([{
      object: 'ResourceQuota/shop/q',
      path: 'spec.hard.requests.memory',
      message: 'at minimum scale the apps need requests.memory 5248Mi (5.13Gi), 3200Mi (3.13Gi) more than ResourceQuota "q" allows (2Gi): '
        + 'Deployment/api 8 × 256Mi = 2Gi (autoscaler 8-28), StatefulSet/store 3 × 512Mi = 1536Mi (1.5Gi) (replicas 3), '
        + 'Deployment/api-canary 2 × 256Mi = 512Mi (replicas 2), Deployment/web-blue 3 × 128Mi = 384Mi (autoscaler 3-12), '
        + 'Deployment/web-green 3 × 128Mi = 384Mi (autoscaler 3-12), Deployment/worker 3 × 128Mi = 384Mi (replicas 3)',
    }]);
  });

  test('fails when the pods at minimum scale exceed the quota', () => {
    expect(messagesOf(QUOTA_FITS, [...production(), quota({ pods: '10' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need pods 22, 12 more than ResourceQuota "q" allows (10): Deployment/api 8 (autoscaler 8-28), '
      + 'Deployment/web-blue 3 (autoscaler 3-12), Deployment/web-green 3 (autoscaler 3-12), Deployment/worker 3 (replicas 3), '
      + 'StatefulSet/store 3 (replicas 3), Deployment/api-canary 2 (replicas 2)',
    ]);
  });

  test('fails when volume claim templates × replicas exceed the storage quota and the claim count', () => {
    const store = changed(statefulSet(), (s) => {
      s.spec.volumeClaimTemplates = [
        { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '200Gi' } } } },
        { metadata: { name: 'wal' }, spec: { resources: { requests: { storage: '1Gi' } } } },
      ];
    });
    expect(messagesOf(QUOTA_FITS, [store, quota({ 'requests.storage': '500Gi', persistentvolumeclaims: '5' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need requests.storage 603Gi, 103Gi more than ResourceQuota "q" allows (500Gi): '
      + 'StatefulSet/store 3 × 201Gi = 603Gi (replicas 3)',
      'ResourceQuota/shop/q: at minimum scale the apps need persistentvolumeclaims 6, 1 more than ResourceQuota "q" allows (5): '
      + 'StatefulSet/store 3 × 2 = 6 (replicas 3)',
    ]);
  });

  test('counts the claims of an autoscaled StatefulSet at its maximum, since a scale-down keeps them, unless whenScaled is Delete', () => {
    const store = changed(statefulSet(), (s) => {
      delete s.spec.replicas;
      s.spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } } } }];
    });
    const scaler = { ...hpa('store', 2, 5), spec: { ...hpa('store', 2, 5).spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'store' } } };
    expect(messagesOf(QUOTA_FITS, [store, scaler, quota({ 'requests.storage': '40Gi', pods: '2' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need requests.storage 50Gi, 10Gi more than ResourceQuota "q" allows (40Gi): '
      + 'StatefulSet/store 5 × 10Gi = 50Gi (autoscaler 2-5, claims kept on scale-down)',
    ]);
    const deleting = changed(store, (s) => { s.spec.persistentVolumeClaimRetentionPolicy = { whenScaled: 'Delete', whenDeleted: 'Retain' }; });
    expect(messagesOf(QUOTA_FITS, [deleting, scaler, quota({ 'requests.storage': '40Gi' })])).toEqual([]);
  });

  test('counts standalone claims and generic ephemeral volumes (one claim per pod)', () => {
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'uploads', namespace: NS }, spec: { resources: { requests: { storage: '20Gi' } } } };
    const scratch = changed(deployment('scratch'), (d) => {
      d.spec.replicas = 2;
      d.spec.template.spec.volumes.push({ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '5Gi' } } } } } });
    });
    expect(messagesOf(QUOTA_FITS, [claim, scratch, quota({ 'requests.storage': '25Gi', persistentvolumeclaims: '2' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need requests.storage 30Gi, 5Gi more than ResourceQuota "q" allows (25Gi): '
      + 'PersistentVolumeClaim/uploads 1 × 20Gi = 20Gi (one claim), Deployment/scratch 2 × 5Gi = 10Gi (replicas 2)',
      'ResourceQuota/shop/q: at minimum scale the apps need persistentvolumeclaims 3, 1 more than ResourceQuota "q" allows (2): '
      + 'Deployment/scratch 2 (replicas 2), PersistentVolumeClaim/uploads 1 (one claim)',
    ]);
  });

  test('counts a pod at its effective request: the largest init container when it exceeds the app containers, with the sidecars before it', () => {
    const withInit = changed(deployment('migrate'), (d) => {
      d.spec.replicas = 1;
      d.spec.template.spec.initContainers = [
        { ...container('proxy'), restartPolicy: 'Always', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '64Mi' } } },
        { ...container('schema'), resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } } },
      ];
    });
    // init: schema 1Gi + proxy 64Mi started before it = 1088Mi; app: 128Mi + proxy 64Mi = 192Mi. CPU: 1050m against 150m.
    expect(messagesOf(QUOTA_FITS, [withInit, quota({ 'requests.cpu': '1', 'requests.memory': '1Gi' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need requests.cpu 1050m, 50m more than ResourceQuota "q" allows (1): '
      + 'Deployment/migrate 1 × 1050m = 1050m (replicas 1)',
      'ResourceQuota/shop/q: at minimum scale the apps need requests.memory 1088Mi (1.06Gi), 64Mi more than ResourceQuota "q" allows (1Gi): '
      + 'Deployment/migrate 1 × 1088Mi (1.06Gi) = 1088Mi (1.06Gi) (replicas 1)',
    ]);
  });

  test('counts a sidecar with the app containers once the init containers are done', () => {
    const withSidecar = changed(deployment('web'), (d) => {
      d.spec.replicas = 2;
      d.spec.template.spec.initContainers = [
        { ...container('proxy'), restartPolicy: 'Always', resources: { requests: { cpu: '400m', memory: '64Mi' }, limits: { memory: '64Mi' } } },
      ];
    });
    expect(messagesOf(QUOTA_FITS, [withSidecar, quota({ 'requests.cpu': '1' })])).toEqual([]);
    expect(messagesOf(QUOTA_FITS, [withSidecar, quota({ 'requests.cpu': '999m' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need requests.cpu 1, 1m more than ResourceQuota "q" allows (999m): Deployment/web 2 × 500m = 1 (replicas 2)',
    ]);
  });

  test('applies the LimitRange defaults the LimitRanger admission plug-in applies, and a limit as the request of a container that sets none', () => {
    const bare = app('bare', undefined, 2);
    const limitOnly = app('limited', { limits: { cpu: '300m', memory: '300Mi' } }, 1);
    // `max` becomes the default limit, and the default limit the default request (SetDefaults_LimitRangeItem).
    const objects = [limitRange({ max: { cpu: '2', memory: '1Gi' } }), bare, limitOnly, quota({ 'requests.cpu': '4', 'limits.memory': '2Gi' })];
    expect(messagesOf(QUOTA_FITS, objects)).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need requests.cpu 4300m, 300m more than ResourceQuota "q" allows (4): '
      + 'Deployment/bare 2 × 2 = 4 (replicas 2), Deployment/limited 1 × 300m = 300m (replicas 1)',
      'ResourceQuota/shop/q: at minimum scale the apps need limits.memory 2348Mi (2.29Gi), 300Mi more than ResourceQuota "q" allows (2Gi): '
      + 'Deployment/bare 2 × 1Gi = 2Gi (replicas 2), Deployment/limited 1 × 300Mi = 300Mi (replicas 1)',
    ]);
  });

  test('fails when the quota tracks a limit that containers set none of and no LimitRange gives', () => {
    const objects = [deployment(), quota({ 'limits.cpu': '10', 'limits.memory': '10Gi' })];
    expect(findingsOf(QUOTA_FITS, objects)).toEqual([{
      object: 'ResourceQuota/shop/q',
      path: 'spec.hard.limits.cpu',
      message: 'the quota tracks limits.cpu, so the API server refuses pods whose containers set none, and no LimitRange gives a default: '
        + 'Deployment/web container "web"',
    }]);
    expect(messagesOf(QUOTA_FITS, [limitRange({ default: { cpu: '500m' } }), ...objects])).toEqual([]);
  });

  test('counts one run of a Job or CronJob (parallelism, at most completions) at both scales', () => {
    const parallel = changed(cronJob(), (c) => { c.spec.jobTemplate.spec.parallelism = 4; c.spec.jobTemplate.spec.completions = 3; });
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once', namespace: NS }, spec: { template: { spec: podSpec('once', [container('once')]) } } };
    expect(messagesOf(QUOTA_FITS, [parallel, job, quota({ pods: '3' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need pods 4, 1 more than ResourceQuota "q" allows (3): CronJob/report 3 (one run), Job/once 1 (one run)',
    ]);
    expect(messagesOf(QUOTA_FITS_MAX_SCALE, [parallel, job, quota({ pods: '3' })])).toEqual([]);
  });

  test('reads the short names of quota resources (cpu, memory, count/pods) and leaves scoped quotas out', () => {
    const objects = [app('api', { requests: { cpu: '1', memory: '1Gi' } }, 3)];
    expect(messagesOf(QUOTA_FITS, [...objects, quota({ cpu: '2', 'count/pods': '2' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need cpu 3, 1 more than ResourceQuota "q" allows (2): Deployment/api 3 × 1 = 3 (replicas 3)',
      'ResourceQuota/shop/q: at minimum scale the apps need count/pods 3, 1 more than ResourceQuota "q" allows (2): Deployment/api 3 (replicas 3)',
    ]);
    expect(messagesOf(QUOTA_FITS, [...objects, quota({ cpu: '2' }, { scopes: ['BestEffort'] })])).toEqual([]);
  });

  test('fails when Services exceed the quota\'s services', () => {
    const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
    expect(messagesOf(QUOTA_FITS, [svc('a'), svc('b'), quota({ services: '1' })])).toEqual([
      'ResourceQuota/shop/q: at minimum scale the apps need services 2, 1 more than ResourceQuota "q" allows (1): Service/a 1 (one Service), Service/b 1 (one Service)',
    ]);
  });
});

describe('quota-fits-max-scale', () => {
  test('reports what the autoscalers\' maximums would not fit, and nothing the minimum already breaks', () => {
    const objects = [...production(), quota({ pods: '40', 'requests.memory': '2Gi' })];
    expect(messagesOf(QUOTA_FITS_MAX_SCALE, objects)).toEqual([
      'ResourceQuota/shop/q: at maximum scale the apps need pods 60, 20 more than ResourceQuota "q" allows (40): Deployment/api 28 (autoscaler 8-28), '
      + 'Deployment/web-blue 12 (autoscaler 3-12), Deployment/web-green 12 (autoscaler 3-12), Deployment/worker 3 (replicas 3), '
      + 'StatefulSet/store 3 (replicas 3), Deployment/api-canary 2 (replicas 2)',
    ]);
  });

  test('is a warning even in a protected environment, while the minimum is an error there and a warning elsewhere', () => {
    const objects = [...production(), quota({ pods: '20' })];
    const target = (name: string, isProtected: boolean): GuardrailTarget => ({
      name, kind: TargetKind.ENVIRONMENT, cluster: 'prod', namespace: NS, protected: isProtected, objects,
    });
    const rules = [QUOTA_FITS, QUOTA_FITS_MAX_SCALE];
    const production_ = runGuardrails({ targets: [target('production', true)], rules });
    const staging = runGuardrails({ targets: [target('staging', false)], rules });
    expect(production_.violations.map((v) => [v.rule, v.severity])).toEqual([['quota-fits', Severity.ERROR]]);
    expect(staging.violations.map((v) => [v.rule, v.severity])).toEqual([['quota-fits', Severity.WARNING]]);
    const roomy = [...production(), quota({ pods: '40' })];
    const report = runGuardrails({ targets: [{ ...target('production', true), objects: roomy }], rules });
    expect(report.violations.map((v) => [v.rule, v.severity])).toEqual([['quota-fits-max-scale', Severity.WARNING]]);
    expect(report.failed).toBe(false);
  });
});

test('fails when an exception tries to accept quota-fits: the API server refuses what does not fit whatever an exception says', () => {
  const target: GuardrailTarget = {
    name: 'production', kind: TargetKind.ENVIRONMENT, cluster: 'prod', namespace: NS, protected: true, objects: [],
    exceptions: [{ rule: 'quota-fits', object: 'ResourceQuota/q', reason: 'it will fit next quarter' }],
  };
  expect(() => runGuardrails({ targets: [target], rules: [QUOTA_FITS, QUOTA_FITS_MAX_SCALE] })).toThrow(
    /^invalid platform definition \(1 error\):\n {2}- environment "production": guardrails\.exceptions\[0\]\.rule is "quota-fits"; expected the id of a rule that can be accepted/,
  );
});
