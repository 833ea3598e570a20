/**
 * What leaves the definition leaves the cluster, on both paths. A promoted canary and a strategy switch in production
 * remove objects: the Terraform stack no longer holds them (so `cdktf deploy` destroys them: Terraform plans to
 * destroy every resource in its state that the configuration no longer declares), and the manifests folder no longer
 * holds them while they carried the label and the kind the folder's `kubectl apply --prune` deletes by.
 */
import { Testing } from 'cdktf';
import { EnvironmentDefinition, PlatformCharts, PlatformDefinition, ReleaseStrategy, addPlatformStacks, resolvePlatform } from '../../lib';
import { pruneAllowlist } from '../../lib/platform/kubectl-apply';
import { platform } from '../../environments';

/** The reference platform with production's apps changed as given. */
function withProductionApps(apps: EnvironmentDefinition['apps']): PlatformDefinition {
  return {
    ...platform,
    environments: platform.environments.map((env) => (env.name === 'production' ? { ...env, apps: { ...env.apps, ...apps } } : env)),
  };
}

/** Production's Terraform (its synthesised cdk.tf.json) and its manifests. */
function production(definition: PlatformDefinition): { stack: any; objects: any[] } {
  const charts = new PlatformCharts({ platform: resolvePlatform(definition), outdir: '/nonexistent' });
  const stacks = addPlatformStacks(Testing.app(), charts);
  const stack = JSON.parse(Testing.synth(stacks.environments.find((s) => s.node.id === 'production')!));
  return { stack, objects: charts.objectsOf(charts.environment('production').app) };
}

/** The addresses of a stack's resources, `<type>.<name>`. */
function addresses(stack: any): string[] {
  return Object.entries<any>(stack.resource).flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`)).sort();
}

const before = production(platform);
const api = platform.environments.find((e) => e.name === 'production')!.apps!.api!;
const web = platform.environments.find((e) => e.name === 'production')!.apps!.web!;

describe.each([
  {
    change: 'the canary is promoted (api runs 2.2.1 as a rolling release)',
    apps: { api: { ...api, version: '2.2.1', strategy: ReleaseStrategy.rolling() } },
    removed: ['kubernetes_manifest.deployment_api-canary', 'kubernetes_manifest.poddisruptionbudget_api-canary'],
    added: [],
    // The rollout checks and autoscaler hand-overs of the workloads that go and come (docs/deploy.md, 1 and 9).
    checks: { removed: ['terraform_data.rollout_deployment_api-canary'], added: [] },
  },
  {
    change: 'web switches from blue-green to a rolling release',
    apps: { web: { ...web, version: '1.4.2', strategy: ReleaseStrategy.rolling() } },
    removed: [
      'kubernetes_manifest.deployment_web-blue', 'kubernetes_manifest.deployment_web-green',
      'kubernetes_manifest.horizontalpodautoscaler_web-blue', 'kubernetes_manifest.horizontalpodautoscaler_web-green',
      'kubernetes_manifest.httproute_web-preview', 'kubernetes_manifest.poddisruptionbudget_web-blue', 'kubernetes_manifest.poddisruptionbudget_web-green',
      'kubernetes_manifest.service_web-preview',
    ],
    added: ['kubernetes_manifest.deployment_web', 'kubernetes_manifest.horizontalpodautoscaler_web', 'kubernetes_manifest.poddisruptionbudget_web'],
    checks: {
      removed: [
        'terraform_data.handover_deployment_web-blue', 'terraform_data.handover_deployment_web-green',
        'terraform_data.rollout_deployment_web-blue', 'terraform_data.rollout_deployment_web-green',
      ],
      added: ['terraform_data.handover_deployment_web', 'terraform_data.rollout_deployment_web'],
    },
  },
])('when $change', ({ apps, removed, added, checks }) => {
  const after = production(withProductionApps(apps));

  test('the Terraform stack no longer declares the objects, and nothing in it refers to them', () => {
    expect(addresses(before.stack).filter((a) => !addresses(after.stack).includes(a))).toEqual([...removed, ...checks.removed]);
    expect(addresses(after.stack).filter((a) => !addresses(before.stack).includes(a))).toEqual([...added, ...checks.added]);
    const text = JSON.stringify(after.stack);
    expect([...removed, ...checks.removed].filter((address) => text.includes(address))).toEqual([]);
  });

  test('the manifests no longer hold them, and kubectl\'s prune finds them by label and kind', () => {
    const name = (o: any) => `${o.kind.toLowerCase()}_${o.metadata.name}`;
    const gone = before.objects.filter((o) => !after.objects.some((n) => name(n) === name(o)));
    expect(gone.map((o) => `kubernetes_manifest.${name(o)}`).sort()).toEqual(removed);
    for (const object of gone) {
      expect(object.metadata.labels['platform.example.com/environment']).toBe('production');
      expect(pruneAllowlist(before.objects)).toContain(`${object.apiVersion.includes('/') ? object.apiVersion : `core/${object.apiVersion}`}/${object.kind}`);
    }
  });
});
