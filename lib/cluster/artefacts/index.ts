export * from './cluster-artefact';
export * from './registry';
export * from './audit-policy';
export * from './cluster-api';
export * from './encryption-config';
export * from './kind-config';
export * from './kubeadm-config';
