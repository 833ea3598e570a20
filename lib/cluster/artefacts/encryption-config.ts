import { KmsEncryption, LocalKeyEncryption } from '../cluster-model';
import { EncryptionKind } from '../cluster-types';
import { encryptionKeyPlaceholder } from '../cluster-names';
import { ClusterArtefact } from './cluster-artefact';

/** API version of the file the API server reads (`--encryption-provider-config`). */
export const ENCRYPTION_API_VERSION = 'apiserver.config.k8s.io/v1';

/**
 * The EncryptionConfiguration (apiserver.config.k8s.io/v1) of a cluster. It holds no key material: a KMS v2 provider
 * names only the plugin's socket, and a local key is a placeholder (`${ENCRYPTION_KEY_<NAME>}`) that provisioning
 * replaces with the key, e.g. with `envsubst`. The `identity` provider comes last so that data written before encryption
 * was turned on stays readable until it is rewritten.
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
 * @see https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/
 */
export function encryptionConfiguration(encryption: KmsEncryption | LocalKeyEncryption): any {
  const provider = encryption.kind === EncryptionKind.KMS
    ? { kms: { apiVersion: 'v2', name: encryption.name, endpoint: encryption.endpoint, timeout: `${encryption.timeoutSeconds}s` } }
    : { [encryption.algorithm]: { keys: encryption.keys.map((name) => ({ name, secret: encryptionKeyPlaceholder(name) })) } };
  return {
    apiVersion: ENCRYPTION_API_VERSION,
    kind: 'EncryptionConfiguration',
    resources: [{ resources: [...encryption.resources], providers: [provider, { identity: {} }] }],
  };
}

/** Whether the configuration must be filled in before use (it holds placeholders for locally held keys). */
export function hasKeyPlaceholders(encryption: KmsEncryption | LocalKeyEncryption): boolean {
  return encryption.kind === EncryptionKind.LOCAL;
}

/** `encryption-config.yaml`: the file the API server's `--encryption-provider-config` points at. */
export const encryptionConfigArtefact: ClusterArtefact = {
  files: (cluster) => [{ path: 'encryption-config.yaml', documents: [encryptionConfiguration(cluster.encryption)] }],
};
