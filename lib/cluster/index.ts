export * from './artefact-file';
export * from './audit-policy';
export * from './cluster-api';
export * from './cluster-artefacts';
export * from './encryption-config';
export * from './kind-config';
export * from './kubeadm-config';
