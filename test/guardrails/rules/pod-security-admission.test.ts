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
      message: 'would violate PodSecurity "restricted:v1.33": '
        + 'allowPrivilegeEscalation != false (container "debug" must set securityContext.allowPrivilegeEscalation=false), '
        + 'runAsNonRoot != true (pod or container "debug" must set securityContext.runAsNonRoot=true), '
        + 'seccompProfile (pod or container "debug" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"), '
        + 'unrestricted capabilities (container "debug" must set securityContext.capabilities.drop=["ALL"])',
      path: 'spec',
    }]);
  });

  test('holds protected environments to restricted even where the namespace enforces less', () => {
    expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline'), plain], { protected: true })).toEqual([
      'Pod/shop/debug: would violate PodSecurity "restricted:v1.33": '
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
      'Deployment/shop/web: would violate PodSecurity "baseline:v1.33": host namespaces (hostNetwork=true, hostPID=true), '
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
      'StatefulSet/shop/store: would violate PodSecurity "restricted:v1.33": restricted volume types (volume "share" uses restricted volume type "nfs"), '
      + 'runAsUser=0 (pod must not set runAsUser=0)',
    ]);
  });

  test('checks nothing where the namespace is privileged (or unknown) and the environment is not protected', () => {
    expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'privileged'), plain])).toEqual([]);
    expect(messagesOf(POD_SECURITY_ADMISSION, [plain])).toEqual([]);
  });

  describe('evaluates the policy version the namespace pins, never newer than the cluster', () => {
    const withSysctl = (name: string) => changed(deployment(), (d) => {
      d.spec.template.spec.securityContext.sysctls = [{ name, value: '1' }];
    });

    test('allows the sysctls each version added: tcp_keepalive_time from 1.29, tcp_rmem from 1.32', () => {
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.28'), withSysctl('net.ipv4.tcp_keepalive_time')])).toEqual([
        'Deployment/shop/web: would violate PodSecurity "baseline:v1.28": forbidden sysctls (net.ipv4.tcp_keepalive_time)',
      ]);
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.29'), withSysctl('net.ipv4.tcp_keepalive_time')])).toEqual([]);
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.31'), withSysctl('net.ipv4.tcp_rmem')])).toEqual([
        'Deployment/shop/web: would violate PodSecurity "baseline:v1.31": forbidden sysctls (net.ipv4.tcp_rmem)',
      ]);
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.32'), withSysctl('net.ipv4.tcp_rmem')])).toEqual([]);
    });

    test('evaluates `latest`, and a version newer than the cluster, as the cluster\'s own minor', () => {
      // tcp_slow_start_after_idle is allowed from 1.37 (check_sysctls.go): a 1.36 API server refuses it even when the
      // namespace pins v1.37 or latest.
      const slowStart = withSysctl('net.ipv4.tcp_slow_start_after_idle');
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'latest'), slowStart], { kubernetesVersion: 'v1.36.1' })).toEqual([
        'Deployment/shop/web: would violate PodSecurity "baseline:latest": forbidden sysctls (net.ipv4.tcp_slow_start_after_idle)',
      ]);
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.32'), withSysctl('net.ipv4.tcp_rmem')], { kubernetesVersion: 'v1.31.0' })).toEqual([
        'Deployment/shop/web: would violate PodSecurity "baseline:v1.32": forbidden sysctls (net.ipv4.tcp_rmem)',
      ]);
    });

    test('refuses a probe or lifecycle handler naming a host from 1.34 on', () => {
      const probing = changed(deployment(), (d) => {
        const c = d.spec.template.spec.containers[0];
        c.livenessProbe = { httpGet: { host: '10.0.0.1', path: '/healthz', port: 8080 } };
        c.lifecycle = { preStop: { tcpSocket: { host: 'metadata.internal', port: 80 } } };
      });
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.33'), probing])).toEqual([]);
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.34'), probing], { kubernetesVersion: 'v1.34.3' })).toEqual([
        'Deployment/shop/web: would violate PodSecurity "baseline:v1.34": probe or lifecycle host (container "web" uses probe or lifecycle hosts "10.0.0.1", "metadata.internal")',
      ]);
    });

    test('allows SELinux type container_engine_t from 1.31 on', () => {
      const engine = changed(deployment(), (d) => {
        d.spec.template.spec.securityContext.seLinuxOptions = { type: 'container_engine_t' };
      });
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.30'), engine])).toEqual([
        'Deployment/shop/web: would violate PodSecurity "baseline:v1.30": seLinuxOptions (forbidden securityContext.seLinuxOptions {"type":"container_engine_t"})',
      ]);
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.31'), engine])).toEqual([]);
    });

    test('from 1.35, a pod in a user namespace passes runAsNonRoot, runAsUser and baseline procMount; restricted keeps procMount', () => {
      const userNamespace = changed(deployment(), (d) => {
        const spec = d.spec.template.spec;
        spec.hostUsers = false;
        spec.securityContext.runAsNonRoot = false;
        spec.securityContext.runAsUser = 0;
        spec.containers[0].securityContext.procMount = 'Unmasked';
        delete spec.containers[0].securityContext.runAsNonRoot;
        delete spec.containers[0].securityContext.runAsUser;
      });
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'restricted', 'v1.34'), userNamespace], { kubernetesVersion: 'v1.35.1' })).toEqual([
        'Deployment/shop/web: would violate PodSecurity "restricted:v1.34": '
        + 'procMount (container "web" must not set securityContext.procMount to "Unmasked"), '
        + 'runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true), runAsUser=0 (pod must not set runAsUser=0)',
      ]);
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'restricted', 'v1.35'), userNamespace], { kubernetesVersion: 'v1.35.1' })).toEqual([
        'Deployment/shop/web: would violate PodSecurity "restricted:v1.35": procMount (container "web" must not set securityContext.procMount to "Unmasked")',
      ]);
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline', 'v1.35'), userNamespace], { kubernetesVersion: 'v1.35.1' })).toEqual([]);
    });

    test('refuses an appArmorProfile field other than RuntimeDefault or Localhost, on the pod and on containers', () => {
      const unconfined = changed(deployment(), (d) => {
        d.spec.template.spec.securityContext.appArmorProfile = { type: 'Unconfined' };
        d.spec.template.spec.containers[0].securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-web' };
      });
      expect(messagesOf(POD_SECURITY_ADMISSION, [namespace('shop', 'baseline'), unconfined])).toEqual([
        'Deployment/shop/web: would violate PodSecurity "baseline:v1.33": forbidden AppArmor profile (pod must not set securityContext.appArmorProfile.type to "Unconfined")',
      ]);
    });
  });
});
