export * from './config';
export * from './k8s';
export * from './cluster';
export * from './terraform';
export * from './platform';
export * from './guardrails';
export * from './delivery';
