import { EnvironmentDefinition } from '../lib/definitions';

/** Where every change lands first. */
export const dev: EnvironmentDefinition = {
  name: 'dev',
  cluster: 'nonprod',
  nodePool: 'dev',
  apps: {
    web: { version: '1.5.0' },
    api: { version: '2.3.0' },
    worker: { version: '2.3.0' },
    store: { version: '7.2.5' },
  },
};
