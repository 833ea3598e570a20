export * from './state-backend';
export * from './registry';
export * from './local';
export * from './s3';
export * from './kubernetes';
