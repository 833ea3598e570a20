import { TerraformBackend, TerraformStack } from 'cdktf';
import { StateBackend } from '../../environment/environment-model';
import { StateBackendKind } from '../../environment/environment-types';
import { KubernetesBackend } from './kubernetes-backend';
import { localBackend } from './local-backend';
import { s3Backend } from './s3-backend';

/**
 * Gives a stack its own state: each stack (environment or cluster) has a separate state file, key or Secret, so a
 * plan of one environment can never read or lock another's.
 */
export function addStateBackend(stack: TerraformStack, stackName: string, state: StateBackend): TerraformBackend {
  switch (state.kind) {
    case StateBackendKind.S3:
      return s3Backend(stack, stackName, state);
    case StateBackendKind.KUBERNETES:
      return new KubernetesBackend(stack, {
        secretSuffix: stackName,
        namespace: state.namespace,
        configPath: state.configPath,
        configContext: state.context,
      });
    default:
      return localBackend(stack, stackName);
  }
}
