/**
 * The one place provider classes are imported from, each from its own submodule: the package index loads every
 * resource of the provider (~0.65 s and ~260 MB per load, in every jest worker). Only `*_v1` typed resources.
 */
export { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
export { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
export { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
export { DataKubernetesResources } from '@cdktf/provider-kubernetes/lib/data-kubernetes-resources';
