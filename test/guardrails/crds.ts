/**
 * A trimmed CustomResourceDefinition of External Secrets Operator's ExternalSecret (external-secrets.io v1 and
 * v1beta1, which share these fields), for tests only: the real CRD cannot be downloaded on these machines. It keeps
 * the fields the platform renders, typed and closed, and leaves the rest of the API open
 * (x-kubernetes-preserve-unknown-fields).
 */
const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

export const EXTERNAL_SECRET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'externalsecrets.external-secrets.io' },
  spec: {
    group: 'external-secrets.io',
    scope: 'Namespaced',
    names: { kind: 'ExternalSecret', plural: 'externalsecrets', singular: 'externalsecret' },
    versions: ['v1', 'v1beta1'].map((name) => ({
      name,
      served: true,
      storage: name === 'v1',
      schema: { openAPIV3Schema: {
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          spec: {
            type: 'object',
            properties: {
              refreshInterval: { type: 'string' },
              secretStoreRef: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string' }, kind: { type: 'string', enum: ['SecretStore', 'ClusterSecretStore'] } },
              },
              target: {
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  creationPolicy: { type: 'string', enum: ['Owner', 'Orphan', 'Merge', 'None'] },
                  deletionPolicy: { type: 'string', enum: ['Delete', 'Merge', 'Retain'] },
                  immutable: { type: 'boolean' },
                  template: open,
                },
              },
              data: {
                type: 'array',
                items: { type: 'object', required: ['secretKey', 'remoteRef'], properties: { secretKey: { type: 'string' }, remoteRef: open, sourceRef: open } },
              },
              dataFrom: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    extract: {
                      type: 'object',
                      required: ['key'],
                      properties: {
                        key: { type: 'string' }, property: { type: 'string' }, version: { type: 'string' },
                        conversionStrategy: { type: 'string' }, decodingStrategy: { type: 'string' }, metadataPolicy: { type: 'string' },
                      },
                    },
                    find: open,
                    rewrite: { type: 'array', items: open },
                    sourceRef: open,
                  },
                },
              },
            },
          },
          status: open,
        },
      } },
    })),
  },
};
