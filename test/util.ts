/** Shared builders for the platform-level tests. */
import { App as TerraformApp, Testing } from 'cdktf';
import { PlatformCharts, addPlatformStacks, resolvePlatform, Platform, PlatformStacks } from '../lib';
import { unescapeTemplates } from '../lib/terraform/escape';
import { platform as referenceDefinition } from '../environments';
import { platform as shopDefinition } from './fixtures/shop/environments';

/** The reference platform, validated: for its own contract tests (test/stacks, test/platform), which derive from it. */
export function referencePlatform(): Platform {
  return resolvePlatform(referenceDefinition);
}

/** The library tests' own whole platform (test/fixtures/shop), validated: it changes only with the tests that use it. */
export function shopPlatform(): Platform {
  return resolvePlatform(shopDefinition);
}

/** The reference platform's charts and Terraform stacks, built the way `npm run synth` builds them (nothing written). */
export function referenceOutputs(): { charts: PlatformCharts; stacks: PlatformStacks; app: TerraformApp } {
  return outputsOf(referencePlatform());
}

/** The charts and Terraform stacks of {@link shopPlatform}, built the way `npm run synth` builds them (nothing written). */
export function shopOutputs(): { charts: PlatformCharts; stacks: PlatformStacks; app: TerraformApp } {
  return outputsOf(shopPlatform());
}

function outputsOf(platform: Platform): { charts: PlatformCharts; stacks: PlatformStacks; app: TerraformApp } {
  const charts = new PlatformCharts({ platform, outdir: '/nonexistent' });
  const app = Testing.app();
  const stacks = addPlatformStacks(app, charts);
  return { charts, stacks, app };
}

/** A Kubernetes object's identity: `Kind/namespace/name`. */
export function objectKey(object: any): string {
  return `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
}

/**
 * The Kubernetes objects a synthesized stack manages, as the provider would send them to the API server: typed
 * namespaces converted back to objects, manifests with Terraform's template escapes undone.
 */
export function objectsOfStack(stackJson: any): any[] {
  const namespaces = Object.values<any>(stackJson.resource?.kubernetes_namespace_v1 ?? {}).map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns.metadata.name,
      ...(ns.metadata.labels ? { labels: ns.metadata.labels } : {}),
      ...(ns.metadata.annotations ? { annotations: ns.metadata.annotations } : {}),
    },
  }));
  const manifests = Object.values<any>(stackJson.resource?.kubernetes_manifest ?? {}).map((r) => unescapeTemplates(r.manifest));
  return [...namespaces, ...manifests];
}
