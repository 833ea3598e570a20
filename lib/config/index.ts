export * from './types';
export * from './model';
export * from './defaults';
export * from './errors';
export * from './merge';
export * from './quantity';
export * from './roles';
export * from './resolve';
