import {
  DROP_CAPABILITIES, NO_PRIVILEGED, NO_PRIVILEGE_ESCALATION, READ_ONLY_ROOT_FILESYSTEM, RUN_AS_NON_ROOT, SECCOMP_PROFILE,
} from '../_lib';
import { changed, cronJob, deployment, findingsOf, messagesOf, pod, statefulSet } from '../fixtures';

const good = [deployment(), statefulSet(), cronJob(), pod()];

/** The web Deployment with its container's securityContext changed. */
function withContainerContext(change: (sc: any) => void): any {
  return changed(deployment(), (d) => change(d.spec.template.spec.containers[0].securityContext));
}

describe('no-privileged', () => {
  test('passes unprivileged containers, also with privileged: false', () => {
    expect(messagesOf(NO_PRIVILEGED, [...good, withContainerContext((sc) => { sc.privileged = false; })])).toEqual([]);
  });

  test('fails a privileged container', () => {
    expect(findingsOf(NO_PRIVILEGED, [withContainerContext((sc) => { sc.privileged = true; })])).toEqual([
      { object: 'Deployment/shop/web', message: 'container "web" sets securityContext.privileged: true', path: 'spec.template.spec.containers[0].securityContext.privileged' },
    ]);
  });
});

describe('no-privilege-escalation', () => {
  test('passes containers that set allowPrivilegeEscalation: false', () => {
    expect(messagesOf(NO_PRIVILEGE_ESCALATION, good)).toEqual([]);
  });

  test('fails true, and unset (it defaults to true)', () => {
    expect(messagesOf(NO_PRIVILEGE_ESCALATION, [
      withContainerContext((sc) => { sc.allowPrivilegeEscalation = true; }),
      changed(statefulSet(), (s) => { delete s.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation; }),
    ])).toEqual([
      'Deployment/shop/web: container "web" sets securityContext.allowPrivilegeEscalation: true',
      'StatefulSet/shop/store: container "store" does not set securityContext.allowPrivilegeEscalation: false (it defaults to true)',
    ]);
  });
});

describe('run-as-non-root', () => {
  test('passes runAsNonRoot on the pod or on every container', () => {
    const onContainer = changed(deployment(), (d) => {
      delete d.spec.template.spec.securityContext.runAsNonRoot;
      d.spec.template.spec.containers[0].securityContext.runAsNonRoot = true;
    });
    expect(messagesOf(RUN_AS_NON_ROOT, [...good, onContainer])).toEqual([]);
  });

  test('fails a container that may run as root, or runs as user 0 (a container value overrides the pod\'s)', () => {
    const unset = changed(deployment(), (d) => { delete d.spec.template.spec.securityContext.runAsNonRoot; });
    const root = changed(statefulSet(), (s) => { s.spec.template.spec.containers[0].securityContext.runAsUser = 0; });
    const overridden = changed(cronJob(), (c) => { c.spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot = false; });
    expect(findingsOf(RUN_AS_NON_ROOT, [unset, root, overridden])).toEqual([
      {
        object: 'Deployment/shop/web',
        message: 'container "web" does not set runAsNonRoot: true (on the pod or the container)',
        path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      },
      { object: 'StatefulSet/shop/store', message: 'container "store" runs as user 0 (root)', path: 'spec.template.spec.containers[0].securityContext.runAsUser' },
      {
        object: 'CronJob/shop/report',
        message: 'container "report" does not set runAsNonRoot: true (on the pod or the container)',
        path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot',
      },
    ]);
  });
});

describe('read-only-root-filesystem', () => {
  test('passes read-only root filesystems', () => {
    expect(messagesOf(READ_ONLY_ROOT_FILESYSTEM, good)).toEqual([]);
  });

  test('fails a writable root filesystem, in init containers too', () => {
    const init = changed(deployment(), (d) => {
      d.spec.template.spec.initContainers = [{ name: 'migrate', image: 'registry.example.com/migrate:1.0.0' }];
    });
    expect(findingsOf(READ_ONLY_ROOT_FILESYSTEM, [init])).toEqual([
      {
        object: 'Deployment/shop/web',
        message: 'init container "migrate" does not set securityContext.readOnlyRootFilesystem: true',
        path: 'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem',
      },
    ]);
  });
});

describe('drop-capabilities', () => {
  test('passes drop ALL, with NET_BIND_SERVICE added back', () => {
    expect(messagesOf(DROP_CAPABILITIES, [...good, withContainerContext((sc) => { sc.capabilities.add = ['NET_BIND_SERVICE']; })])).toEqual([]);
  });

  test('fails a container that keeps capabilities or adds others', () => {
    expect(messagesOf(DROP_CAPABILITIES, [
      withContainerContext((sc) => { sc.capabilities = { drop: ['NET_RAW'], add: ['NET_ADMIN', 'SYS_TIME'] }; }),
    ])).toEqual([
      'Deployment/shop/web: container "web" does not drop ALL capabilities',
      'Deployment/shop/web: container "web" adds capability NET_ADMIN',
      'Deployment/shop/web: container "web" adds capability SYS_TIME',
    ]);
  });
});

describe('seccomp-profile', () => {
  test('passes RuntimeDefault on the pod, Localhost on a container', () => {
    const localhost = changed(deployment(), (d) => {
      delete d.spec.template.spec.securityContext.seccompProfile;
      d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' };
    });
    expect(messagesOf(SECCOMP_PROFILE, [...good, localhost])).toEqual([]);
  });

  test('fails no profile, and Unconfined on a container', () => {
    const none = changed(deployment(), (d) => { delete d.spec.template.spec.securityContext.seccompProfile; });
    const unconfined = changed(statefulSet(), (s) => {
      s.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' };
    });
    expect(findingsOf(SECCOMP_PROFILE, [none, unconfined])).toEqual([
      {
        object: 'Deployment/shop/web',
        message: 'container "web" has no seccomp profile (set RuntimeDefault on the pod or the container)',
        path: 'spec.template.spec.containers[0].securityContext.seccompProfile',
      },
      {
        object: 'StatefulSet/shop/store',
        message: 'container "store" uses seccomp profile Unconfined',
        path: 'spec.template.spec.containers[0].securityContext.seccompProfile',
      },
    ]);
  });
});
