import { PlatformDefinition } from '../lib/definitions';
import { apps } from './apps';
import { base } from './base';
import { clusters } from './clusters';
import { dev } from './dev';
import { production } from './production';
import { qa } from './qa';
import { staging } from './staging';

/** The reference platform: dev, qa and staging on cluster nonprod; production on cluster prod. */
export const platform: PlatformDefinition = {
  clusters,
  base,
  environments: [dev, qa, staging, production],
  apps,
  // A preview per pull request, made from dev (npm run synth with PREVIEW_ID; see docs/delivery.md).
  previews: { template: 'dev' },
};
