import { TerraformVariable } from 'cdktf';
import { ClusterConnection } from '../../lib/terraform/cluster-connection';
import { ClusterGuard, ClusterGuardProps } from '../../lib/terraform/cluster-guard';
import { NamespaceV1 } from '../../lib/terraform/_provider';
import { emptyStack, synth } from './util';

/** The synthesised guard data source. */
function guardOf(props: ClusterGuardProps): any {
  const stack = emptyStack();
  new ClusterGuard(stack, 'Guard', props);
  return synth(stack).data.kubernetes_resources.cluster_identity;
}

describe('ClusterGuard', () => {
  test('lists the kube-system/platform-identity ConfigMap by name', () => {
    const guard = guardOf({ cluster: 'prod', stack: 'production', context: 'prod-admin' });
    expect(guard.api_version).toBe('v1');
    expect(guard.kind).toBe('ConfigMap');
    expect(guard.namespace).toBe('kube-system');
    expect(guard.field_selector).toBe('metadata.name=platform-identity');
  });

  test('is addressed data.kubernetes_resources.cluster_identity whatever its construct id', () => {
    const stack = emptyStack();
    new ClusterGuard(stack, 'SomethingElse', { cluster: 'prod', stack: 'production', context: 'prod-admin' });
    expect(Object.keys(synth(stack).data.kubernetes_resources)).toEqual(['cluster_identity']);
  });

  test('an environment stack accepts only the identity of its own cluster', () => {
    const guard = guardOf({ cluster: 'prod', stack: 'production', context: 'prod-admin' });
    expect(guard.lifecycle.postcondition).toHaveLength(1);
    expect(guard.lifecycle.postcondition[0].condition).toBe('${try(self.objects[0].data.cluster, "") == "prod"}');
  });

  test('an environment stack\'s message names the stack, the expected cluster, the context and the found identity, and says what to do', () => {
    const guard = guardOf({ cluster: 'prod', stack: 'production', context: 'prod-admin' });
    expect(guard.lifecycle.postcondition[0].error_message).toBe(
      'Stack "production" is written for cluster "prod", but kube context "prod-admin" points at '
      + '${try(self.objects[0].data.cluster, "an unidentified cluster (no kube-system/platform-identity)")}. '
      + 'Select the context of the right cluster (TF_VAR_kube_context); if this is a new cluster, deploy stack cluster-prod first.',
    );
  });

  test('with a bootstrap variable, also accepts a cluster without identity, only while that variable is true', () => {
    const stack = emptyStack();
    const bootstrap = new TerraformVariable(stack, 'bootstrap_cluster', { type: 'bool', default: false });
    new ClusterGuard(stack, 'Guard', { cluster: 'nonprod', stack: 'cluster-nonprod', context: 'nonprod-admin', bootstrap: bootstrap.stringValue });
    const guard = synth(stack).data.kubernetes_resources.cluster_identity;
    expect(guard.lifecycle.postcondition[0].condition).toBe(
      '${try(self.objects[0].data.cluster, "") == "nonprod" || (var.bootstrap_cluster && try(self.objects[0].data.cluster, "") == "")}',
    );
    expect(guard.lifecycle.postcondition[0].error_message).toBe(
      'Stack "cluster-nonprod" is written for cluster "nonprod", but kube context "nonprod-admin" points at '
      + '${try(self.objects[0].data.cluster, "an unidentified cluster (no kube-system/platform-identity)")}. '
      + 'Select the context of the right cluster (TF_VAR_kube_context); if this is a new, empty cluster, bootstrap it explicitly '
      + '(TF_VAR_bootstrap_cluster=true cdktf deploy cluster-nonprod).',
    );
  });

  test('names the kube_context variable in the message when given it', () => {
    const stack = emptyStack();
    const connection = new ClusterConnection(stack, 'Connection', { context: 'prod-admin' });
    new ClusterGuard(stack, 'Guard', { cluster: 'prod', stack: 'production', context: connection.context.stringValue });
    const message: string = synth(stack).data.kubernetes_resources.cluster_identity.lifecycle.postcondition[0].error_message;
    expect(message.startsWith('Stack "production" is written for cluster "prod", but kube context "${var.kube_context}" points at ${try(')).toBe(true);
  });

  test('exposes the data source for depends_on', () => {
    const stack = emptyStack();
    const guard = new ClusterGuard(stack, 'Guard', { cluster: 'prod', stack: 'production', context: 'c' });
    new NamespaceV1(stack, 'after', { metadata: { name: 'after' }, dependsOn: [guard.resource] });
    expect(synth(stack).resource.kubernetes_namespace_v1.after.depends_on).toEqual(['data.kubernetes_resources.cluster_identity']);
  });
});
