/**
 * Small platforms with apps, for the app resolver, the release strategies and the app constructs: {@link validPlatform}'s
 * clusters and base, a chosen subset of its environments (`dev`, `qa` on `nonprod`; `production` on `prod`, protected),
 * and apps built from {@link webApp} and {@link apiApp}; and the lines their validation errors read. Every call builds
 * fresh objects: a test may change what it gets.
 */
import { App } from '../../lib/app/app-model';
import { AppDefinition } from '../../lib/app/app-types';
import { Environment } from '../../lib/environment/environment-model';
import { PlatformDefinition } from '../../lib/platform/platform-definition';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import { Loose, validBase, validEnvironments, validPlatform } from '../platform/fixtures';

/** What protected environments say of an unpinned image. */
export const PINNED = 'protected environments run pinned images: set version to a tag other than "latest", or digest';

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

/** Resolves a definition that is deliberately invalid, which its type may not admit. */
export function resolve(definition: PlatformDefinition) {
  return resolvePlatform(definition);
}

/** `dev` running `web` with `patch` spread over its declaration. */
export function devWith(patch: Loose, others: unknown[] = []): PlatformDefinition {
  return appPlatform([webApp(patch), ...others]);
}

/** `dev` running the declared `web`, which dev's own definition overrides with `override`. */
export function devOverriding(override: Loose, others: unknown[] = []): PlatformDefinition {
  return appPlatform([webApp(), ...others], { dev: { apps: { web: override } } });
}

/** `production` running the declared `web` (with `patch`), which production overrides with `override`. */
export function productionWith(override: Loose, patch: Loose = {}): PlatformDefinition {
  return appPlatform([webApp(patch)], { production: { apps: { web: override } } });
}

/** A line about `web` in `dev`, its value coming from the app's declaration. */
export function inherited(path: string, value: string, allowed: string, env = 'dev'): string {
  return `environment "${env}": apps.web.${path} is ${value} (inherited from app "web"); ${allowed}`;
}

/** A line about `app` in `env`, its value set by the environment itself. */
export function own(path: string, value: string, allowed: string, env = 'dev', app = 'web'): string {
  return `environment "${env}": apps.${app}.${path} is ${value}; ${allowed}`;
}
