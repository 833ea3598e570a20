import { NO_HOST_NAMESPACES, NO_HOST_PATH, NO_HOST_PORT } from '../_lib';
import { changed, deployment, findingsOf, messagesOf, pod, statefulSet } from '../fixtures';

describe('no-host-namespaces', () => {
  test('passes pods without host namespaces, also with them set to false', () => {
    expect(messagesOf(NO_HOST_NAMESPACES, [deployment(), changed(pod(), (p) => { p.spec.hostNetwork = false; })])).toEqual([]);
  });

  test('fails each host namespace', () => {
    const host = changed(pod(), (p) => Object.assign(p.spec, { hostNetwork: true, hostPID: true, hostIPC: true }));
    expect(findingsOf(NO_HOST_NAMESPACES, [host])).toEqual([
      { object: 'Pod/shop/debug', message: 'pod sets hostNetwork: true', path: 'spec.hostNetwork' },
      { object: 'Pod/shop/debug', message: 'pod sets hostPID: true', path: 'spec.hostPID' },
      { object: 'Pod/shop/debug', message: 'pod sets hostIPC: true', path: 'spec.hostIPC' },
    ]);
  });
});

describe('no-host-path', () => {
  test('passes emptyDir and claim volumes', () => {
    expect(messagesOf(NO_HOST_PATH, [deployment(), statefulSet()])).toEqual([]);
  });

  test('fails a hostPath volume', () => {
    const mounted = changed(deployment(), (d) => {
      d.spec.template.spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } });
    });
    expect(findingsOf(NO_HOST_PATH, [mounted])).toEqual([
      { object: 'Deployment/shop/web', message: 'volume "docker" mounts host path /var/run/docker.sock', path: 'spec.template.spec.volumes[1].hostPath' },
    ]);
  });
});

describe('no-host-port', () => {
  test('passes container ports without hostPort (or hostPort 0)', () => {
    expect(messagesOf(NO_HOST_PORT, [deployment(), changed(deployment('api'), (d) => {
      d.spec.template.spec.containers[0].ports[0].hostPort = 0;
    })])).toEqual([]);
  });

  test('fails a hostPort', () => {
    const bound = changed(deployment(), (d) => { d.spec.template.spec.containers[0].ports[0].hostPort = 80; });
    expect(findingsOf(NO_HOST_PORT, [bound])).toEqual([
      { object: 'Deployment/shop/web', message: 'container "web" binds host port 80 (container port 8080)', path: 'spec.template.spec.containers[0].ports[0].hostPort' },
    ]);
  });
});
