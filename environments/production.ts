import { EnvironmentDefinition, PodSecurityLevel, ReleaseStrategy, Slot, StateBackendKind } from '../lib/definitions';

/** Serves customers: protected, restricted, read-only for people, state in S3. */
export const production: EnvironmentDefinition = {
  name: 'production',
  cluster: 'prod',
  nodePool: 'production',
  protected: true,
  podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
  quota: {
    requests: { cpu: '32', memory: '64Gi' },
    limits: { memory: '128Gi' },
    storage: '500Gi',
    pods: 200,
    services: 50,
    persistentVolumeClaims: 40,
  },
  limitRange: {
    max: { memory: '8Gi' },
  },
  access: {
    bindings: [
      { group: 'platform-team', role: 'viewer' },
      { group: 'sre', role: 'viewer' },
    ],
  },
  state: { kind: StateBackendKind.S3, bucket: 'example-platform-terraform-state', region: 'eu-west-1' },
  apps: {
    web: {
      ingress: { host: 'shop.example.com' },
      replicas: null,
      autoscaling: { minReplicas: 3, maxReplicas: 12 },
      // 1.4.2 waits in green behind web-preview; switching active to green is the release.
      strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1.4.1' }, green: { version: '1.4.2' } }),
    },
    api: {
      version: '2.2.0',
      replicas: null,
      autoscaling: { minReplicas: 10, maxReplicas: 30 },
      strategy: ReleaseStrategy.canary({ weight: 20, canary: { version: '2.2.1' } }),
    },
    worker: { version: '2.2.0', replicas: 3 },
    store: { version: '7.2.5', replicas: 3, storage: { size: '50Gi' } },
  },
};
