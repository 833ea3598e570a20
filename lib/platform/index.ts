export * from './platform-charts';
export * from './platform-stacks';
export * from './synth-platform';
