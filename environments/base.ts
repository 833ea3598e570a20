import { EnvironmentSettings, PodSecurityLevel, StateBackendKind } from '../lib/definitions';

/** What every environment shares; each environment file states only what differs. */
export const base: EnvironmentSettings = {
  protected: false,
  podSecurity: { enforce: PodSecurityLevel.BASELINE, audit: PodSecurityLevel.RESTRICTED, warn: PodSecurityLevel.RESTRICTED },
  // CPU is shared by requests and never limited: a CPU limit throttles a container even on an idle node. Memory is
  // bounded by limits. So the quota counts CPU requests and memory limits, and the LimitRange gives no CPU limit.
  quota: {
    requests: { cpu: '4', memory: '8Gi' },
    limits: { memory: '16Gi' },
    storage: '50Gi',
    pods: 50,
    services: 20,
    persistentVolumeClaims: 10,
  },
  limitRange: {
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    default: { memory: '512Mi' },
    max: { memory: '4Gi' },
  },
  access: {
    bindings: [
      { group: 'platform-team', role: 'admin' },
      { group: 'app-developers', role: 'developer' },
      { group: 'support', role: 'viewer' },
    ],
  },
  // Each app opens exactly the paths it declares (the Gateway's proxies → its published port, its dependencies), so
  // the namespace-wide allows are off.
  network: { allowIngressController: false, allowSameNamespace: false },
  // Every stack here is deployed by a pipeline: its state must outlive the runner (a Secret on the environment's cluster).
  state: { kind: StateBackendKind.KUBERNETES },
};
