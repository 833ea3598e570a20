export * from './delivery-error';
export * from './version-pins';
export * from './promotion';
export * from './environment-diff';
export * from './preview';
export * from './preview-cleanup';
export * from './kubeconfig';
