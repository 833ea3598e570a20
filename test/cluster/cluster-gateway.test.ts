import { Testing } from 'cdk8s';
import { ClusterGatewayObjects } from '../../lib/cluster/cluster-gateway';
import { ClusterGateway } from '../../lib/cluster/cluster-model';
import { gatewayErrors } from '../gateway-crds';

const GATEWAY: ClusterGateway = { name: 'platform', namespace: 'gateway', className: 'eg', dataPlaneNamespace: 'envoy-gateway-system', clusterIssuer: 'letsencrypt' };

function render(listeners: Array<{ host: string; namespace: string }>): any[] {
  const chart = Testing.chart();
  new ClusterGatewayObjects(chart, 'Gateway', { gateway: GATEWAY, listeners });
  return Testing.synth(chart);
}

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
  test('renders the namespace and a Gateway with an HTTPS listener per host, sorted, each admitting only its environment\'s routes', () => {
    const objects = render([{ host: 'shop.qa.example.com', namespace: 'qa' }, { host: 'shop.dev.example.com', namespace: 'dev' }]);

    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gateway' } },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'platform', namespace: 'gateway', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
        spec: { gatewayClassName: 'eg', listeners: [listener('shop.dev.example.com', 'dev'), listener('shop.qa.example.com', 'qa')] },
      },
    ]);
  });

  test('renders no Gateway without hosts (the CRD requires a listener), only its namespace', () => {
    expect(render([]).map((o) => o.kind)).toEqual(['Namespace']);
  });
});

describe('ClusterGatewayObjects against the Gateway API CRDs', () => {
  test('the Gateway is valid against the v1 Gateway CRD', () => {
    const gateway = render([{ host: 'shop.dev.example.com', namespace: 'dev' }]).find((o) => o.kind === 'Gateway');

    expect(gatewayErrors(gateway)).toEqual([]);
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
