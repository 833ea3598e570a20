export * from './core';
export * from './cluster';
export * from './app';
export * from './environment';
export * from './terraform';
export * from './guardrails';
export * from './platform';
export * from './delivery';
