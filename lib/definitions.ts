/**
 * Everything a platform definition is written with — the definition types, their enums and factories, the label
 * keys — and nothing that renders: loading this module loads no cdk8s, cdktf, constructs or Terraform provider
 * bindings. `environments/` imports only this (a lint rule keeps it so, see docs/architecture.md).
 */
export * from './core/guardrail-settings';
export * from './core/labels';
export * from './core/merge';
export * from './core/network';
export * from './core/quantity';
export * from './cluster/cluster-types';
export * from './app/app-types';
export * from './environment/environment-types';
export * from './platform/platform-definition';
