import { EnvironmentDefinition, PodSecurityLevel } from '../lib';

/** The last stop before production: production's rules, smaller sizes. */
export const staging: EnvironmentDefinition = {
  name: 'staging',
  cluster: 'nonprod',
  nodePool: 'staging',
  podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
  quota: {
    requests: { cpu: '8', memory: '16Gi' },
    limits: { cpu: '16', memory: '32Gi' },
    pods: 80,
  },
  access: {
    bindings: [
      { group: 'platform-team', role: 'admin' },
      { group: 'app-developers', role: 'viewer' },
    ],
  },
};
