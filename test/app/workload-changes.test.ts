import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { App } from '../../lib/app/app-model';
import { Application } from '../../lib/app/application';
import { checkWorkloadChanges } from '../../lib/app/workload-changes';
import { PlatformValidationError } from '../../lib/core/errors';
import { synthManifests } from '../../lib/platform/synth-platform';
import { platform } from '../fixtures/shop/environments';
import { appPlatform, resolvedApp, webApp } from './fixtures';
import { Loose } from '../platform/fixtures';
import { thrown } from '../_thrown';

/** The objects of app `name` (with `patch`) in dev. */
function objects(patch: Loose, name = 'web'): any[] {
  const app: App = resolvedApp(appPlatform([webApp({ name, ...patch })]), 'dev', name);
  const chart = Testing.chart();
  new Application(chart, name, { app });
  return Testing.synth(chart);
}

const store = (size: string, patch: Loose = {}) => objects({ storage: { size, mountPath: '/data' }, replicas: 3, ...patch }, 'store');

describe('checkWorkloadChanges', () => {
  test('accepts what an apply makes as written: the same claim template (written otherwise), another image, more replicas', () => {
    expect(checkWorkloadChanges('dev', store('1Gi'), store('1024Mi', { version: '1.5.0', replicas: 5 }))).toEqual([]);
    expect(checkWorkloadChanges('dev', objects({ replicas: 2 }), objects({ replicas: 4 }))).toEqual([]);
  });

  test('accepts anything without a previous output, and an autoscaler from the start', () => {
    expect(checkWorkloadChanges('dev', [], store('20Gi'))).toEqual([]);
    const autoscaled = objects({ replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 4 } });
    expect(checkWorkloadChanges('dev', autoscaled, objects({ replicas: undefined, autoscaling: { minReplicas: 3, maxReplicas: 6 } }))).toEqual([]);
  });

  test('fails when a StatefulSet\'s volume size changes, with the procedure', () => {
    const [issue, ...rest] = checkWorkloadChanges('dev', store('1Gi'), store('2Gi'));

    expect(rest).toEqual([]);
    expect([issue.subject, issue.path, issue.value]).toEqual([
      'environment "dev"', 'apps.store.storage', [{ name: 'data', storageClassName: 'standard', accessModes: ['ReadWriteOnce'], storage: '2Gi' }],
    ]);
    expect(issue.allowed).toBe('the volume claim template of StatefulSet "store" is immutable (it was [{"name":"data","storageClassName":"standard",'
      + '"accessModes":["ReadWriteOnce"],"storage":"1Gi"}]), and the API server refuses the change; to make it: (1) where the StorageClass allows volume '
      + 'expansion, resize each claim: kubectl -n dev patch pvc data-store-<ordinal> -p \'{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}\'; '
      + '(2) kubectl -n dev delete statefulset store --cascade=orphan (its pods and claims stay); (3) move the previous output of the environment aside '
      + 'and synth again, then apply: the StatefulSet is re-created with the new template and adopts the running pods. A new class or access mode '
      + 'needs new volumes: migrate the data');
  });

  test('fails when a StatefulSet\'s storage class changes', () => {
    const issues = checkWorkloadChanges('dev', store('1Gi'), store('1Gi', { storage: { size: '1Gi', mountPath: '/data', storageClass: 'fast' } }));

    expect(issues.map((i) => [i.path, (i.value as any)[0].storageClassName])).toEqual([['apps.store.storage', 'fast']]);
  });

  test('fails when fixed replicas become an autoscaler, with the hand-over that keeps the count', () => {
    const issues = checkWorkloadChanges('dev', objects({ replicas: 3 }), objects({ replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 6 } }));

    expect(issues).toEqual([{
      subject: 'environment "dev"',
      path: 'apps.web.autoscaling',
      value: { minReplicas: 2, maxReplicas: 6 },
      allowed: 'Deployment "web" runs 3 fixed replicas, and the first apply of these manifests without spec.replicas would reset it to 1 until the '
        + 'autoscaler acts; hand the count over first, then move the previous output of the environment aside and synth again: with kubectl apply '
        + '(client-side), kubectl -n dev apply edit-last-applied deployment/web and delete spec.replicas there; with a server-side applier, echo '
        + '\'{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"dev"},"spec":{"replicas":3}}\' | kubectl apply '
        + '--server-side --field-manager=handover-to-hpa --validate=false -f - (a second manager then owns the count, so it stays when the platform '
        + 'stops applying it). cdktf deploy makes this hand-over itself (terraform_data.handover_deployment_web): a platform deployed only with '
        + 'Terraform just moves the previous output aside',
    }]);
  });
});

describe('synth against the previous output', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-changes-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('fails when the reference store\'s volume grows, and leaves the previous manifests as they were', () => {
    const dist = path.join(root, 'dist');
    synthManifests({ definition: platform, manifestsDir: dist });
    const before = fs.readFileSync(path.join(dist, 'production', 'app-store.k8s.yaml'), 'utf8');
    const grown = JSON.parse(JSON.stringify(platform));
    grown.environments.find((e: any) => e.name === 'production').apps.store.storage = { size: '100Gi' };

    const error = thrown(() => synthManifests({ definition: grown, manifestsDir: dist }));
    expect(error).toBeInstanceOf(PlatformValidationError);
    expect(error.message).toMatch(/environment "production": apps\.store\.storage is .*immutable \(it was .*"storage":"50Gi"/);
    expect(fs.readFileSync(path.join(dist, 'production', 'app-store.k8s.yaml'), 'utf8')).toBe(before);
    // Once the previous output is moved aside (the procedure's last step), the new size synthesises.
    fs.rmSync(path.join(dist, 'production'), { recursive: true });
    expect(() => synthManifests({ definition: grown, manifestsDir: dist })).not.toThrow();
  });

  test('previousDir: a copy of the last applied output (a fresh checkout) is compared instead of the manifests folder', () => {
    const lastDeploy = path.join(root, 'last-deploy');
    synthManifests({ definition: platform, manifestsDir: lastDeploy });
    const grown = JSON.parse(JSON.stringify(platform));
    grown.environments.find((e: any) => e.name === 'production').apps.store.storage = { size: '100Gi' };
    const fresh = path.join(root, 'fresh-checkout', 'dist');

    expect(() => synthManifests({ definition: grown, manifestsDir: fresh, previousDir: lastDeploy }))
      .toThrow(/environment "production": apps\.store\.storage is .*immutable \(it was .*"storage":"50Gi"/);
    expect(fs.existsSync(fresh)).toBe(false);
    // An environment the previous output does not hold is new: nothing to compare.
    fs.rmSync(path.join(lastDeploy, 'production'), { recursive: true });
    expect(() => synthManifests({ definition: grown, manifestsDir: fresh, previousDir: lastDeploy })).not.toThrow();
  });

  test('fails when previousDir is not a folder, and writes nothing', () => {
    const dist = path.join(root, 'dist');
    const missing = path.join(root, 'missing');
    expect(thrown(() => synthManifests({ definition: platform, manifestsDir: dist, previousDir: missing }))).toBeInstanceOf(PlatformValidationError);
    expect(() => synthManifests({ definition: platform, manifestsDir: dist, previousDir: missing })).toThrow(
      `synth: previousDir is "${missing}"; not a folder; give the folder holding the previous output (<environment>/*.k8s.yaml), e.g. the last deploy's dist/ `
      + 'or a GitOps repository\'s rendered branch',
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
