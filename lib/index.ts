export * from './config';
export * from './k8s';
