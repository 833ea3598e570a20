/**
 * Small platforms with apps, for the app resolver and the app constructs: {@link validPlatform}'s clusters and base,
 * a chosen subset of its environments (`dev`, `qa` on `nonprod`; `production` on `prod`, protected), and apps built
 * from {@link webApp} and {@link apiApp}. Every call builds fresh objects: a test may change what it gets.
 */
import { App } from '../../lib/app/app-model';
import { AppDefinition } from '../../lib/app/app-types';
import { Environment } from '../../lib/environment/environment-model';
import { PlatformDefinition } from '../../lib/platform/platform-definition';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import { Loose, validBase, validEnvironments, validPlatform } from '../platform/fixtures';

/** The repositories of the fixture apps. */
export const WEB_IMAGE = 'registry.example.com/shop/web';
export const API_IMAGE = 'registry.example.com/shop/api';

/** A digest, for pins by digest. */
export const DIGEST = `sha256:${'a1'.repeat(32)}`;

/**
 * App `web`: version 1.4.2, one port `http` (8080), readiness `/ready` and liveness `/healthz` on it, 100m/128Mi
 * requests and a 256Mi memory limit; every other field left to its default. `patch` is spread over it.
 */
export function webApp(patch: Loose = {}): AppDefinition {
  return {
    name: 'web',
    image: WEB_IMAGE,
    version: '1.4.2',
    ports: [{ name: 'http', port: 8080 }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    probes: {
      readiness: { http: { path: '/ready', port: 'http' } },
      liveness: { http: { path: '/healthz', port: 'http' } },
    },
    ...patch,
  } as AppDefinition;
}

/** App `api`: like {@link webApp}, version 2.0.0, ports `http` (8080) and `grpc` (9000). `patch` is spread over it. */
export function apiApp(patch: Loose = {}): AppDefinition {
  return webApp({ name: 'api', image: API_IMAGE, version: '2.0.0', ports: [{ name: 'http', port: 8080 }, { name: 'grpc', port: 9000 }], ...patch });
}

/**
 * A platform that runs `apps` in the environments named in `environments` only, each with its patch spread over the
 * environment of {@link validEnvironments} (app overrides go in the patch's `apps`); `base` is spread over the base.
 */
export function appPlatform(
  apps: readonly unknown[], environments: { readonly [name: string]: Loose } = { dev: {} }, base: Loose = {},
): PlatformDefinition {
  const declared = validEnvironments();
  const chosen = Object.entries(environments).map(([name, patch]) => {
    const env = declared.find((e) => e.name === name);
    if (!env) {
      throw new Error(`fixture: no environment "${name}"`);
    }
    return { ...env, ...patch };
  });
  return validPlatform({ environments: chosen, base: { ...validBase(), ...base }, apps: apps as AppDefinition[] });
}

/** The resolved environment `name` of a definition. */
export function resolvedEnvironment(definition: PlatformDefinition, name = 'dev'): Environment {
  const environment = resolvePlatform(definition).environments.find((e) => e.name === name);
  if (!environment) {
    throw new Error(`fixture: no environment "${name}"`);
  }
  return environment;
}

/** The resolved app `app` of environment `env`. */
export function resolvedApp(definition: PlatformDefinition, env = 'dev', app = 'web'): App {
  const found = resolvedEnvironment(definition, env).apps.find((a) => a.name === app);
  if (!found) {
    throw new Error(`fixture: app "${app}" does not run in environment "${env}"`);
  }
  return found;
}
