import { EnvironmentDefinition } from '@platform/multi-env/definitions';

/** Where every ledger release is tried first. */
export const staging: EnvironmentDefinition = {
  name: 'staging',
  cluster: 'payments',
  nodePool: 'staging',
  apps: {
    ledger: { version: '3.8.0' },
  },
};
