import { LIVENESS_PROBE, PROBES_DIFFER, READINESS_PROBE } from '../_lib';
import { changed, cronJob, deployment, findingsOf, messagesOf, pod } from '../fixtures';

const withoutProbes = changed(deployment(), (d) => {
  delete d.spec.template.spec.containers[0].readinessProbe;
  delete d.spec.template.spec.containers[0].livenessProbe;
});

describe('readiness-probe', () => {
  test('passes serving containers with a readiness probe, and jobs and init containers without', () => {
    const init = changed(deployment(), (d) => {
      d.spec.template.spec.initContainers = [{ name: 'migrate', image: 'registry.example.com/migrate:1.0.0' }];
    });
    expect(messagesOf(READINESS_PROBE, [deployment(), init, cronJob(), pod()])).toEqual([]);
  });

  test('fails a serving container without readiness probe', () => {
    expect(findingsOf(READINESS_PROBE, [withoutProbes])).toEqual([
      { object: 'Deployment/shop/web', message: 'container "web" has no readinessProbe', path: 'spec.template.spec.containers[0].readinessProbe' },
    ]);
  });
});

describe('liveness-probe', () => {
  test('passes serving containers with a liveness probe', () => {
    expect(messagesOf(LIVENESS_PROBE, [deployment(), cronJob()])).toEqual([]);
  });

  test('fails a serving container without liveness probe', () => {
    expect(findingsOf(LIVENESS_PROBE, [withoutProbes])).toEqual([
      { object: 'Deployment/shop/web', message: 'container "web" has no livenessProbe', path: 'spec.template.spec.containers[0].livenessProbe' },
    ]);
  });
});

describe('probes-differ', () => {
  test('passes probes on the same port with different paths or timings', () => {
    const sameEndpoint = changed(deployment(), (d) => {
      const c = d.spec.template.spec.containers[0];
      c.livenessProbe = { ...c.readinessProbe, periodSeconds: 30 };
    });
    expect(messagesOf(PROBES_DIFFER, [deployment(), sameEndpoint, withoutProbes])).toEqual([]);
  });

  test('fails identical probes, whatever the key order', () => {
    const identical = changed(deployment(), (d) => {
      const c = d.spec.template.spec.containers[0];
      c.readinessProbe = { periodSeconds: 10, httpGet: { path: '/healthz', port: 'http' } };
      c.livenessProbe = { httpGet: { port: 'http', path: '/healthz' }, periodSeconds: 10 };
    });
    expect(findingsOf(PROBES_DIFFER, [identical])).toEqual([
      { object: 'Deployment/shop/web', message: 'container "web" has identical readiness and liveness probes', path: 'spec.template.spec.containers[0].livenessProbe' },
    ]);
  });
});
