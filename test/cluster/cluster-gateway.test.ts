import { Testing } from 'cdk8s';
import { ClusterGatewayObjects } from '../../lib/cluster/cluster-gateway';
import { ClusterGateway } from '../../lib/cluster/cluster-model';
import { gatewayErrors } from '../gateway-crds';

const GATEWAY: ClusterGateway = { name: 'platform', namespace: 'gateway', className: 'eg', dataPlaneNamespace: 'envoy-gateway-system', clusterIssuer: 'letsencrypt' };

function render(listeners: Array<{ host: string; namespace: string }>, gateway: ClusterGateway = GATEWAY): any[] {
  const chart = Testing.chart();
  new ClusterGatewayObjects(chart, 'Gateway', { gateway, listeners, podSecurityVersion: 'v1.35' });
  return Testing.synth(chart);
}

/** The Pod Security labels of the Gateway's namespace, every mode pinned to v1.35. */
function podSecurity(enforce: string) {
  return {
    'pod-security.kubernetes.io/enforce': enforce,
    'pod-security.kubernetes.io/enforce-version': 'v1.35',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': 'v1.35',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'v1.35',
  };
}

/** The plain-HTTP listener: every host, routes from the Gateway's own namespace only. */
const HTTP_LISTENER = {
  name: 'http',
  port: 80,
  protocol: 'HTTP',
  allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], namespaces: { from: 'Same' } },
};

/** What a listener of `host` admitting routes of `namespace` is. */
function listener(host: string, namespace: string) {
  return {
    name: host,
    hostname: host,
    port: 443,
    protocol: 'HTTPS',
    tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: `${host}-tls` }] },
    allowedRoutes: {
      kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
      namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [namespace] }] } },
    },
  };
}

describe('ClusterGatewayObjects', () => {
  test('renders the restricted namespace, a Gateway with an HTTPS listener per host, sorted, each admitting only its environment\'s routes, '
    + 'and a plain-HTTP listener whose only route redirects those hosts to HTTPS', () => {
    const objects = render([{ host: 'shop.qa.example.com', namespace: 'qa' }, { host: 'shop.dev.example.com', namespace: 'dev' }]);

    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gateway', labels: podSecurity('restricted') } },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'platform', namespace: 'gateway', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
        spec: { gatewayClassName: 'eg', listeners: [listener('shop.dev.example.com', 'dev'), listener('shop.qa.example.com', 'qa'), HTTP_LISTENER] },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'platform-https-redirect', namespace: 'gateway' },
        spec: {
          parentRefs: [{ name: 'platform', sectionName: 'http' }],
          hostnames: ['shop.dev.example.com', 'shop.qa.example.com'],
          rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
        },
      },
    ]);
  });

  test('enforces baseline (restricted audited and warned) where the data plane runs in the Gateway\'s namespace', () => {
    const objects = render([{ host: 'shop.dev.example.com', namespace: 'dev' }], { ...GATEWAY, dataPlaneNamespace: 'gateway' });

    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gateway', labels: podSecurity('baseline') } });
  });

  test('renders no Gateway and no redirect without hosts (the CRD requires a listener), only its namespace', () => {
    expect(render([]).map((o) => o.kind)).toEqual(['Namespace']);
  });
});

describe('ClusterGatewayObjects against the Gateway API CRDs', () => {
  test('the Gateway and the redirect route are valid against the v1 Gateway and HTTPRoute CRDs', () => {
    const objects = render([{ host: 'shop.dev.example.com', namespace: 'dev' }]);

    expect(objects.filter((o) => o.kind === 'Gateway' || o.kind === 'HTTPRoute').map((o) => [o.kind, gatewayErrors(o)])).toEqual([
      ['Gateway', []], ['HTTPRoute', []],
    ]);
  });

  test('the validation refuses what the CRD refuses: a listener without port, an unknown field', () => {
    const gateway = render([{ host: 'shop.dev.example.com', namespace: 'dev' }]).find((o) => o.kind === 'Gateway');
    const listener = { ...gateway.spec.listeners[0], hostnames: ['x'] };
    delete listener.port;
    const broken = { ...gateway, spec: { ...gateway.spec, listeners: [listener] } };

    expect(gatewayErrors(broken)).toEqual([
      "/spec/listeners/0 must have required property 'port'",
      '/spec/listeners/0 must NOT have additional properties (hostnames)',
    ]);
  });
});
