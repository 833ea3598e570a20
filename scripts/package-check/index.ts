/**
 * A team's use of the packed library, compiled with the strictest consumer settings (tsconfig.json beside this file)
 * and run with plain node by scripts/check-package.sh.
 */
import { resolvePlatform, synthPlatform } from '@platform/multi-env';
import { PlatformDefinition, PodSecurityLevel, ReleaseStrategy, Slot } from '@platform/multi-env/definitions';

const definition: PlatformDefinition = {
  clusters: [{ name: 'lab', kubeconfig: { context: 'lab' } }],
  base: {
    podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
    quota: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' } },
    limitRange: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '512Mi' },
      max: { cpu: '2', memory: '4Gi' },
    },
  },
  environments: [{ name: 'dev', cluster: 'lab' }],
  apps: [{
    name: 'web',
    image: 'registry.example.com/team/web',
    version: '1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    probes: { readiness: { http: { path: '/ready', port: 'http' } }, liveness: { http: { path: '/healthz', port: 'http' } } },
    strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1.0.0' }, green: { version: '1.0.1' } }),
  }],
};

const platform = resolvePlatform(definition);
const environment = platform.environments[0];
if (environment === undefined || synthPlatform === undefined) {
  throw new Error('the packed library resolved no environment');
}
console.log(`resolved ${platform.environments.length} environment(s): ${environment.name} with ${environment.apps.length} app(s)`);
