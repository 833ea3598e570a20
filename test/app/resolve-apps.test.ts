import { ReleaseStrategy, ReleaseStrategyKind, Slot } from '../../lib/app/app-types';
import { DEFAULT_LABEL_KEYS } from '../../lib/core/labels';
import { Protocol } from '../../lib/core/network';
import {
  apiApp, appPlatform, devOverriding, devWith, DIGEST, inherited, own, PINNED, productionWith, resolve, resolvedApp, resolvedEnvironment, WEB_IMAGE,
  webApp,
} from './fixtures';
import { exactly, line, withCluster } from '../platform/fixtures';

const HTTP = { name: 'http', port: 8080, protocol: 'TCP' };
const TWO_REPLICAS = 'protected environments run at least 2 replicas, so one pod can fail or be evicted';
const SECRET_VALUE = 'secret values never go in definitions; reference an existing Secret (existingSecret) or an external store (externalStore)';
const ONE_SECRET_SOURCE = 'name exactly one of existingSecret (a Secret in the namespace) or externalStore (a key of an external store)';
const PORT_NAME = 'expected a port name: at most 15 lowercase letters, digits and "-", with at least one letter';
const STORAGE_ROLLING = 'apps with storage run as a StatefulSet, which is released rolling only; remove strategy or use ReleaseStrategy.rolling()';
const APP_FIELDS = 'name, enabled, image, version, digest, command, args, ports, ingress, env, config, secrets, dependencies, resources, probes, '
  + 'replicas, autoscaling, maxUnavailable, strategy, writablePaths, kubernetesApiAccess, runAsUser, priorityClass, storage, metrics';

