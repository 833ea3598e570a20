import { App, Chart } from 'cdk8s';
import { App as TfApp, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AccessControl, ClusterConnection, ClusterGuard, EnvironmentNamespace, KubernetesObjects, NetworkIsolation,
  PodSecurityLevel, Protocol, ResourceGovernance, VIEWER_ROLE,
} from '@platform/multi-env';

/** A namespace of the payments team's own, governed and isolated like a platform environment. */
class PaymentsChart extends Chart {
  constructor(scope: Construct) {
    super(scope, 'payments', { disableResourceNameHashes: true });
    new EnvironmentNamespace(this, 'Namespace', { name: 'payments', enforce: PodSecurityLevel.RESTRICTED });
    new ResourceGovernance(this, 'Governance', {
      namespace: 'payments',
      quota: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
      limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '200m', memory: '256Mi' }, max: { cpu: '1', memory: '1Gi' } },
    });
    const isolation = new NetworkIsolation(this, 'Isolation', { namespace: 'payments' });
    isolation.allowTo({ cidr: '10.50.0.0/16', except: [], ports: [{ port: 5432, protocol: Protocol.TCP }] }); // the database
    new AccessControl(this, 'Access', { namespace: 'payments', grants: [{ group: 'payments-team', role: VIEWER_ROLE }] });
  }
}

// The manifests, for kubectl or a GitOps controller:
const k8sApp = new App({ outdir: 'composed/manifests' });
const chart = new PaymentsChart(k8sApp);
k8sApp.synth();

// Terraform for the same objects, guarded against the wrong cluster:
const tfApp = new TfApp({ outdir: 'composed/terraform' });
const stack = new TerraformStack(tfApp, 'payments');
const connection = new ClusterConnection(stack, 'Connection', { context: 'payments-eu' });
const guard = new ClusterGuard(stack, 'Guard', { cluster: 'payments', stack: 'payments', context: connection.context.stringValue });
new KubernetesObjects(stack, 'Objects', { manifests: chart.toJson(), protect: true, dependsOn: [guard.resource] });
tfApp.synth();
