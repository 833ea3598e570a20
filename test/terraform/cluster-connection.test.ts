import { TerraformOutput } from 'cdktf';
import { ClusterConnection } from '../../lib/terraform/cluster-connection';
import { emptyStack, synth } from './util';

describe('ClusterConnection', () => {
  test('declares kube_context with the cluster\'s context as default', () => {
    const stack = emptyStack();
    new ClusterConnection(stack, 'Connection', { context: 'nonprod-admin' });
    expect(synth(stack).variable.kube_context).toEqual({
      type: 'string',
      default: 'nonprod-admin',
      description: 'Kubeconfig context of the cluster (TF_VAR_kube_context); the cluster guard checks where it points.',
    });
  });

  test('declares kube_config_path with ~/.kube/config as default', () => {
    const stack = emptyStack();
    new ClusterConnection(stack, 'Connection', { context: 'nonprod-admin' });
    expect(synth(stack).variable.kube_config_path).toEqual({
      type: 'string',
      default: '~/.kube/config',
      description: 'Path of the kubeconfig file (TF_VAR_kube_config_path).',
    });
  });

  test('uses the given kubeconfig path as default', () => {
    const stack = emptyStack();
    new ClusterConnection(stack, 'Connection', { context: 'prod-admin', configPath: '/etc/platform/prod.kubeconfig' });
    expect(synth(stack).variable.kube_config_path.default).toBe('/etc/platform/prod.kubeconfig');
  });

  test('declares exactly these two variables, named for TF_VAR_ whatever the construct id', () => {
    const stack = emptyStack();
    new ClusterConnection(stack, 'SomeId', { context: 'c' });
    expect(Object.keys(synth(stack).variable).sort()).toEqual(['kube_config_path', 'kube_context']);
  });

  test('requires hashicorp/kubernetes 3.2.1, where KUBE_* variables no longer override kubernetes_manifest alone (GH-2788)', () => {
    const stack = emptyStack();
    new ClusterConnection(stack, 'Connection', { context: 'nonprod-admin' });
    expect(synth(stack).terraform.required_providers).toEqual({ kubernetes: { source: 'kubernetes', version: '3.2.1' } });
  });

  test('configures one kubernetes provider from the variables', () => {
    const stack = emptyStack();
    new ClusterConnection(stack, 'Connection', { context: 'nonprod-admin' });
    expect(synth(stack).provider.kubernetes).toEqual([{ config_context: '${var.kube_context}', config_path: '${var.kube_config_path}' }]);
  });

  test('exposes the variables and the provider', () => {
    const stack = emptyStack();
    const connection = new ClusterConnection(stack, 'Connection', { context: 'c' });
    new TerraformOutput(stack, 'context', { value: connection.context.stringValue });
    new TerraformOutput(stack, 'config_path', { value: connection.configPath.stringValue });
    const json = synth(stack);
    expect(json.output.context.value).toBe('${var.kube_context}');
    expect(json.output.config_path.value).toBe('${var.kube_config_path}');
    expect(connection.provider.terraformResourceType).toBe('kubernetes');
  });
});
