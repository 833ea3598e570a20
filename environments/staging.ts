import { EnvironmentDefinition, PodSecurityLevel } from '../lib/definitions';

/** The last stop before production: production's rules, smaller sizes. */
export const staging: EnvironmentDefinition = {
  name: 'staging',
  cluster: 'nonprod',
  nodePool: 'staging',
  apps: {
    web: { version: '1.4.2', ingress: { host: 'shop.staging.example.com' }, replicas: null, autoscaling: { minReplicas: 2, maxReplicas: 4 } },
    api: { version: '2.2.1', replicas: null, autoscaling: { minReplicas: 2, maxReplicas: 4 } },
    worker: { version: '2.2.1', replicas: 2 },
    store: { version: '7.2.5', replicas: 3 },
  },
  podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
  quota: {
    requests: { cpu: '8', memory: '16Gi' },
    limits: { memory: '32Gi' },
    pods: 80,
  },
  access: {
    bindings: [
      { group: 'platform-team', role: 'admin' },
      { group: 'app-developers', role: 'viewer' },
    ],
  },
};
