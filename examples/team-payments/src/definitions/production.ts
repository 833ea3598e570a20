import { EnvironmentDefinition } from '@platform/multi-env/definitions';

/** Serves customers: protected from accidental destruction, read-only for people, two replicas or more. */
export const production: EnvironmentDefinition = {
  name: 'production',
  cluster: 'payments',
  nodePool: 'production',
  protected: true,
  quota: { requests: { cpu: '16', memory: '32Gi' }, limits: { cpu: '32', memory: '64Gi' }, pods: 100 },
  access: {
    bindings: [{ group: 'payments-oncall', role: 'viewer' }],
  },
  apps: {
    ledger: {
      version: '3.7.2',
      ingress: { host: 'ledger.payments.example.com' },
      replicas: null,
      autoscaling: { minReplicas: 3, maxReplicas: 9 },
    },
  },
};
