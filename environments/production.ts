import { EnvironmentDefinition, PodSecurityLevel, StateBackendKind } from '../lib';

/** Serves customers: protected, restricted, read-only for people, state in S3. */
export const production: EnvironmentDefinition = {
  name: 'production',
  cluster: 'prod',
  nodePool: 'production',
  protected: true,
  podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
  quota: {
    requests: { cpu: '32', memory: '64Gi' },
    limits: { cpu: '64', memory: '128Gi' },
    storage: '500Gi',
    pods: 200,
    services: 50,
    persistentVolumeClaims: 40,
  },
  limitRange: {
    max: { cpu: '4', memory: '8Gi' },
  },
  access: {
    bindings: [
      { group: 'platform-team', role: 'viewer' },
      { group: 'sre', role: 'viewer' },
    ],
  },
  state: { kind: StateBackendKind.S3, bucket: 'example-platform-terraform-state', region: 'eu-west-1' },
};
