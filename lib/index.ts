/**
 * The public API of `@platform/multi-env`: what a team builds its stacks with. Every name is listed on purpose; the
 * report in `api/platform.api.md` records it, and `npm run api:check` fails on any change that is not in the report.
 * Definition files import from `@platform/multi-env/definitions` instead: the whole definition vocabulary, loading no
 * renderer. Code inside `lib/` never imports this file (a lint rule keeps it so, see docs/architecture.md).
 *
 * @packageDocumentation
 */

// Definitions: the top of each definition and the enums and factories written in them. The nested types are in
// '@platform/multi-env/definitions'.
export type { PlatformDefinition } from './platform/platform-definition';
export { type ClusterDefinition, TaintEffect } from './cluster/cluster-types';
export { type EnvironmentDefinition, type EnvironmentSettings, PodSecurityLevel } from './environment/environment-types';
export { StateBackendKind } from './environment/state-backends/registry';
export type { AppDefinition, AppOverride } from './app/app-types';
export { ReleaseStrategy, ReleaseStrategyKind } from './app/release/registry';
export { Slot } from './app/release/blue-green';
export { Protocol } from './core/network';
export { DEFAULT_LABEL_DOMAIN, type LabelKeys, labelKeys } from './core/labels';

// The resolved model: a validated definition with every default applied.
export { resolvePlatform } from './platform/resolve-platform';
export type { Platform } from './platform/platform-model';
export type { Cluster } from './cluster/cluster-model';
export type { Environment } from './environment/environment-model';
export type { App } from './app/app-model';

// The pipeline: charts per environment and cluster, Terraform stacks per environment, an atomic synth of both, checks.
export { PlatformCharts, type PlatformChartsProps, type EnvironmentOutput, type ClusterOutput, CLUSTERS_DIR } from './platform/platform-charts';
export { addPlatformStacks, type PlatformStacks, type PlatformStacksOptions } from './platform/platform-stacks';
export { CLUSTER_STACK_PREFIX, GOVERNANCE_STACK_PREFIX } from './platform/stack-names';
export {
  synthPlatform, type SynthPlatformOptions, type SynthPlatformResult,
  synthManifests, type SynthManifestsOptions, type SynthManifestsResult,
} from './platform/synth-platform';
export { checkPlatform, outputsOfCharts, type PlatformOutputs, type ChartsLike } from './platform/check-platform';
export { GuardrailsValidation, type GuardrailsValidationProps } from './platform/cdk8s-validation';
export { loadPlatformDefinition, type LoadDefinitionOptions } from './platform/load-definition';
export { failureText } from './platform/failure-text';
export { GUARDRAIL_REPORT_FILE, GUARDRAIL_SARIF_FILE } from './platform/report-files';

// Constructs of an environment (cdk8s): its charts, and the parts they are made of, each usable on its own.
export { EnvironmentChart, type EnvironmentChartProps } from './environment/environment-chart';
export { AppChart, type AppChartProps } from './environment/app-chart';
export { ClusterChart, type ClusterChartProps } from './environment/cluster-chart';
export { EnvironmentNamespace, type EnvironmentNamespaceProps } from './environment/environment-namespace';
export { ResourceGovernance, type ResourceGovernanceProps } from './environment/resource-governance';
export { NetworkIsolation, type NetworkIsolationProps } from './environment/network-isolation';
export { AccessControl, type AccessControlProps, type GroupGrant } from './environment/access-control';
export { NodePlacement, type NodePlacementProps, type Toleration } from './environment/node-placement';
export { VIEWER_ROLE, DEVELOPER_ROLE, ADMIN_ROLE } from './environment/roles';
export type { Role } from './environment/environment-model';
export { Application, type ApplicationProps } from './app/application';

// Terraform (cdktf): stacks per environment and per cluster, and the parts they are made of.
export { EnvironmentStack, type EnvironmentStackProps } from './terraform/environment-stack';
export { GovernanceStack, type GovernanceStackProps } from './terraform/governance-stack';
export { ClusterStack, type ClusterStackProps } from './terraform/cluster-stack';
export { ClusterConnection, type ClusterConnectionProps } from './terraform/cluster-connection';
export { ClusterGuard, type ClusterGuardProps } from './terraform/cluster-guard';
export { KubernetesObjects, type KubernetesObjectsProps, type KubectlConnection } from './terraform/kubernetes-objects';

// Guardrails: the report of a check and what it holds (run them with checkPlatform, synthPlatform or the cdk8s plugin).
export {
  GuardrailReport, type GuardrailReportJson, type ViolationJson, type ReportTextOptions, type ReportSection, type ReportSummaryOptions,
} from './guardrails/guardrail-report';
export { capacityTables, type EnvironmentCapacity } from './guardrails/capacity-table';
export { toSarif, type SarifLog } from './guardrails/sarif';
export type { Violation } from './guardrails/violation';
export { Severity, Enforcement } from './guardrails/severity';

// Delivery: promotion, environment diff, previews and their cleanup, kubeconfig fragments.
export {
  promote, type PromoteOptions, type PromotionResult, formatPromotion,
  planPromotion, type PromotionOptions, type PromotionPlan, type AppPromotion, type PinChange,
} from './delivery/promotion';
export {
  diffEnvironments, type EnvironmentDiff, type DefinitionDifference, type ObjectDifference, formatEnvironmentDiff,
} from './delivery/environment-diff';
export { withPreview, previewFromEnvironment, previewExpiry, type PreviewOptions, type PreviewVariables, parseTime } from './delivery/preview';
export { classifyPreviews, type PreviewNamespace, formatPreviews, parseNamespaceList } from './delivery/preview-cleanup';
export { writeKubeconfigs, KUBECONFIG_DIR } from './delivery/kubeconfig';
export { synthWithSummary, type SynthWithSummaryOptions, type SynthWithSummary } from './delivery/synth-summary';
export {
  pipelineMatrix, type PipelineMatrix, type PipelineStack, affectedEnvironments, checkMatrixAgainstManifest,
} from './delivery/pipeline-matrix';
export { newEnvironment, newApp, formatScaffold, type ScaffoldResult } from './delivery/scaffold';

// Errors: every failure a team can catch by type.
export { PlatformValidationError, type ValidationIssue, DefinitionLoadError } from './core/errors';
export { GuardrailError } from './guardrails/guardrail-error';
export { DeliveryError } from './delivery/delivery-error';
