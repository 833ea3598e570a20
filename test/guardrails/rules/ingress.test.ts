import { INGRESS_BACKEND, INGRESS_HOST, INGRESS_TLS } from '../_lib';
import { changed, findingsOf, ingress, messagesOf, service } from '../fixtures';

describe('ingress-tls', () => {
  test('passes hosts listed in spec.tls, also under a wildcard certificate', () => {
    const wildcardCertificate = changed(ingress(), (i) => { i.spec.tls[0].hosts = ['*.example.com']; });
    expect(messagesOf(INGRESS_TLS, [ingress(), wildcardCertificate])).toEqual([]);
  });

  test('fails hosts without TLS; a wildcard certificate covers one label only', () => {
    const plain = changed(ingress(), (i) => { delete i.spec.tls; });
    const deep = changed(ingress(), (i) => {
      i.metadata.name = 'admin';
      i.spec.tls[0].hosts = ['*.example.com'];
      i.spec.rules[0].host = 'admin.shop.example.com';
    });
    expect(findingsOf(INGRESS_TLS, [plain, deep])).toEqual([
      { object: 'Ingress/shop/web', message: 'host "shop.example.com" has no TLS entry in spec.tls', path: 'spec.rules[0].host' },
      { object: 'Ingress/shop/admin', message: 'host "admin.shop.example.com" has no TLS entry in spec.tls', path: 'spec.rules[0].host' },
    ]);
  });
});

describe('ingress-host', () => {
  test('passes rules with exact hosts', () => {
    expect(messagesOf(INGRESS_HOST, [ingress()])).toEqual([]);
  });

  test('fails wildcard hosts, rules without host, and a default backend', () => {
    const catchAll = changed(ingress(), (i) => {
      i.spec.rules.push({ host: '*.example.com', http: i.spec.rules[0].http }, { http: i.spec.rules[0].http });
      i.spec.defaultBackend = { service: { name: 'web', port: { name: 'http' } } };
    });
    expect(findingsOf(INGRESS_HOST, [catchAll])).toEqual([
      { object: 'Ingress/shop/web', message: 'spec.rules[1] has wildcard host "*.example.com"', path: 'spec.rules[1].host' },
      { object: 'Ingress/shop/web', message: 'spec.rules[2] has no host, so it matches every host', path: 'spec.rules[2].host' },
      { object: 'Ingress/shop/web', message: 'sets spec.defaultBackend, which receives every request no rule matches', path: 'spec.defaultBackend' },
    ]);
  });
});

describe('ingress-backend', () => {
  test('passes backends naming an existing Service and port, by name or number', () => {
    const byNumber = changed(ingress(), (i) => { i.spec.rules[0].http.paths[0].backend.service.port = { number: 80 }; });
    expect(messagesOf(INGRESS_BACKEND, [service(), ingress(), byNumber])).toEqual([]);
  });

  test('fails a missing Service and a missing port', () => {
    const wrongPort = changed(ingress(), (i) => { i.spec.rules[0].http.paths[0].backend.service.port = { number: 8080 }; });
    const wrongService = changed(ingress(), (i) => { i.metadata.name = 'api'; i.spec.rules[0].http.paths[0].backend.service.name = 'api'; });
    expect(findingsOf(INGRESS_BACKEND, [service(), wrongPort, wrongService])).toEqual([
      {
        object: 'Ingress/shop/web',
        message: 'spec.rules[0].http.paths[0].backend names port 8080 of Service "web", which it does not have',
        path: 'spec.rules[0].http.paths[0].backend.service.port',
      },
      {
        object: 'Ingress/shop/api',
        message: 'spec.rules[0].http.paths[0].backend names Service "api", which the output does not have',
        path: 'spec.rules[0].http.paths[0].backend',
      },
    ]);
  });
});