describe('resolveApps through resolvePlatform', () => {
  test('resolves an app that sets only what it must, with every default filled in', () => {
    const definition = devWith({});
    const app = resolvedApp(definition);
    const probe = (path: string) => ({
      http: { path, port: HTTP }, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 0, timeoutSeconds: 1,
    });

    expect(app).toEqual({
      name: 'web',
      environment: 'dev',
      namespace: 'dev',
      labelKeys: DEFAULT_LABEL_KEYS,
      workload: 'Deployment',
      image: `${WEB_IMAGE}:1.4.2`,
      ports: [HTTP],
      env: {},
      secrets: [],
      dependsOn: [],
      dependents: [],
      cidrs: [],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      probes: { readiness: probe('/ready'), liveness: probe('/healthz') },
      maxUnavailable: 1,
      release: {
        kind: 'rolling',
        maxSurge: '25%',
        maxUnavailable: 0,
        minReadySeconds: 10,
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 5,
        tracks: [{ image: `${WEB_IMAGE}:1.4.2`, replicas: 1, serving: true }],
      },
      writablePaths: [],
      kubernetesApiAccess: false,
      apiServerPeers: [],
      runAsUser: 10001,
      priorityClass: 'app-standard',
      definition: definition.apps![0],
      override: {},
      settings: webApp(),
    });
    // Nothing optional appears unless asked for.
    expect([app.ingress, app.config, app.autoscaling, app.storage, app.metrics, app.command, app.args, app.probes.startup])
      .toEqual(Array(8).fill(undefined));
    expect(app.definition).toBe(definition.apps![0]);
  });

  test('fills in the defaults of ingress, config, metrics, autoscaling and secrets', () => {
    const app = resolvedApp(devWith({
      ingress: { port: 'http', host: 'shop.dev.example.com' },
      config: { files: { 'app.yaml': 'a: 1\n' } },
      metrics: { port: 'http' },
      autoscaling: { minReplicas: 2, maxReplicas: 5 },
      secrets: [
        { name: 'db', existingSecret: 'db-credentials', env: { DB_PASSWORD: 'password' } },
        { name: 'payments', externalStore: { store: 'vault', key: 'shop/payments' }, mountPath: '/var/run/secrets/payments' },
      ],
      dependencies: { cidrs: [{ cidr: '203.0.113.0/24', ports: [{ port: 443 }] }] },
      storage: undefined,
    }));

    expect(app.ingress).toEqual({ host: 'shop.dev.example.com', path: '/', port: HTTP, previewHost: 'preview-shop.dev.example.com', className: 'nginx', tlsSecretName: 'web-tls' });
    expect(app.config).toEqual({ files: { 'app.yaml': 'a: 1\n' }, mountPath: '/etc/web' });
    expect(app.metrics).toEqual({ port: HTTP, path: '/metrics' });
    expect(app.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 });
    expect(app.release.tracks).toEqual([{ image: `${WEB_IMAGE}:1.4.2`, autoscaling: { minReplicas: 2, maxReplicas: 5 }, serving: true }]);
    expect(app.secrets).toEqual([
      { name: 'db', secretName: 'db-credentials', env: { DB_PASSWORD: 'password' } },
      { name: 'payments', secretName: 'web-payments', externalStore: { store: 'vault', key: 'shop/payments' }, env: {}, mountPath: '/var/run/secrets/payments' },
    ]);
    expect(app.cidrs).toEqual([{ cidr: '203.0.113.0/24', except: [], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });

  test('keeps what is given instead of the defaults', () => {
    const app = resolvedApp(devWith({
      ingress: { port: 'http', host: 'shop.dev.example.com', path: '/shop' },
      config: { files: { 'app.yaml': 'a: 1\n' }, mountPath: '/config' },
      metrics: { port: 'http', path: '/stats' },
      autoscaling: { minReplicas: 2, maxReplicas: 5, memoryUtilization: 80 },
      maxUnavailable: 1,
      runAsUser: 999,
      priorityClass: 'app-critical',
      kubernetesApiAccess: true,
      writablePaths: ['/tmp', '/cache'],
      strategy: ReleaseStrategy.rolling({ maxSurge: 1, maxUnavailable: '10%', minReadySeconds: 0, progressDeadlineSeconds: 120, revisionHistoryLimit: 2 }),
      probes: {
        readiness: { tcp: { port: 'http' }, periodSeconds: 5, failureThreshold: 1, initialDelaySeconds: 2, timeoutSeconds: 3 },
        liveness: { exec: { command: ['/bin/check'] } },
        startup: { http: { path: '/healthz', port: 'http' }, failureThreshold: 30 },
      },
    }), 'dev');

    expect([app.ingress?.path, app.config?.mountPath, app.metrics?.path, app.runAsUser, app.priorityClass, app.kubernetesApiAccess])
      .toEqual(['/shop', '/config', '/stats', 999, 'app-critical', true]);
    expect(app.writablePaths).toEqual(['/tmp', '/cache']);
    // A memory target alone: no CPU target is added.
    expect(app.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 5, memoryUtilization: 80 });
    expect(app.release).toEqual({
      kind: 'rolling', maxSurge: 1, maxUnavailable: '10%', minReadySeconds: 0, progressDeadlineSeconds: 120, revisionHistoryLimit: 2,
      tracks: [{ image: `${WEB_IMAGE}:1.4.2`, autoscaling: { minReplicas: 2, maxReplicas: 5 }, serving: true }],
    });
    expect(app.probes).toEqual({
      readiness: { tcp: { port: HTTP }, periodSeconds: 5, failureThreshold: 1, initialDelaySeconds: 2, timeoutSeconds: 3 },
      liveness: { exec: { command: ['/bin/check'] }, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 0, timeoutSeconds: 1 },
      startup: { http: { path: '/healthz', port: HTTP }, periodSeconds: 10, failureThreshold: 30, initialDelaySeconds: 0, timeoutSeconds: 1 },
    });
  });

  test('makes an app with storage a StatefulSet', () => {
    const app = resolvedApp(devWith({ storage: { size: '10Gi', mountPath: '/data', storageClass: 'fast' } }));

    expect([app.workload, app.storage]).toEqual(['StatefulSet', { size: '10Gi', mountPath: '/data', storageClass: 'fast' }]);
  });

  describe('image references', () => {
    test.each([
      ['a tag', { version: '1.4.2' }, `${WEB_IMAGE}:1.4.2`],
      ['a digest', { version: undefined, digest: DIGEST }, `${WEB_IMAGE}@${DIGEST}`],
      ['a digest, which wins over a tag', { version: '1.4.2', digest: DIGEST }, `${WEB_IMAGE}@${DIGEST}`],
      ['nothing, where the environment is not protected', { version: undefined }, WEB_IMAGE],
      ['latest, where the environment is not protected', { version: 'latest' }, `${WEB_IMAGE}:latest`],
    ])('pins by %s', (_what, patch, image) => {
      const app = resolvedApp(devWith(patch));

      expect([app.image, app.release.tracks[0].image]).toEqual([image, image]);
    });

    test('pins a protected environment by the tag or digest it sets', () => {
      expect(resolvedApp(productionWith({ version: '1.5.0', replicas: 2 }), 'production').image).toBe(`${WEB_IMAGE}:1.5.0`);
      expect(resolvedApp(productionWith({ digest: DIGEST, replicas: 2 }, { version: undefined }), 'production').image).toBe(`${WEB_IMAGE}@${DIGEST}`);
    });
  });

  describe('environment overrides', () => {
    test('merge objects field by field, replace arrays, and keep what they do not name', () => {
      const definition = appPlatform([webApp({ writablePaths: ['/tmp', '/cache'], env: { LOG_LEVEL: 'info', REGION: 'eu' } })], {
        dev: { apps: { web: { version: '1.5.0', resources: { limits: { cpu: '500m' } }, writablePaths: ['/scratch'], env: { LOG_LEVEL: 'debug' } } } },
        qa: {},
      });
      const dev = resolvedApp(definition, 'dev');

      expect(dev.image).toBe(`${WEB_IMAGE}:1.5.0`);
      expect(dev.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi', cpu: '500m' } });
      expect(dev.writablePaths).toEqual(['/scratch']);
      expect(dev.env).toEqual({ LOG_LEVEL: 'debug', REGION: 'eu' });
      expect(dev.override).toEqual({ version: '1.5.0', resources: { limits: { cpu: '500m' } }, writablePaths: ['/scratch'], env: { LOG_LEVEL: 'debug' } });
      // The other environment runs the declaration as it is.
      const qa = resolvedApp(definition, 'qa');
      expect([qa.image, qa.writablePaths, qa.env, qa.override]).toEqual([`${WEB_IMAGE}:1.4.2`, ['/tmp', '/cache'], { LOG_LEVEL: 'info', REGION: 'eu' }, {}]);
    });

    test('remove a value with null: fixed replicas give way to an autoscaler', () => {
      const override = { replicas: null, autoscaling: { minReplicas: 2, maxReplicas: 6 } };
      const app = resolvedApp(appPlatform([webApp({ replicas: 3 })], { dev: { apps: { web: override } } }));

      expect(app.settings.replicas).toBeUndefined();
      expect(app.release.tracks).toEqual([{ image: `${WEB_IMAGE}:1.4.2`, autoscaling: { minReplicas: 2, maxReplicas: 6 }, serving: true }]);
    });

    test('compose the base\'s app overrides with the environment\'s: nulls of both still remove, fields of both merge', () => {
      const definition = appPlatform([webApp({ replicas: 3, env: { LOG_LEVEL: 'info' } })], {
        dev: { apps: { web: { autoscaling: { maxReplicas: 8 }, env: { TRACE: null } } } },
        qa: {},
      }, {
        apps: { web: { replicas: null, autoscaling: { minReplicas: 2, maxReplicas: 4 }, env: { TRACE: 'on' } } },
      });

      const dev = resolvedApp(definition, 'dev');
      expect([dev.settings.replicas, dev.autoscaling, dev.env]).toEqual([undefined, { minReplicas: 2, maxReplicas: 8, cpuUtilization: 70 }, { LOG_LEVEL: 'info' }]);
      const qa = resolvedApp(definition, 'qa');
      expect([qa.settings.replicas, qa.autoscaling, qa.env]).toEqual([undefined, { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 }, { LOG_LEVEL: 'info', TRACE: 'on' }]);
    });

    test('switching the strategy\'s kind replaces it whole: no field of the declared one is carried over', () => {
      const app = resolvedApp(appPlatform([webApp({ replicas: 4, strategy: ReleaseStrategy.rolling({ maxSurge: 2, revisionHistoryLimit: 1 }) })], {
        dev: { apps: { web: { strategy: ReleaseStrategy.canary({ weight: 25, canary: { version: '1.5.0' } }) } } },
      }));

      expect(app.settings.strategy).toEqual({ kind: ReleaseStrategyKind.CANARY, weight: 25, canary: { version: '1.5.0' } });
    });

    test('enabled: false leaves the app out of that environment only', () => {
      const definition = appPlatform([webApp(), apiApp()], { dev: { apps: { web: { enabled: false } } }, qa: {} });

      expect(resolvedEnvironment(definition, 'dev').apps.map((a) => a.name)).toEqual(['api']);
      expect(resolvedEnvironment(definition, 'qa').apps.map((a) => a.name)).toEqual(['web', 'api']);
    });

    test('enabled: false leaves an invalid override unchecked, and enabled: true brings a disabled app back', () => {
      const definition = appPlatform([webApp(), apiApp({ enabled: false })], {
        dev: { apps: { web: { enabled: false, replicas: -1 }, api: { enabled: true } } },
      });

      expect(resolvedEnvironment(definition, 'dev').apps.map((a) => a.name)).toEqual(['api']);
    });
  });

  test('resolves dependencies to port numbers and records each dependent on the app it depends on', () => {
    const definition = appPlatform([
      webApp({ dependencies: { apps: [{ app: 'api', port: 'http' }, { app: 'api', port: 'grpc' }] } }),
      apiApp(),
      webApp({ name: 'admin', dependencies: { apps: [{ app: 'api', port: 'grpc' }] } }),
    ]);
    const [web, api, admin] = resolvedEnvironment(definition).apps;

    expect(web.dependsOn).toEqual([
      { app: 'api', ports: [{ port: 8080, protocol: Protocol.TCP }] },
      { app: 'api', ports: [{ port: 9000, protocol: Protocol.TCP }] },
    ]);
    expect(api.dependents).toEqual([
      { app: 'web', ports: [{ port: 8080, protocol: Protocol.TCP }] },
      { app: 'web', ports: [{ port: 9000, protocol: Protocol.TCP }] },
      { app: 'admin', ports: [{ port: 9000, protocol: Protocol.TCP }] },
    ]);
    expect([web.dependents, api.dependsOn, admin.dependents]).toEqual([[], [], []]);
  });

});

describe('resolveApps refusals', () => {
  test('fails when an environment overrides an app that is not declared', () => {
    expect(() => resolve(devOverriding({}, [apiApp()]))).not.toThrow();
    expect(() => resolve(appPlatform([webApp(), apiApp()], { dev: { apps: { shop: { replicas: 2 } } } }))).toThrow(exactly(
      'environment "dev": apps.shop is {"replicas":2}; no app "shop" is declared; declared apps: "web", "api"',
    ));
  });

  test('fails when the base overrides an app that is not declared, once per environment, naming the base', () => {
    expect(() => resolve(appPlatform([webApp()], { dev: {}, qa: {} }, { apps: { shop: {} } }))).toThrow(exactly(
      'environment "dev": apps.shop is {} (inherited from the base); no app "shop" is declared; declared apps: "web"',
      'environment "qa": apps.shop is {} (inherited from the base); no app "shop" is declared; declared apps: "web"',
    ));
  });

  test('fails when two apps have the same name, reporting it once however many environments there are', () => {
    expect(() => resolve(appPlatform([webApp(), webApp({ version: '2.0.0' })], { dev: {}, qa: {} }))).toThrow(exactly(
      'platform: apps[].name is "web"; duplicate name; app names must be unique',
    ));
  });

  describe('fails when a secret carries a value, and never shows the value', () => {
    test.each(['value', 'data', 'stringData'])('%s in the declaration', (field) => {
      const definition = devWith({ secrets: [{ name: 'db', existingSecret: 'db', env: { DB_PASSWORD: 'password' }, [field]: 's3cr3t-value' }] });
      const run = () => resolve(definition);

      expect(run).toThrow(exactly(inherited(`secrets[0].${field}`, '"(hidden)"', SECRET_VALUE)));
      expect(run).not.toThrow(/s3cr3t/);
    });

    test('in an environment\'s override', () => {
      const run = () => resolve(devOverriding({ secrets: [{ name: 'db', existingSecret: 'db', stringData: { password: 's3cr3t-value' } }] }));

      expect(run).toThrow(exactly(own('secrets[0].stringData', '"(hidden)"', SECRET_VALUE)));
      expect(run).not.toThrow(/s3cr3t/);
    });
  });

  test('fails when two ports share a name', () => {
    expect(() => resolve(devWith({ ports: [{ name: 'http', port: 8080 }, { name: 'http', port: 8081 }] }))).toThrow(exactly(
      inherited('ports[1].name', '"http"', 'duplicate port name; each port needs its own name'),
    ));
  });

  test('fails when two ports share a number and protocol (and not when only the number is shared)', () => {
    expect(() => resolve(devWith({ ports: [{ name: 'http', port: 8080 }, { name: 'dns', port: 8080, protocol: Protocol.UDP }] }))).not.toThrow();
    expect(() => resolve(devWith({ ports: [{ name: 'http', port: 8080 }, { name: 'admin', port: 8080 }] }))).toThrow(exactly(
      inherited('ports[1].port', '8080', 'duplicate port number'),
    ));
  });

  test('fails when the ingress names a port the app does not declare', () => {
    expect(() => resolve(devOverriding({ ingress: { port: 'https', host: 'shop.dev.example.com' } }))).toThrow(exactly(
      own('ingress.port', '"https"', 'expected one of the app\'s ports: "http"'),
    ));
  });

  test.each([
    ['readiness', { readiness: { http: { path: '/ready', port: 'admin' } }, liveness: { tcp: { port: 'http' } } }, 'probes.readiness.http.port'],
    ['liveness', { readiness: { http: { path: '/ready', port: 'http' } }, liveness: { tcp: { port: 'admin' } } }, 'probes.liveness.tcp.port'],
    ['startup', { readiness: { tcp: { port: 'http' } }, liveness: { http: { path: '/l', port: 'http' } }, startup: { tcp: { port: 'admin' } } },
      'probes.startup.tcp.port'],
  ])('fails when the %s probe names a port the app does not declare', (_probe, probes, path) => {
    expect(() => resolve(devWith({ probes }))).toThrow(exactly(inherited(path, '"admin"', 'expected one of the app\'s ports: "http"')));
  });

  test('fails when metrics name a port the app does not declare', () => {
    expect(() => resolve(devWith({ metrics: { port: 'metrics' } }))).toThrow(exactly(
      inherited('metrics.port', '"metrics"', 'expected one of the app\'s ports: "http"'),
    ));
  });

  test('fails when an app without ports names one', () => {
    const worker = { ports: undefined, probes: { readiness: { exec: { command: ['ready'] } }, liveness: { exec: { command: ['alive'] } } } };

    expect(() => resolve(devWith({ ...worker, metrics: { port: 'metrics' } }))).toThrow(exactly(
      inherited('metrics.port', '"metrics"', 'the app declares no ports'),
    ));
  });

  test('fails when a probe names no kind', () => {
    const probes = { readiness: { periodSeconds: 5 }, liveness: { http: { path: '/healthz', port: 'http' } } };

    expect(() => resolve(devWith({ probes }))).toThrow(exactly(inherited('probes.readiness', '{"periodSeconds":5}', 'name exactly one of http, tcp or exec')));
  });

  test('fails when a probe names two kinds, as an override that adds a kind to the declared one does', () => {
    expect(() => resolve(devOverriding({ probes: { readiness: { tcp: { port: 'http' } } } }))).toThrow(exactly(
      own('probes.readiness', '{"http":{"path":"/ready","port":"http"},"tcp":{"port":"http"}}', 'name exactly one of http, tcp or exec'),
    ));
  });

  test('fails when readiness and liveness are the same probe, also when one spells out the defaults in another order', () => {
    const same = 'expected a liveness probe that differs from readiness: an identical one restarts pods that are only busy or waiting on a dependency';
    const readiness = { http: { path: '/ready', port: 'http' } };

    expect(() => resolve(devWith({ probes: { readiness, liveness: readiness } }))).toThrow(exactly(
      inherited('probes.liveness', '{"http":{"path":"/ready","port":"http"}}', same),
    ));
    expect(() => resolve(devWith({ probes: { readiness, liveness: { periodSeconds: 10, ...readiness, timeoutSeconds: 1 } } }))).toThrow(exactly(
      // Rendered in the schema's field order.
      inherited('probes.liveness', '{"http":{"path":"/ready","port":"http"},"periodSeconds":10,"timeoutSeconds":1}', same),
    ));
  });

  test.each([
    ['memory', { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '256Mi' } }, '"512Mi"', 'resources.limits.memory (256Mi)'],
    ['cpu', { requests: { cpu: '500m', memory: '128Mi' }, limits: { memory: '256Mi', cpu: '200m' } }, '"500m"', 'resources.limits.cpu (200m)'],
  ])('fails when the %s request is above its limit', (resource, resources, value, limit) => {
    expect(() => resolve(devOverriding({ resources }))).toThrow(exactly(own(`resources.requests.${resource}`, value, `expected at most ${limit}`)));
  });

  test.each([
    ['the memory limit', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '2Gi' } }, 'resources.limits.memory', '"2Gi"', '1Gi'],
    ['the CPU limit', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi', cpu: '2' } }, 'resources.limits.cpu', '"2"', '1'],
    ['the CPU request', { requests: { cpu: '1500m', memory: '128Mi' }, limits: { memory: '256Mi' } }, 'resources.requests.cpu', '"1500m"', '1'],
  ])('fails when %s is above the environment\'s LimitRange maximum', (_what, resources, path, value, max) => {
    expect(() => resolve(devWith({ resources }))).toThrow(exactly(
      inherited(path, value, `expected at most the environment's limitRange.max (${max}); the API server would refuse the pods`),
    ));
  });

  test('fails when a CPU request without a CPU limit is above the LimitRange\'s default limit, which the container would get', () => {
    expect(() => resolve(devWith({ resources: { requests: { cpu: '500m', memory: '128Mi' }, limits: { memory: '256Mi' } } }))).not.toThrow();
    expect(() => resolve(devWith({ resources: { requests: { cpu: '800m', memory: '128Mi' }, limits: { memory: '256Mi', cpu: '800m' } } }))).not.toThrow();
    expect(() => resolve(devWith({ resources: { requests: { cpu: '800m', memory: '128Mi' }, limits: { memory: '256Mi' } } }))).toThrow(exactly(
      inherited('resources.requests.cpu', '"800m"', 'expected at most the environment\'s limitRange.default.cpu (500m), the CPU limit a container without one '
        + 'gets; or set resources.limits.cpu'),
    ));
  });

  test('sets no CPU limit and bounds no CPU request per container where the LimitRange states memory only', () => {
    const memoryOnly = {
      quota: { requests: { cpu: '4', memory: '4Gi' }, limits: { memory: '8Gi' } },
      limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '512Mi' }, max: { memory: '1Gi' } },
    };
    const app = resolvedApp(appPlatform([webApp({ resources: { requests: { cpu: '3', memory: '128Mi' }, limits: { memory: '256Mi' } } })], { dev: {} }, memoryOnly));

    expect(app.resources).toEqual({ requests: { cpu: '3', memory: '128Mi' }, limits: { memory: '256Mi' } });
  });

  test.each([
    ['a memory request in milli-units', { requests: { cpu: '100m', memory: '128m' }, limits: { memory: '256Mi' } }, 'resources.requests.memory', '"128m"',
      '128m is 0.128 bytes (m is milli, a thousandth); did you mean 128Mi?'],
    ['a memory limit in milli-units', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512m' } }, 'resources.limits.memory', '"512m"',
      '512m is 0.512 bytes (m is milli, a thousandth); did you mean 512Mi?'],
    ['a fraction of a byte', { requests: { cpu: '100m', memory: '0.5' }, limits: { memory: '256Mi' } }, 'resources.requests.memory', '"0.5"',
      '0.5 is 0.5 bytes; write bytes with a binary suffix, such as 512Mi or 2Gi'],
  ])('fails when memory is %s, naming the unit likely meant', (_what, resources, path, value, why) => {
    expect(() => resolve(devOverriding({ resources }))).toThrow(exactly(own(path, value, `expected a whole number of bytes: ${why}`)));
  });

  test('fails when a volume\'s size is in milli-units', () => {
    expect(() => resolve(devOverriding({ storage: { size: '10m', mountPath: '/data' } }))).toThrow(
      own('storage.size', '"10m"', 'expected a whole number of bytes: 10m is 0.01 bytes (m is milli, a thousandth); did you mean 10Mi?'),
    );
  });

  test('fails when an autoscaled app also has fixed replicas, naming the declaration when the replicas come from it', () => {
    const fixed = 'an autoscaled app has no fixed replicas (the autoscaler owns the count); set replicas: null where autoscaling is used';

    expect(() => resolve(devWith({ replicas: 2, autoscaling: { minReplicas: 1, maxReplicas: 3 } }))).toThrow(exactly(inherited('replicas', '2', fixed)));
    expect(() => resolve(appPlatform([webApp({ replicas: 2 })], { dev: { apps: { web: { autoscaling: { minReplicas: 1, maxReplicas: 3 } } } } })))
      .toThrow(exactly(inherited('replicas', '2', fixed)));
    expect(() => resolve(devOverriding({ replicas: 2, autoscaling: { minReplicas: 1, maxReplicas: 3 } }))).toThrow(exactly(own('replicas', '2', fixed)));
  });

  test('fails when the autoscaler\'s maximum is below its minimum', () => {
    expect(() => resolve(devOverriding({ autoscaling: { minReplicas: 3, maxReplicas: 2 } }))).toThrow(exactly(
      own('autoscaling.maxReplicas', '2', 'expected at least autoscaling.minReplicas (3)'),
    ));
  });

  test('fails when a protected environment autoscales from fewer than 2 replicas', () => {
    expect(() => resolve(productionWith({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }))).toThrow(exactly(
      own('autoscaling.minReplicas', '1', TWO_REPLICAS, 'production'),
    ));
  });

  test('fails when a protected environment\'s autoscaler cannot scale (maximum not above minimum)', () => {
    expect(() => resolve(productionWith({ autoscaling: { minReplicas: 2, maxReplicas: 2 } }))).toThrow(exactly(
      own('autoscaling.maxReplicas', '2', 'protected environments autoscale: expected more than minReplicas (2)', 'production'),
    ));
  });

  test('fails when a protected environment runs fewer than 2 replicas, set or by default', () => {
    expect(() => resolve(productionWith({ replicas: 1 }))).toThrow(exactly(own('replicas', '1', TWO_REPLICAS, 'production')));
    expect(() => resolve(productionWith({}))).toThrow(exactly(inherited('replicas', '1', TWO_REPLICAS, 'production')));
  });

  test('fails when the disruption budget could take every pod at once', () => {
    expect(() => resolve(devWith({ replicas: 3, maxUnavailable: 2 }))).not.toThrow();
    expect(() => resolve(devWith({ replicas: 3, maxUnavailable: 3 }))).toThrow(exactly(
      inherited('maxUnavailable', '3', 'expected fewer than the replica count (3), or an eviction could take every pod at once'),
    ));
    expect(() => resolve(devOverriding({ autoscaling: { minReplicas: 2, maxReplicas: 4 }, maxUnavailable: 2 }))).toThrow(exactly(
      own('maxUnavailable', '2', 'expected fewer than the autoscaler\'s minimum (2), or an eviction could take every pod at once'),
    ));
  });

  describe('fails when a protected environment runs an unpinned image', () => {
    test('the app without a version (a missing value is inherited from nowhere)', () => {
      expect(() => resolve(productionWith({ replicas: 2 }, { version: undefined }))).toThrow(exactly(own('version', 'missing', PINNED, 'production')));
    });

    test('the app at latest, declared or set', () => {
      expect(() => resolve(productionWith({ replicas: 2 }, { version: 'latest' }))).toThrow(exactly(inherited('version', '"latest"', PINNED, 'production')));
      expect(() => resolve(productionWith({ replicas: 2, version: 'latest' }))).toThrow(exactly(own('version', '"latest"', PINNED, 'production')));
    });

  });

  test.each([
    ['both', { name: 'db', existingSecret: 'db', externalStore: { store: 'vault', key: 'k' }, env: { P: 'p' } },
      // Values longer than 80 characters are cut.
      '{"name":"db","existingSecret":"db","externalStore":{"store":"vault","key":"k"...'],
    ['neither', { name: 'db', env: { DB_PASSWORD: 'password' } }, '{"name":"db","env":{"DB_PASSWORD":"password"}}'],
  ])('fails when a secret names %s of existingSecret and externalStore', (_what, secret, rendered) => {
    expect(() => resolve(devWith({ secrets: [secret] }))).toThrow(exactly(inherited('secrets[0]', rendered, ONE_SECRET_SOURCE)));
  });

  test('fails when a secret is neither put in the environment nor mounted', () => {
    expect(() => resolve(devOverriding({ secrets: [{ name: 'db', existingSecret: 'db-credentials' }] }))).toThrow(exactly(
      own('secrets[0]', '{"name":"db","existingSecret":"db-credentials"}', 'expected env (variables from keys) or mountPath; a Secret the app never reads is not needed'),
    ));
  });

  test('fails when two secret references share a name', () => {
    const secrets = [{ name: 'db', existingSecret: 'a', env: { A: 'a' } }, { name: 'db', existingSecret: 'b', mountPath: '/b' }];

    expect(() => resolve(devWith({ secrets }))).toThrow(exactly(inherited('secrets[1].name', '"db"', 'duplicate name; each Secret reference needs its own name')));
  });

  test('fails when a writable path is listed twice', () => {
    expect(() => resolve(devWith({ writablePaths: ['/tmp', '/cache', '/tmp'] }))).toThrow(exactly(
      inherited('writablePaths[2]', '"/tmp"', 'duplicate path: writablePaths[0] mounts a volume there already; each volume needs its own path'),
    ));
  });

  test.each([
    ['a writable path at the config\'s default mount path', { config: { files: {} }, writablePaths: ['/etc/web'] }, 'writablePaths[0]', '"/etc/web"',
      'config.mountPath'],
    ['a mounted Secret at a writable path', { writablePaths: ['/run'], secrets: [{ name: 'tls', existingSecret: 'tls', mountPath: '/run' }] },
      'writablePaths[0]', '"/run"', 'secrets[0].mountPath'],
    ['storage at a writable path', { writablePaths: ['/data'], storage: { size: '1Gi', mountPath: '/data' } }, 'storage.mountPath', '"/data"',
      'writablePaths[0]'],
  ])('fails when two volumes are mounted at one path: %s', (_what, patch, path, value, first) => {
    expect(() => resolve(devWith(patch))).toThrow(exactly(
      inherited(path, value, `duplicate path: ${first} mounts a volume there already; each volume needs its own path`),
    ));
  });

  test('fails when the priority class is not one of the cluster\'s', () => {
    expect(() => resolve(devOverriding({ priorityClass: 'urgent' }))).toThrow(exactly(
      own('priorityClass', '"urgent"', 'expected a PriorityClass of cluster "nonprod": "platform", "app-critical", "app-standard", "app-batch"'),
    ));
  });

  test.each([
    ['recreate', ReleaseStrategy.recreate()],
    ['canary', ReleaseStrategy.canary({ weight: 10, canary: { version: '1.5.0' } })],
    ['blue-green', ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1' }, green: { version: '2' } })],
  ])('fails when an app with storage is released %s', (kind, strategy) => {
    const storage = { size: '10Gi', mountPath: '/data' };

    expect(() => resolve(appPlatform([webApp({ storage })], { dev: { apps: { web: { strategy } } } }))).toThrow(exactly(
      own('strategy.kind', `"${kind}"`, STORAGE_ROLLING),
    ));
  });

  test('fails when an app with storage autoscales', () => {
    expect(() => resolve(devWith({ storage: { size: '10Gi', mountPath: '/data' }, autoscaling: { minReplicas: 1, maxReplicas: 3 } }))).toThrow(exactly(
      inherited('autoscaling', '{"minReplicas":1,"maxReplicas":3}', 'apps with storage keep a fixed replica count; autoscaling a StatefulSet leaves volumes behind'),
    ));
  });

  test('excepts the cluster\'s pod and Service ranges from a dependency CIDR, and fails when one lies inside them, as environment CIDRs do', () => {
    const app = resolve(devWith({ dependencies: { cidrs: [{ cidr: '0.0.0.0/0', ports: [{ port: 443 }] }] } })).environments[0].apps[0];
    expect(app.cidrs).toEqual([{ cidr: '0.0.0.0/0', except: ['10.244.0.0/16', '10.96.0.0/12'], ports: [{ port: 443, protocol: 'TCP' }] }]);
    expect(() => resolve(devWith({ dependencies: { cidrs: [{ cidr: '10.244.0.0/16' }] } }))).toThrow(line(inherited('dependencies.cidrs[0].cidr',
      '"10.244.0.0/16"', 'expected an address range outside the cluster: it lies inside the pod range 10.244.0.0/16 of cluster "nonprod" '
        + '(networking.podSubnets) and could only reach the cluster\'s own pods; open paths inside the cluster with an environment or namespace peer, '
        + 'or an app dependency')));
  });

  test('fails when a dependency CIDR is not a CIDR, or excepts a range outside it, as environment CIDRs do', () => {
    const cidrs = [{ cidr: '10.0.0.0/33' }, { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'], ports: [{ port: 443, endPort: 80 }] }];
    expect(() => resolve(devWith({ dependencies: { cidrs } }))).toThrow(exactly(
      inherited('dependencies.cidrs[0].cidr', '"10.0.0.0/33"', 'expected an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8'),
      inherited('dependencies.cidrs[1].ports[0].endPort', '80', 'expected at least port (443)'),
      inherited('dependencies.cidrs[1].except[0]', '"10.1.0.0/24"', 'expected a CIDR strictly inside 10.0.0.0/16 (a prefix longer than /16)'),
    ));
  });

  test('fails when an app claims a StorageClass the cluster does not declare', () => {
    const definition = withCluster('nonprod', { storage: { classes: [{ name: 'fast', provisioner: 'csi.example.com' }] } },
      devWith({ storage: { size: '10Gi', mountPath: '/data', storageClass: 'slow' } }));
    expect(() => resolve(definition)).toThrow(exactly(
      inherited('storage.storageClass', '"slow"', 'expected a StorageClass of cluster "nonprod": "fast"'),
    ));
  });

  describe('dependencies', () => {
    test('fails when an app depends on itself', () => {
      expect(() => resolve(devWith({ dependencies: { apps: [{ app: 'web', port: 'http' }] } }))).toThrow(exactly(
        inherited('dependencies.apps[0].app', '"web"', 'an app always reaches itself; remove this entry'),
      ));
    });

    test('fails when an app depends on an app disabled in the environment', () => {
      const definition = appPlatform([webApp({ dependencies: { apps: [{ app: 'api', port: 'http' }] } }), apiApp()], {
        dev: { apps: { api: { enabled: false } } },
        qa: {},
      });

      expect(() => resolve(definition)).toThrow(exactly(
        inherited('dependencies.apps[0].app', '"api"', 'app "api" does not run in this environment (enabled: false)'),
      ));
    });

    test('fails when an app depends on an app that is not declared', () => {
      expect(() => resolve(devOverriding({ dependencies: { apps: [{ app: 'cache', port: 'redis' }] } }, [apiApp()]))).toThrow(exactly(
        own('dependencies.apps[0].app', '"cache"', 'expected a declared app: "web", "api"'),
      ));
    });

    test('fails when an app depends on a port the other app does not declare', () => {
      expect(() => resolve(devOverriding({ dependencies: { apps: [{ app: 'api', port: 'admin' }] } }, [apiApp()]))).toThrow(exactly(
        own('dependencies.apps[0].port', '"admin"', 'expected a port of app "api": "http", "grpc"'),
      ));
    });

    test('fails when an app depends on a port of an app without ports', () => {
      const worker = webApp({ name: 'worker', ports: undefined, probes: { readiness: { exec: { command: ['r'] } }, liveness: { exec: { command: ['l'] } } } });

      expect(() => resolve(devWith({ dependencies: { apps: [{ app: 'worker', port: 'http' }] } }, [worker]))).toThrow(exactly(
        inherited('dependencies.apps[0].port', '"http"', 'app "worker" declares no ports'),
      ));
    });

    test('fails when an app lists the same app and port twice (and not when the ports differ)', () => {
      const twice = [{ app: 'api', port: 'http' }, { app: 'api', port: 'grpc' }, { app: 'api', port: 'http' }];
      expect(() => resolve(devWith({ dependencies: { apps: twice.slice(0, 2) } }, [apiApp()]))).not.toThrow();
      expect(() => resolve(devWith({ dependencies: { apps: twice } }, [apiApp()]))).toThrow(exactly(
        inherited('dependencies.apps[2]', '{"app":"api","port":"http"}', 'duplicate entry: dependencies.apps[0] names app "api" port "http" already'),
      ));
    });

    test('records each dependent once per entry, in app order', () => {
      const definition = appPlatform([
        webApp({ dependencies: { apps: [{ app: 'api', port: 'http' }, { app: 'api', port: 'grpc' }] } }),
        apiApp(),
        webApp({ name: 'worker', ingress: undefined, dependencies: { apps: [{ app: 'api', port: 'grpc' }] } }),
      ]);
      expect(resolvedApp(definition, 'dev', 'api').dependents).toEqual([
        { app: 'web', ports: [{ port: 8080, protocol: 'TCP' }] },
        { app: 'web', ports: [{ port: 9000, protocol: 'TCP' }] },
        { app: 'worker', ports: [{ port: 9000, protocol: 'TCP' }] },
      ]);
      expect(resolvedApp(definition, 'dev', 'web').dependents).toEqual([]);
    });

    test('reports only the problems of an invalid app, not the dependencies on it', () => {
      const definition = devWith({ dependencies: { apps: [{ app: 'api', port: 'http' }] } }, [apiApp({ image: 'API' })]);

      expect(() => resolve(definition)).toThrow(exactly(
        'environment "dev": apps.api.image is "API" (inherited from app "api"); expected an image repository without tag or digest, such as '
        + 'registry.example.com/shop/web (set the tag with version)',
      ));
    });
  });

  describe('ports reached over TCP', () => {
    const ports = [{ name: 'http', port: 8080 }, { name: 'dns', port: 5353, protocol: 'UDP' }];

    test('fails when the ingress routes to a UDP port', () => {
      expect(() => resolve(devWith({ ports, ingress: { port: 'dns', host: 'shop.dev.example.com' } }))).toThrow(exactly(
        inherited('ingress.port', '"dns"', 'port "dns" is UDP, and the ingress controller connects over TCP; expected a TCP port: "http"'),
      ));
    });

    test('fails when Prometheus would scrape a UDP port', () => {
      expect(() => resolve(devWith({ ports, metrics: { port: 'dns' } }))).toThrow(exactly(
        inherited('metrics.port', '"dns"', 'port "dns" is UDP, and Prometheus scrapes over TCP; expected a TCP port: "http"'),
      ));
    });

    test('fails when a probe checks a UDP port, naming the TCP ports there are (or that there are none)', () => {
      const probes = { readiness: { tcp: { port: 'dns' } }, liveness: { http: { path: '/healthz', port: 'http' } } };
      expect(() => resolve(devWith({ ports, probes }))).toThrow(exactly(
        inherited('probes.readiness.tcp.port', '"dns"', 'port "dns" is UDP, and the kubelet probes over TCP; expected a TCP port: "http"'),
      ));
      const udpOnly = { ports: [ports[1]], probes: { readiness: { http: { path: '/ready', port: 'dns' } }, liveness: { exec: { command: ['true'] } } } };
      expect(() => resolve(devWith(udpOnly))).toThrow(exactly(
        inherited('probes.readiness.http.port', '"dns"', 'port "dns" is UDP, and the kubelet probes over TCP; expected a TCP port (the app declares none)'),
      ));
    });
  });

  describe('environment variables', () => {
    const secret = (name: string, env: { [variable: string]: string }) => ({ name, existingSecret: `web-${name}`, env });

    test('fails when a Secret\'s variable is named like a plain one', () => {
      expect(() => resolve(devWith({ env: { DB_PASSWORD: 'changeme' }, secrets: [secret('db', { DB_PASSWORD: 'password' })] }))).toThrow(exactly(
        inherited('secrets[0].env.DB_PASSWORD', '"password"', 'duplicate variable: env.DB_PASSWORD sets DB_PASSWORD already; each variable needs exactly one source'),
      ));
    });

    test('fails when two Secrets set the same variable', () => {
      expect(() => resolve(devWith({ secrets: [secret('db', { TOKEN: 'token' }), secret('api', { TOKEN: 'key' })] }))).toThrow(exactly(
        inherited('secrets[1].env.TOKEN', '"key"', 'duplicate variable: secrets[0].env.TOKEN sets TOKEN already; each variable needs exactly one source'),
      ));
    });

    test('names the environment\'s override when it adds the clashing variable', () => {
      expect(() => resolve(appPlatform([webApp({ env: { MODE: 'dev' } })], { dev: { apps: { web: { secrets: [secret('mode', { MODE: 'mode' })] } } } })))
        .toThrow(exactly(
          own('secrets[0].env.MODE', '"mode"', 'duplicate variable: env.MODE sets MODE already; each variable needs exactly one source'),
        ));
    });
  });

  test('fails when two apps publish the same host and path (and not when the paths differ)', () => {
    const ingress = (path: string) => ({ port: 'http', host: 'shop.dev.example.com', path });

    expect(() => resolve(appPlatform([webApp({ ingress: ingress('/') }), apiApp({ ingress: ingress('/api') })]))).not.toThrow();
    expect(() => resolve(appPlatform([webApp({ ingress: ingress('/') }), apiApp()], { dev: { apps: { api: { ingress: ingress('/') } } } }))).toThrow(exactly(
      own('ingress.host', '"shop.dev.example.com"', 'host and path / are already published by app "web"; each app needs its own host or path', 'dev', 'api'),
    ));
  });

  test('names the base when the value comes from the base\'s app overrides', () => {
    expect(() => resolve(appPlatform([webApp()], { dev: {} }, { apps: { web: { priorityClass: 'urgent' } } }))).toThrow(exactly(
      'environment "dev": apps.web.priorityClass is "urgent" (inherited from the base); expected a PriorityClass of cluster "nonprod": "platform", '
      + '"app-critical", "app-standard", "app-batch"',
    ));
  });
});

describe('app schema refusals', () => {
  test.each([
    ['a repository with a tag in it', { image: `${WEB_IMAGE}:1.4.2` }, 'image', `"${WEB_IMAGE}:1.4.2"`,
      'expected an image repository without tag or digest, such as registry.example.com/shop/web (set the tag with version)'],
    ['a repository that is not a string', { image: 7 }, 'image', '7', 'expected an image repository such as registry.example.com/shop/web'],
    ['a bad tag', { version: 'v1 beta' }, 'version', '"v1 beta"', 'expected an image tag such as 1.4.2 (letters, digits, "_", ".", "-"; at most 128)'],
    ['a tag that is not a string', { version: 1.4 }, 'version', '1.4', 'expected an image tag such as 1.4.2'],
    ['a bad digest', { digest: 'sha256:abc' }, 'digest', '"sha256:abc"', 'expected an image digest: "sha256:" and 64 hex digits'],
    ['a wildcard host', { ingress: { port: 'http', host: '*.example.com' } }, 'ingress.host', '"*.example.com"',
      'expected a fully qualified host name such as shop.example.com (no wildcard), at most 240 characters'],
    ['a host that is not a string', { ingress: { port: 'http', host: 1 } }, 'ingress.host', '1', 'expected the host name of this environment'],
    ['an ingress path without a leading slash', { ingress: { port: 'http', host: 'shop.example.com', path: 'shop' } }, 'ingress.path', '"shop"',
      'expected a path starting with "/"'],
    ['a port name in capitals', { ports: [{ name: 'HTTP', port: 8080 }] }, 'ports[0].name', '"HTTP"', PORT_NAME],
    ['a port name longer than 15', { ports: [{ name: 'http-and-more-000', port: 8080 }] }, 'ports[0].name', '"http-and-more-000"', PORT_NAME],
    ['a port name of digits only', { ports: [{ name: '8080', port: 8080 }] }, 'ports[0].name', '"8080"', PORT_NAME],
    ['a port number out of range', { ports: [{ name: 'http', port: 70000 }] }, 'ports[0].port', '70000', 'expected a port number from 1 to 65535'],
    ['a bad env var name', { env: { '1PASS': 'x' } }, 'env.1PASS', '"1PASS"', 'expected an environment variable name: letters, digits and "_", not starting with a digit'],
    ['an env value that is not a string', { env: { PORT: 8080 } }, 'env.PORT', '8080', 'expected a string value'],
    ['a config file name with a slash', { config: { files: { 'a/b.yaml': '' } } }, 'config.files.a/b.yaml', '"a/b.yaml"',
      'expected a file name of letters, digits, "-", "_" and "."'],
    ['a relative mount path', { config: { files: {}, mountPath: 'etc/web' } }, 'config.mountPath', '"etc/web"', 'expected an absolute path such as /tmp'],
    ['a relative writable path', { writablePaths: ['tmp'] }, 'writablePaths[0]', '"tmp"', 'expected an absolute path such as /tmp'],
    ['a secret env key that is empty', { secrets: [{ name: 'db', existingSecret: 'db', env: { P: '' } }] }, 'secrets[0].env.P', '""',
      'expected the key of the Secret'],
    ['an external store key that is empty', { secrets: [{ name: 'db', externalStore: { store: 'vault', key: '' }, mountPath: '/s' }] },
      'secrets[0].externalStore.key', '""', 'expected the key in the store'],
    ['a probe period that is not a number', { probes: { readiness: { tcp: { port: 'http' }, periodSeconds: '10s' }, liveness: { tcp: { port: 'http' } } } },
      'probes.readiness.periodSeconds', '"10s"', 'expected periodSeconds in whole seconds'],
    ['a probe failure threshold of 0', { probes: { readiness: { tcp: { port: 'http' }, failureThreshold: 0 }, liveness: { tcp: { port: 'http' } } } },
      'probes.readiness.failureThreshold', '0', 'expected at least 1'],
    ['a probe path without a leading slash', { probes: { readiness: { http: { path: 'ready', port: 'http' } }, liveness: { tcp: { port: 'http' } } } },
      'probes.readiness.http.path', '"ready"', 'expected a path starting with "/"'],
    ['an exec probe without a command', { probes: { readiness: { exec: { command: [] } }, liveness: { tcp: { port: 'http' } } } },
      'probes.readiness.exec.command', '[]', 'expected a command'],
    ['negative replicas', { replicas: -1 }, 'replicas', '-1', 'expected zero or more replicas'],
    ['replicas that are not whole', { replicas: 1.5 }, 'replicas', '1.5', 'expected a whole number of replicas'],
    ['an autoscaler minimum of 0', { autoscaling: { minReplicas: 0, maxReplicas: 2 } }, 'autoscaling.minReplicas', '0', 'expected at least 1 replica'],
    ['a CPU target above 100', { autoscaling: { minReplicas: 1, maxReplicas: 2, cpuUtilization: 150 } }, 'autoscaling.cpuUtilization', '150',
      'expected a percentage from 1 to 100'],
    ['a memory target that is not whole', { autoscaling: { minReplicas: 1, maxReplicas: 2, memoryUtilization: 50.5 } }, 'autoscaling.memoryUtilization',
      '50.5', 'expected a whole percentage'],
    ['a disruption budget of 0', { maxUnavailable: 0 }, 'maxUnavailable', '0', 'expected at least 1: a budget that allows no eviction blocks node drains'],
    ['enabled that is not a boolean', { enabled: 'yes' }, 'enabled', '"yes"', 'expected true or false'],
    ['kubernetesApiAccess that is not a boolean', { kubernetesApiAccess: 1 }, 'kubernetesApiAccess', '1', 'expected true or false'],
    ['a root user', { runAsUser: 0 }, 'runAsUser', '0', 'expected a non-root user id (1 or more)'],
    ['a metrics path without a leading slash', { metrics: { port: 'http', path: 'metrics' } }, 'metrics.path', '"metrics"', 'expected a path starting with "/"'],
    ['an unknown field', { replica: 2 }, 'replica', '2', `unknown field; allowed fields here: ${APP_FIELDS}`],
  ])('fails when an app has %s', (_what, patch, path, value, allowed) => {
    expect(() => resolve(devWith(patch))).toThrow(exactly(inherited(path, value, allowed)));
  });

  test('fails when an environment sets a bad value, without naming the declaration', () => {
    expect(() => resolve(devOverriding({ version: 'v1 beta', ingress: { port: 'http', host: '*.dev.example.com' } }))).toThrow(exactly(
      own('version', '"v1 beta"', 'expected an image tag such as 1.4.2 (letters, digits, "_", ".", "-"; at most 128)'),
      own('ingress.host', '"*.dev.example.com"', 'expected a fully qualified host name such as shop.example.com (no wildcard), at most 240 characters'),
    ));
  });
});
