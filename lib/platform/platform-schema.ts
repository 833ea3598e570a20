/** The shape of the platform definition's top level (`resolve-platform.ts` checks each part with its concept's schema). */
import { z } from 'zod';
import { HOURS_OR_DAYS } from '../core/duration';
import { DNS_SUBDOMAIN, dnsLabel } from '../core/schema';

const LABEL_DOMAIN_HINT = 'expected a DNS subdomain you own, such as "platform.acme.com" (lowercase letters, digits, "-" and ".")';
const RESERVED_LABEL_DOMAINS = ['kubernetes.io', 'k8s.io'];
const HOURS_OR_DAYS_HINT = 'expected whole hours or days such as "72h" or "3d"';
const hoursOrDays = z.string({ error: HOURS_OR_DAYS_HINT }).regex(HOURS_OR_DAYS, { error: HOURS_OR_DAYS_HINT });

/**
 * The top level of the platform definition. Its parts are checked one by one with their own schemas (clusters,
 * roles, environments, apps) so that each problem names the part it belongs to.
 */
export const platformSchema = z.strictObject({
  clusters: z.array(z.unknown(), { error: 'expected a list of clusters' }).min(1, { error: 'expected at least one cluster' }),
  base: z.record(z.string(), z.unknown(), { error: 'expected the base environment settings (an object)' }),
  environments: z.array(z.unknown(), { error: 'expected a list of environments' }).min(1, { error: 'expected at least one environment' }),
  roles: z.array(z.unknown(), { error: 'expected a list of roles' }).optional(),
  apps: z.array(z.unknown(), { error: 'expected a list of apps' }).optional(),
  labelDomain: z.string({ error: LABEL_DOMAIN_HINT })
    .refine((value) => DNS_SUBDOMAIN.test(value), { error: LABEL_DOMAIN_HINT })
    .refine((value) => !RESERVED_LABEL_DOMAINS.some((reserved) => value === reserved || value.endsWith(`.${reserved}`)), {
      error: `${RESERVED_LABEL_DOMAINS.join(' and ')} and their subdomains are reserved for Kubernetes; use a domain of your own`,
    })
    .optional(),
  previews: z.strictObject({
    template: dnsLabel,
    janitorSchedule: z.string({ error: 'expected a cron schedule such as "*/15 * * * *"' }).optional(),
    janitorImage: z.string({ error: 'expected a container image reference with a tag or digest' }).optional(),
    ttl: hoursOrDays.optional(),
    maxTtl: hoursOrDays.optional(),
  }, { error: 'expected { template, janitorSchedule?, janitorImage?, ttl?, maxTtl? }' }).optional(),
});
