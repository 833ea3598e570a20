export * from './cluster-connection';
export * from './cluster-guard';
export * from './cluster-stack';
export * from './environment-stack';
export * from './kubernetes-objects';
export * from './state-backend';
