import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Annotations, App, IStackSynthesizer, Lazy, LocalBackend, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable } from 'cdktf';
import { KubernetesProvider, Manifest, NamespaceV1 } from '../../lib/terraform/_provider';
import { synthesizeResourceByResource } from '../../lib/terraform/_resource-by-resource';

/** What a stack of the test holds beyond its plain resources. */
interface Extras {
  /** An override on the stack that reaches into a resource body. */
  readonly stackOverride?: boolean;
  /** A resource imported into the state (an `import` block). */
  readonly imported?: boolean;
  /** A resource moved from another address (a `moved` block). */
  readonly moved?: boolean;
  /** An error annotation, which fails the synth. */
  readonly error?: boolean;
}

const ROOTS: string[] = [];

afterAll(() => {
  ROOTS.forEach((root) => fs.rmSync(root, { recursive: true, force: true }));
});

/**
 * A stack of every kind of element the platform's stacks hold — backend, provider, variable, output, a typed
 * namespace under prevent_destroy, manifests with escaped templates, tokens, empty objects and arrays, unicode,
 * a resource override — synthesised with cdktf's own synthesizer or resource by resource.
 */
function synthStack(resourceByResource: boolean, extras: Extras = {}, appProps: { hclOutput?: boolean } = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-by-resource-'));
  ROOTS.push(outdir);
  const app = new App({ outdir, skipValidation: extras.moved === true, ...appProps });
  const stack = new TerraformStack(app, 'dev');
  new LocalBackend(stack, { path: 'terraform.dev.tfstate' });
  const context = new TerraformVariable(stack, 'kube_context', { type: 'string', default: 'nonprod-admin' });
  new KubernetesProvider(stack, 'kubernetes', { configContext: context.stringValue });
  const namespace = new NamespaceV1(stack, 'namespace', { metadata: { name: 'dev', labels: { team: 'a' } }, lifecycle: { preventDestroy: true } });
  namespace.overrideLogicalId('dev');
  const manifests: Manifest[] = [];
  for (let i = 0; i < 5; i++) {
    const manifest = new Manifest(stack, `configmap_${i}`, {
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `config-${i}`, namespace: 'dev', labels: { context: context.stringValue, empty: '' }, annotations: {} },
        data: { 'run.sh': '#!/bin/sh\necho "$${HOME}" %%{x} ✓\n\ttab', list: '' },
        extra: { nested: [[1, 2], [], [{}], { deep: { deeper: [true, false, null, 0.5, -3] } }] },
      },
      dependsOn: i > 0 ? [manifests[i - 1], namespace] : [namespace],
      wait: i === 0 ? { rollout: true } : undefined,
      timeouts: i === 0 ? { create: '660s', update: '660s' } : undefined,
    });
    manifests.push(manifest);
  }
  manifests[1].addOverride('field_manager.force_conflicts', true);
  if (extras.imported) manifests[2].importFrom('apiVersion=v1,kind=ConfigMap,namespace=dev,name=config-2');
  if (extras.moved) manifests[3].moveFromId('kubernetes_manifest.old_config');
  if (extras.stackOverride) stack.addOverride(`resource.kubernetes_manifest.${manifests[4].friendlyUniqueId}.manifest.data.added`, 'by the stack');
  if (extras.error) Annotations.of(manifests[0]).addError('refused');
  new TerraformOutput(stack, 'namespace_name', { value: namespace.metadata.name });
  if (resourceByResource) synthesizeResourceByResource(stack);
  return { app, stack, manifests, outdir, file: path.join(outdir, 'stacks', 'dev', appProps.hclOutput ? 'cdk.tf' : 'cdk.tf.json') };
}

/** The stack file cdktf writes, and the one written resource by resource. */
function both(extras: Extras = {}, appProps: { hclOutput?: boolean } = {}): { expected: string; actual: string } {
  const reference = synthStack(false, extras, appProps);
  reference.app.synth();
  const subject = synthStack(true, extras, appProps);
  subject.app.synth();
  return { expected: fs.readFileSync(reference.file, 'utf8'), actual: fs.readFileSync(subject.file, 'utf8') };
}

