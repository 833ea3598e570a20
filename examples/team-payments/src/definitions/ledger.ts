import { AppDefinition, Protocol } from '@platform/multi-env/definitions';

/** The ledger API: its database outside the cluster, credentials by reference, TLS on the environment's host. */
export const ledger: AppDefinition = {
  name: 'ledger',
  image: 'registry.example.com/payments/ledger',
  ports: [{ name: 'http', port: 8080 }],
  ingress: { port: 'http', host: 'ledger.staging.payments.example.com' },
  secrets: [{ name: 'database', existingSecret: 'ledger-database', env: { DATABASE_PASSWORD: 'password' } }],
  dependencies: { cidrs: [{ cidr: '10.60.0.0/16', ports: [{ port: 5432, protocol: Protocol.TCP }] }] },
  resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  probes: {
    readiness: { http: { path: '/ready', port: 'http' } },
    liveness: { http: { path: '/healthz', port: 'http' }, periodSeconds: 20 },
  },
  replicas: 2,
  writablePaths: ['/tmp'],
};
