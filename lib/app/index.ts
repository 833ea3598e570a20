export * from './app-types';
export * from './app-model';
export { DEFAULT_RUN_AS_USER, DEFAULT_PRIORITY_CLASS } from './resolve-apps';
export * from './application';
export * from './release/release-strategy';
export * from './release/rolling-update';
export * from './release/recreate';
export * from './release/blue-green';
export * from './release/canary';
