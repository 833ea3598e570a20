import { EnvironmentDefinition } from '../lib/definitions';

/** Test runs against releases promoted from dev; testers read, developers debug. */
export const qa: EnvironmentDefinition = {
  name: 'qa',
  cluster: 'nonprod',
  nodePool: 'qa',
  apps: {
    web: { version: '1.5.0', ingress: { host: 'shop.qa.example.com' } },
    api: { version: '2.3.0' },
    worker: { version: '2.3.0' },
    store: { version: '7.2.5' },
  },
  access: {
    bindings: [
      { group: 'platform-team', role: 'admin' },
      { group: 'app-developers', role: 'developer' },
      { group: 'qa-engineers', role: 'viewer' },
    ],
  },
};
