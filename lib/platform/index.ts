export * from './platform-definition';
export * from './platform-model';
export * from './resolve-platform';
export * from './platform-charts';
export * from './platform-stacks';
export * from './synth-platform';
export * from './check-platform';
export * from './cdk8s-validation';
