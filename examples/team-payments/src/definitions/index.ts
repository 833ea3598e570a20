import { PlatformDefinition } from '@platform/multi-env/definitions';
import { base } from './base';
import { payments } from './cluster';
import { ledger } from './ledger';
import { production } from './production';
import { staging } from './staging';

/** The payments team's platform: staging and production on the team's own cluster, and the ledger app in both. */
export const platform: PlatformDefinition = {
  clusters: [payments],
  base,
  environments: [staging, production],
  apps: [ledger],
};
