import { HTTPROUTE_BACKEND, HTTPROUTE_HOST, HTTPROUTE_PARENT } from '../_lib';
import { changed, findingsOf, messagesOf, service } from '../fixtures';

const NS = service().metadata.namespace;

/** The web HTTPRoute: host shop.example.com on listener shop.example.com of Gateway `platform`, to Service web port 80. */
function route(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: NS },
    spec: {
      parentRefs: [{ name: 'platform', namespace: NS, sectionName: 'shop.example.com' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    },
  };
}

/** Gateway `platform` with one HTTPS listener for shop.example.com. */
function gateway(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'platform', namespace: NS },
    spec: { gatewayClassName: 'eg', listeners: [{ name: 'shop.example.com', hostname: 'shop.example.com', port: 443, protocol: 'HTTPS' }] },
  };
}

describe('httproute-host', () => {
  test('passes routes with exact hostnames', () => {
    expect(messagesOf(HTTPROUTE_HOST, [route()])).toEqual([]);
  });

  test('fails a route without hostnames and a wildcard hostname', () => {
    const any = changed(route(), (r) => { delete r.spec.hostnames; });
    const wildcard = changed(route(), (r) => { r.metadata.name = 'api'; r.spec.hostnames = ['*.example.com']; });
    expect(findingsOf(HTTPROUTE_HOST, [any, wildcard])).toEqual([
      { object: `HTTPRoute/${NS}/web`, message: 'has no spec.hostnames, so it matches every host of its listener', path: 'spec.hostnames' },
      { object: `HTTPRoute/${NS}/api`, message: 'spec.hostnames[0] is wildcard host "*.example.com"', path: 'spec.hostnames[0]' },
    ]);
  });
});

describe('httproute-backend', () => {
  test('passes a backend naming an existing Service and port', () => {
    expect(messagesOf(HTTPROUTE_BACKEND, [service(), route()])).toEqual([]);
  });

  test('fails a missing Service and a missing port', () => {
    const wrongPort = changed(route(), (r) => { r.spec.rules[0].backendRefs[0].port = 8080; });
    const wrongService = changed(route(), (r) => { r.metadata.name = 'api'; r.spec.rules[0].backendRefs[0].name = 'api'; });
    expect(findingsOf(HTTPROUTE_BACKEND, [service(), wrongPort, wrongService])).toEqual([
      { object: `HTTPRoute/${NS}/web`, message: 'spec.rules[0].backendRefs[0] names port 8080 of Service "web", which it does not have',
        path: 'spec.rules[0].backendRefs[0].port' },
      { object: `HTTPRoute/${NS}/api`, message: 'spec.rules[0].backendRefs[0] names Service "api", which the output does not have',
        path: 'spec.rules[0].backendRefs[0]' },
    ]);
  });
});

describe('httproute-parent', () => {
  test('passes a route on a listener serving its host, and a route whose Gateway is rendered elsewhere', () => {
    const elsewhere = changed(route(), (r) => { r.spec.parentRefs[0].name = 'other'; });
    expect(messagesOf(HTTPROUTE_PARENT, [gateway(), route(), elsewhere])).toEqual([]);
  });

  test('fails a listener the Gateway lacks, and a listener serving another host', () => {
    const missing = changed(route(), (r) => { r.spec.parentRefs[0].sectionName = 'https'; });
    const foreign = changed(route(), (r) => { r.metadata.name = 'api'; r.spec.hostnames = ['api.example.com']; });
    expect(findingsOf(HTTPROUTE_PARENT, [gateway(), missing, foreign])).toEqual([
      { object: `HTTPRoute/${NS}/web`, message: 'spec.parentRefs[0].sectionName names listener "https", which Gateway "platform" does not have',
        path: 'spec.parentRefs[0].sectionName' },
      { object: `HTTPRoute/${NS}/api`, message: 'host "api.example.com" is not served by listener "shop.example.com" (hostname "shop.example.com")',
        path: 'spec.parentRefs[0].sectionName' },
    ]);
  });
});