describe('synthesizeResourceByResource', () => {
  test('writes the stack file cdktf writes, byte for byte', () => {
    const { expected, actual } = both();
    expect(actual).toBe(expected);
    const json = JSON.parse(actual);
    expect(Object.keys(json.resource.kubernetes_manifest)).toHaveLength(5);
    expect(json.resource.kubernetes_manifest.configmap_0.manifest.data['run.sh']).toBe('#!/bin/sh\necho "$${HOME}" %%{x} ✓\n\ttab');
    expect(json.resource.kubernetes_manifest.configmap_0.manifest.metadata.labels.context).toBe('${var.kube_context}');
    expect(json.resource.kubernetes_manifest.configmap_1.field_manager).toEqual({ force_conflicts: true });
    expect(json.resource.kubernetes_namespace_v1.dev.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('writes the bodies itself: cdktf writes only markers in their place', () => {
    let skeleton = '';
    const fresh = synthStack(false);
    // Sit between the wrapper and cdktf's synthesizer to read the file cdktf wrote.
    const inner = fresh.stack.synthesizer;
    fresh.stack.synthesizer = {
      synthesize(session) {
        inner.synthesize(session);
        skeleton = fs.readFileSync(fresh.file, 'utf8');
      },
    } satisfies IStackSynthesizer;
    synthesizeResourceByResource(fresh.stack);
    fresh.app.synth();
    expect(skeleton.match(/"\\u0000deferred-[0-9a-f]{16}-\d+"/g)).toHaveLength(6);
    expect(skeleton).not.toContain('run.sh');
    const written = fs.readFileSync(fresh.file, 'utf8');
    expect(written).not.toContain('deferred');
    expect(written).toContain('run.sh');
  });

  test('keeps a resource\'s import block', () => {
    const { expected, actual } = both({ imported: true });
    expect(actual).toBe(expected);
    expect(JSON.parse(actual).import).toEqual([{ id: 'apiVersion=v1,kind=ConfigMap,namespace=dev,name=config-2', to: 'kubernetes_manifest.configmap_2' }]);
  });

  test('keeps a resource\'s moved block', () => {
    const { expected, actual } = both({ moved: true });
    expect(actual).toBe(expected);
    expect(JSON.parse(actual).moved).toEqual([{ from: 'kubernetes_manifest.old_config', to: 'kubernetes_manifest.configmap_3' }]);
  });

  test('writes the stack the way cdktf does when an override on the stack reaches into a resource body', () => {
    const { expected, actual } = both({ stackOverride: true });
    expect(actual).toBe(expected);
    expect(JSON.parse(actual).resource.kubernetes_manifest.configmap_4.manifest.data.added).toBe('by the stack');
  });

  test('leaves HCL output to cdktf', () => {
    const { expected, actual } = both({}, { hclOutput: true });
    expect(actual).toBe(expected);
    expect(actual).not.toContain('deferred');
  });

  test('leaves cdktf\'s toTerraform() and no temporary file behind', () => {
    const subject = synthStack(true);
    subject.app.synth();
    expect(subject.stack.toTerraform).toBe(TerraformStack.prototype.toTerraform);
    subject.manifests.forEach((m) => expect(m.toTerraform).toBe(TerraformResource.prototype.toTerraform));
    expect(fs.readdirSync(path.dirname(subject.file))).toEqual(['cdk.tf.json']);
    expect(JSON.stringify(subject.stack.toTerraform())).not.toContain('deferred');
  });

  test('fails as the resolution of a body fails, leaving no temporary file behind', () => {
    const subject = synthStack(true);
    let resolutions = 0;
    // Resolved once when cdktf prepares the stack, then again only when its body is written.
    const failing = Lazy.stringValue({ produce: () => { resolutions += 1; if (resolutions > 1) throw new Error('no value for the label'); return 'x'; } });
    new Manifest(subject.stack, 'failing', { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'failing', labels: { x: failing } } } });

    expect(() => subject.app.synth()).toThrow(/no value for the label/);
    expect(fs.readdirSync(path.dirname(subject.file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('wraps a stack once', () => {
    const subject = synthStack(true);
    const wrapper = subject.stack.synthesizer;
    synthesizeResourceByResource(subject.stack);
    expect(subject.stack.synthesizer).toBe(wrapper);
  });

  test('fails when cdktf refuses the stack, and leaves every toTerraform() as it was', () => {
    const subject = synthStack(true, { error: true });
    expect(() => subject.app.synth()).toThrow(/refused/);
    expect(subject.stack.toTerraform).toBe(TerraformStack.prototype.toTerraform);
    subject.manifests.forEach((m) => expect(m.toTerraform).toBe(TerraformResource.prototype.toTerraform));
  });
});
