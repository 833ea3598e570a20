import { POD_SECURITY_ADMISSION } from '../_lib';
import { changed, cronJob, deployment, findingsOf, messagesOf, namespace, pod, statefulSet } from '../fixtures';

/** A pod as Kubernetes' documentation writes it: no security context at all. */
const plain = changed(pod(), (p) => {
  delete p.spec.securityContext;
  delete p.spec.containers[0].securityContext;
});

describe('pod-security-admission', () => {
  test('passes hardened pods in a restricted namespace', () => {
    expect(messagesOf(POD_SECURITY_ADMISSION, [namespace(), deployment(), statefulSet(), cronJob(), pod()])).toEqual([]);
  });

  test('passes a plain pod where the namespace enforces baseline and the environment is not protected', () => {
    expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline'), plain])).toEqual([]);
  });

  test('fails what restricted refuses, in the API server\'s words', () => {
    expect(findingsOf(POD_SECURITY_ADMISSION, [namespace(), plain])).toEqual([{
      object: 'Pod/shop/debug',
      message: 'would violate PodSecurity "restricted:v1.27": '
        + 'allowPrivilegeEscalation != false (container "debug" must set securityContext.allowPrivilegeEscalation=false), '
        + 'runAsNonRoot != true (pod or container "debug" must set securityContext.runAsNonRoot=true), '
        + 'seccompProfile (pod or container "debug" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"), '
        + 'unrestricted capabilities (container "debug" must set securityContext.capabilities.drop=["ALL"])',
      path: 'spec',
    }]);
  });

  test('holds protected environments to restricted even where the namespace enforces less', () => {
    expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline'), plain], { protected: true })).toEqual([
      'Pod/shop/debug: would violate PodSecurity "restricted:v1.27": '
      + 'allowPrivilegeEscalation != false (container "debug" must set securityContext.allowPrivilegeEscalation=false), '
      + 'runAsNonRoot != true (pod or container "debug" must set securityContext.runAsNonRoot=true), '
      + 'seccompProfile (pod or container "debug" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"), '
      + 'unrestricted capabilities (container "debug" must set securityContext.capabilities.drop=["ALL"])',
    ]);
  });

  test('fails what baseline refuses in a baseline namespace: host access, privilege, capabilities, unsafe sysctls and volumes', () => {
    const dangerous = changed(deployment(), (d) => {
      const spec = d.spec.template.spec;
      Object.assign(spec, { hostNetwork: true, hostPID: true });
      spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '65536' }];
      spec.volumes.push({ name: 'root', hostPath: { path: '/' } });
      Object.assign(spec.containers[0].securityContext, { privileged: true, procMount: 'Unmasked', capabilities: { add: ['NET_ADMIN', 'CHOWN'] } });
      spec.containers[0].ports[0].hostPort = 80;
      d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' };
    });
    expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline'), dangerous])).toEqual([
      'Deployment/shop/web: would violate PodSecurity "baseline:v1.27": host namespaces (hostNetwork=true, hostPID=true), '
      + 'privileged (container "web" must not set securityContext.privileged=true), '
      + 'non-default capabilities (container "web" must not include "NET_ADMIN" in securityContext.capabilities.add), '
      + 'hostPath volumes (volume "root"), hostPort (container "web" uses hostPort 80), '
      + 'forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/web="unconfined"), '
      + 'procMount (container "web" must not set securityContext.procMount to "Unmasked"), forbidden sysctls (kernel.msgmax)',
    ]);
  });

  test('fails restricted volume types and root users in a restricted namespace', () => {
    const nfs = changed(statefulSet(), (s) => {
      s.spec.template.spec.volumes.push({ name: 'share', nfs: { server: 'nfs.example.com', path: '/share' } });
      s.spec.template.spec.securityContext.runAsUser = 0;
    });
    expect(messagesOf(POD_SECURITY_ADMISSION, [namespace(), nfs])).toEqual([
      'StatefulSet/shop/store: would violate PodSecurity "restricted:v1.27": restricted volume types (volume "share" uses restricted volume type "nfs"), '
      + 'runAsUser=0 (pod must not set runAsUser=0)',
    ]);
  });

  test('checks nothing where the namespace is privileged (or unknown) and the environment is not protected', () => {
    expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'privileged'), plain])).toEqual([]);
    expect(messagesOf(POD_SECURITY_ADMISSION, [plain])).toEqual([]);
  });
});
