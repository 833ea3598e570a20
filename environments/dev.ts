import { EnvironmentDefinition } from '../lib';

/** Where every change lands first. */
export const dev: EnvironmentDefinition = {
  name: 'dev',
  cluster: 'nonprod',
  nodePool: 'dev',
};
