export * from './errors';
export * from './merge';
export * from './quantity';
export * from './labels';
export * from './kubernetes-version';
export * from './network';
export * from './guardrail-settings';
