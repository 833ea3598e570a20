export * from './backends/kubernetes-backend';
export * from './backends/state-backend';
export * from './cluster-connection';
export * from './cluster-guard';
export * from './cluster-stack';
export * from './environment-stack';
export * from './kubernetes-objects';
