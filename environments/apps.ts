import { AppDefinition, Protocol } from '../lib/definitions';

/** The shop's public front end: TLS on the environment's host, autoscaled where it matters. */
export const web: AppDefinition = {
  name: 'web',
  image: 'registry.example.com/shop/web',
  ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }],
  ingress: { port: 'http', host: 'shop.dev.example.com' },
  env: { API_URL: 'http://api:8080', LOG_LEVEL: 'info' },
  dependencies: { apps: [{ app: 'api', port: 'http' }] },
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  probes: {
    readiness: { http: { path: '/ready', port: 'http' } },
    liveness: { http: { path: '/healthz', port: 'http' }, periodSeconds: 20 },
  },
  replicas: 1,
  writablePaths: ['/tmp'],
  metrics: { port: 'metrics' },
  priorityClass: 'app-critical',
};

/** The shop's API: config file, database credentials by reference, a payment provider outside the cluster. */
export const api: AppDefinition = {
  name: 'api',
  image: 'registry.example.com/shop/api',
  ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }],
  config: { files: { 'application.yaml': 'server:\n  port: 8080\nstore:\n  host: store\n  port: 6379\n' } },
  secrets: [
    { name: 'store', existingSecret: 'store-credentials', env: { STORE_PASSWORD: 'password' } },
    // Provisioned by the payments team's own pipeline; an `externalStore` reference would need the External Secrets
    // CRD at synth time so the guardrails can check the ExternalSecret (see README, Guardrails).
    { name: 'payments', existingSecret: 'payments-api', mountPath: '/var/run/secrets/payments' },
  ],
  dependencies: {
    apps: [{ app: 'store', port: 'store' }],
    cidrs: [{ cidr: '203.0.113.0/24', ports: [{ port: 443, protocol: Protocol.TCP }] }],
  },
  resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  probes: {
    readiness: { http: { path: '/ready', port: 'http' } },
    liveness: { http: { path: '/live', port: 'http' }, periodSeconds: 20 },
    startup: { http: { path: '/live', port: 'http' }, failureThreshold: 30 },
  },
  replicas: 1,
  writablePaths: ['/tmp'],
  metrics: { port: 'metrics' },
  priorityClass: 'app-critical',
};

/** Background jobs from the store's queue: no Service, rolling updates. */
export const worker: AppDefinition = {
  name: 'worker',
  image: 'registry.example.com/shop/worker',
  secrets: [{ name: 'store', existingSecret: 'store-credentials', env: { STORE_PASSWORD: 'password' } }],
  dependencies: {
    apps: [{ app: 'store', port: 'store' }],
    cidrs: [{ cidr: '198.51.100.0/24', ports: [{ port: 587, protocol: Protocol.TCP }] }],
  },
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  probes: {
    readiness: { exec: { command: ['/app/worker', 'check', '--ready'] } },
    liveness: { exec: { command: ['/app/worker', 'check', '--alive'] }, periodSeconds: 30 },
  },
  replicas: 1,
  writablePaths: ['/tmp'],
  priorityClass: 'app-batch',
};

/** A replicated key-value store: a StatefulSet with a volume per pod. */
export const store: AppDefinition = {
  name: 'store',
  image: 'registry.example.com/shop/store',
  ports: [{ name: 'store', port: 6379 }],
  secrets: [{ name: 'credentials', existingSecret: 'store-credentials', env: { STORE_PASSWORD: 'password' } }],
  resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
  probes: {
    readiness: { exec: { command: ['store-cli', 'ping'] } },
    liveness: { tcp: { port: 'store' }, periodSeconds: 20 },
  },
  replicas: 1,
  storage: { size: '10Gi', mountPath: '/data' },
  writablePaths: ['/tmp'],
  runAsUser: 999,
  priorityClass: 'app-critical',
};

/** The apps, each run in every environment. */
export const apps: AppDefinition[] = [web, api, worker, store];
