import { EnvironmentSettings, PodSecurityLevel } from '@platform/multi-env/definitions';

/** What both environments share; each environment's file states only what differs. */
export const base: EnvironmentSettings = {
  podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
  quota: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' }, pods: 40 },
  limitRange: {
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    default: { cpu: '500m', memory: '512Mi' },
    max: { cpu: '2', memory: '4Gi' },
  },
  access: {
    bindings: [
      { group: 'payments-developers', role: 'developer' },
      { group: 'payments-oncall', role: 'viewer' },
    ],
  },
};
