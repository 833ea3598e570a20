import { EnvironmentDefinition } from '../lib';

/** Test runs against releases promoted from dev; testers read, developers debug. */
export const qa: EnvironmentDefinition = {
  name: 'qa',
  cluster: 'nonprod',
  nodePool: 'qa',
  access: {
    bindings: [
      { group: 'platform-team', role: 'admin' },
      { group: 'app-developers', role: 'developer' },
      { group: 'qa-engineers', role: 'viewer' },
    ],
  },
};
