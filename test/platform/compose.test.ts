/** A team composes the constructs into its own chart and stack, importing only from the package's public API. */
import { Chart, Testing as K8sTesting } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { TerraformStack, Testing } from 'cdktf';
import {
  AccessControl, ClusterConnection, ClusterGuard, EnvironmentNamespace, KubernetesObjects, NetworkIsolation, NodePlacement, PodSecurityLevel,
  Protocol, ResourceGovernance, TaintEffect, VIEWER_ROLE,
} from '../../lib';

class TeamChart extends Chart {
  public readonly placement: NodePlacement;

  constructor(scope: any) {
    super(scope, 'team', { disableResourceNameHashes: true });
    new EnvironmentNamespace(this, 'Namespace', { name: 'payments', enforce: PodSecurityLevel.RESTRICTED });
    new ResourceGovernance(this, 'Governance', {
      namespace: 'payments',
      quota: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
      limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '200m', memory: '256Mi' }, max: { cpu: '1', memory: '1Gi' } },
    });
    new NetworkIsolation(this, 'Isolation', {
      namespace: 'payments',
      allowTo: [{ cidr: '10.50.0.0/16', except: [], ports: [{ port: 5432, protocol: Protocol.TCP }] }],
    });
    new AccessControl(this, 'Access', { namespace: 'payments', grants: [{ group: 'payments-team', role: VIEWER_ROLE }] });
    new k8s.KubeDeployment(this, 'Api', {
      metadata: { name: 'api', namespace: 'payments' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'registry.example.com/api:1.4.2' }] } },
      },
    });
    this.placement = new NodePlacement(this, 'Placement', {
      nodeSelector: { pool: 'payments' },
      taints: [{ key: 'pool', value: 'payments', effect: TaintEffect.NO_SCHEDULE }],
    });
  }

  public toJson(): any[] {
    return super.toJson().map((o) => this.placement.apply(o));
  }
}

test('a team chart and stack built from the constructs hold the same objects', () => {
  const chart = new TeamChart(K8sTesting.app());
  const manifests = chart.toJson();
  expect(manifests.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
    'Namespace/payments',
    'ResourceQuota/environment-quota',
    'LimitRange/container-limits',
    'NetworkPolicy/default-deny',
    'NetworkPolicy/allow-dns',
    'NetworkPolicy/allow-same-namespace',
    'NetworkPolicy/allow-to-cidr-10-50-0-0-16',
    'ServiceAccount/deployer',
    'Role/deployer',
    'RoleBinding/deployer',
    'Role/viewer',
    'RoleBinding/viewer',
    'Deployment/api',
  ]);
  const deployment = manifests.find((o) => o.kind === 'Deployment');
  expect(deployment.spec.template.spec.nodeSelector).toEqual({ pool: 'payments' });
  expect(deployment.spec.template.spec.tolerations).toEqual([{ key: 'pool', operator: 'Equal', value: 'payments', effect: 'NoSchedule' }]);
  const deployer = manifests.find((o) => o.kind === 'Role' && o.metadata.name === 'deployer');
  expect(deployer.rules).toContainEqual({
    apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  });

  const stack = new TerraformStack(Testing.app(), 'payments');
  const connection = new ClusterConnection(stack, 'Connection', { context: 'shared-eu' });
  const guard = new ClusterGuard(stack, 'Guard', { cluster: 'shared-eu', stack: 'payments', context: connection.context.stringValue });
  new KubernetesObjects(stack, 'Objects', { manifests, protect: true, dependsOn: [guard.resource] });
  const json = JSON.parse(Testing.synth(stack));
  expect(Object.keys(json.resource.kubernetes_manifest)).toHaveLength(manifests.length - 1);
  expect(json.resource.kubernetes_namespace_v1.payments.lifecycle).toEqual({ prevent_destroy: true });
  expect(json.resource.kubernetes_manifest['deployment_api'].manifest.spec.template.spec.nodeSelector).toEqual({ pool: 'payments' });
  expect(json.resource.kubernetes_manifest['deployment_api'].depends_on).toEqual(['kubernetes_namespace_v1.payments']);
  expect(json.data.kubernetes_resources.cluster_identity.lifecycle.postcondition[0].condition)
    .toBe('${try(self.objects[0].data.cluster, "") == "shared-eu"}');
});
