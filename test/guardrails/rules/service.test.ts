import { SERVICE_EXPOSURE, SERVICE_SELECTOR, SERVICE_TARGET_PORTS } from '../_lib';
import { changed, deployment, findingsOf, messagesOf, service, statefulSet } from '../fixtures';

const pods = [deployment(), statefulSet()];

describe('service-selector', () => {
  test('passes Services that select pods, and Services without selector (own Endpoints) or ExternalName', () => {
    const external = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } };
    const manual = changed(service('legacy'), (s) => { delete s.spec.selector; });
    expect(messagesOf(SERVICE_SELECTOR, [...pods, service(), service('store', 'store', 6379), external, manual])).toEqual([]);
  });

  test('fails a selector that matches no pod', () => {
    expect(findingsOf(SERVICE_SELECTOR, [...pods, service('api')])).toEqual([
      { object: 'Service/shop/api', message: 'spec.selector {app=api} matches no pod', path: 'spec.selector' },
    ]);
  });
});

describe('service-target-ports', () => {
  test('passes named and numeric target ports the pods declare, and a port without targetPort', () => {
    const numeric = changed(service(), (s) => { s.spec.ports[0].targetPort = 8080; });
    const implicit = changed(service('store', 'store', 6379), (s) => { delete s.spec.ports[0].targetPort; });
    expect(messagesOf(SERVICE_TARGET_PORTS, [...pods, service(), numeric, implicit])).toEqual([]);
  });

  test('fails a target port some selected workload does not declare, by name, number or protocol', () => {
    const byName = changed(service(), (s) => { s.spec.ports[0].targetPort = 'https'; });
    const byNumber = changed(service(), (s) => { s.spec.ports = [{ port: 80, targetPort: 8081 }]; });
    const udp = changed(service('store', 'store', 6379), (s) => { s.spec.ports[0].protocol = 'UDP'; });
    // Two tracks behind one Service (canary): the canary forgot the port.
    const canary = changed(deployment('web-canary'), (d) => {
      d.spec.template.metadata.labels = { app: 'web', track: 'canary' };
      d.spec.selector.matchLabels = { app: 'web', track: 'canary' };
      d.spec.template.spec.containers[0].ports[0].name = 'web';
    });
    expect(findingsOf(SERVICE_TARGET_PORTS, [...pods, canary, byName, byNumber, udp])).toEqual([
      { object: 'Service/shop/web', message: 'port "http" (80) targets port "https"/TCP, which no container of Deployment/web declares', path: 'spec.ports[0].targetPort' },
      {
        object: 'Service/shop/web',
        message: 'port "http" (80) targets port "https"/TCP, which no container of Deployment/web-canary declares',
        path: 'spec.ports[0].targetPort',
      },
      { object: 'Service/shop/web', message: 'port 80 targets port 8081/TCP, which no container of Deployment/web declares', path: 'spec.ports[0].targetPort' },
      { object: 'Service/shop/web', message: 'port 80 targets port 8081/TCP, which no container of Deployment/web-canary declares', path: 'spec.ports[0].targetPort' },
      {
        object: 'Service/shop/store',
        message: 'port "store" (6379) targets port "store"/UDP, which no container of StatefulSet/store declares',
        path: 'spec.ports[0].targetPort',
      },
    ]);
  });
});

describe('service-exposure', () => {
  test('passes ClusterIP and headless Services', () => {
    const headless = changed(service('store', 'store', 6379), (s) => { s.spec.clusterIP = 'None'; });
    expect(messagesOf(SERVICE_EXPOSURE, [service(), headless])).toEqual([]);
  });

  test('fails NodePort, LoadBalancer and externalIPs', () => {
    const nodePort = changed(service(), (s) => { s.spec.type = 'NodePort'; });
    const lb = changed(service('store', 'store', 6379), (s) => { s.spec.type = 'LoadBalancer'; s.spec.externalIPs = ['203.0.113.10']; });
    expect(findingsOf(SERVICE_EXPOSURE, [nodePort, lb])).toEqual([
      { object: 'Service/shop/web', message: 'is of type NodePort', path: 'spec.type' },
      { object: 'Service/shop/store', message: 'is of type LoadBalancer', path: 'spec.type' },
      { object: 'Service/shop/store', message: 'sets externalIPs 203.0.113.10', path: 'spec.externalIPs' },
    ]);
  });
});
