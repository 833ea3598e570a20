import { encryptionConfigArtefact, encryptionConfiguration, hasKeyPlaceholders } from '../../../lib/cluster/artefacts/encryption-config';
import { EncryptionKind, KmsPluginProvider, LocalEncryptionAlgorithm } from '../../../lib/cluster/cluster-types';
import { testCluster } from '../util';

describe('encryptionConfiguration', () => {
  test('encrypts Secrets through a KMS v2 plugin, reading unencrypted data until it is rewritten', () => {
    const cluster = testCluster({ encryption: { kind: EncryptionKind.KMS, plugin: { providedBy: KmsPluginProvider.MACHINE_IMAGE }, name: 'vault', endpoint: 'unix:///run/kms.sock', timeoutSeconds: 10 } });

    expect(encryptionConfiguration(cluster.encryption)).toStrictEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{
        resources: ['secrets'],
        providers: [{ kms: { apiVersion: 'v2', name: 'vault', endpoint: 'unix:///run/kms.sock', timeout: '10s' } }, { identity: {} }],
      }],
    });
    expect(hasKeyPlaceholders(cluster.encryption)).toBe(false);
  });

  test('holds no key material for local keys, only a placeholder per key, newest first', () => {
    const cluster = testCluster({
      encryption: { kind: EncryptionKind.LOCAL, algorithm: LocalEncryptionAlgorithm.AESCBC, keys: ['key-2', 'key-1'], resources: ['secrets', 'configmaps'] },
    });

    expect(encryptionConfiguration(cluster.encryption)).toStrictEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{
        resources: ['secrets', 'configmaps'],
        providers: [
          { aescbc: { keys: [{ name: 'key-2', secret: '${ENCRYPTION_KEY_KEY_2}' }, { name: 'key-1', secret: '${ENCRYPTION_KEY_KEY_1}' }] } },
          { identity: {} },
        ],
      }],
    });
    expect(hasKeyPlaceholders(cluster.encryption)).toBe(true);
  });

  test('encrypts with one secretbox key named secrets-1 when the cluster says nothing', () => {
    expect(encryptionConfiguration(testCluster().encryption).resources[0].providers[0])
      .toStrictEqual({ secretbox: { keys: [{ name: 'secrets-1', secret: '${ENCRYPTION_KEY_SECRETS_1}' }] } });
  });
});

describe('encryptionConfigArtefact', () => {
  test('writes the configuration to encryption-config.yaml, and no chart', () => {
    const cluster = testCluster();

    expect(encryptionConfigArtefact.files!(cluster)).toStrictEqual([
      { path: 'encryption-config.yaml', documents: [encryptionConfiguration(cluster.encryption)] },
    ]);
    expect(encryptionConfigArtefact.chart).toBeUndefined();
  });
});
