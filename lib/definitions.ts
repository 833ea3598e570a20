/**
 * Everything a platform definition is written with — the definition types, their enums and factories, the label
 * keys — and nothing that renders: loading this module loads no cdk8s, cdktf, constructs or Terraform provider
 * bindings. `environments/` imports only this (a lint rule keeps it so, see docs/architecture.md).
 */

// Clusters: control plane, etcd, encryption, audit, backups, storage, node pools, networking, routing, Cluster API.
export {
  EtcdKind, AuditPreset, AuditLevel, EncryptionKind, LocalEncryptionAlgorithm, KmsPluginProvider, BackupTargetKind, VolumeAccessMode, ReclaimPolicy,
  VolumeBindingMode, TaintEffect,
} from './cluster/cluster-types';
export type {
  StackedEtcdDefinition, ExternalEtcdDefinition, EtcdDefinition, ApiServerEndpointDefinition, ControlPlaneDefinition, AuditResourceDefinition,
  AuditRuleDefinition, AuditDefinition, MachineImageKmsPluginDefinition, StaticPodKmsPluginDefinition, KmsPluginDefinition, KmsEncryptionDefinition,
  LocalKeyEncryptionDefinition, EncryptionDefinition, VolumeBackupTargetDefinition, S3BackupTargetDefinition, BackupTargetDefinition,
  EtcdBackupDefinition, StorageClassDefinition, StorageDefinition, InfrastructureProviderDefinition, ClusterApiDefinition,
  ClusterNetworkingDefinition, ClusterTopologyDefinition, NodePoolTopologyDefinition, Taint, NodePoolDefinition, PriorityClassDefinition,
  KubeconfigDefinition, IngressControllerDefinition, GatewayDefinition, ClusterDnsDefinition, ClusterDefinition, MonitoringDefinition,
  PreviewSettings,
} from './cluster/cluster-types';

// Environments: Pod Security, quota and limits, access, network, state, and the platform's own roles.
export {
  PodSecurityLevel, type PodSecuritySettings, type QuotaSettings, type RoleBindingSettings, type AccessSettings, type NetworkSettings,
  type EnvironmentSettings, type EnvironmentDefinition, type PolicyRuleDefinition, type RoleDefinition,
} from './environment/environment-types';
export { StateBackendKind, type StateSettings } from './environment/state-backends/registry';
export type { LocalStateSettings } from './environment/state-backends/local';
export type { S3StateSettings } from './environment/state-backends/s3';
export type { KubernetesStateSettings } from './environment/state-backends/kubernetes';

// Apps and their release strategies.
export type {
  AppPortSettings, ProbeSettings, SecretReferenceSettings, AppDependencySettings, AppSettings, AppDefinition, AppOverride,
} from './app/app-types';
export { ReleaseStrategy, ReleaseStrategyKind, type ReleaseStrategySettings } from './app/release/registry';
export type { RollingStrategySettings } from './app/release/rolling';
export type { RecreateStrategySettings } from './app/release/recreate';
export { Slot, type BlueGreenStrategySettings } from './app/release/blue-green';
export type { CanaryStrategySettings } from './app/release/canary';
export type { VersionPin } from './app/release/version-pin';

// Shared by all of them: ports and peers, compute resources, guardrail exceptions, overrides, label keys.
export { Protocol, type PortSettings, type NamespacePeerSettings, type CidrPeerSettings } from './core/network';
export type { ComputeResources, LimitRangeSettings } from './core/quantity';
export type { GuardrailExceptionSettings, GuardrailSettings } from './core/guardrail-settings';
export type { MergePatch } from './core/merge';
export { DEFAULT_LABEL_DOMAIN, type LabelKeys, labelKeys } from './core/labels';

// The whole platform.
export type { PlatformDefinition } from './platform/platform-definition';
