/** The structure of synthesised Terraform: types, required blocks, references that resolve, parity with the manifests. */
import { Testing } from 'cdktf';
import { PlatformCharts } from '../../../lib';
import { checkTerraformStack, objectsOfTerraformStack, parityIssues, referencesIn } from '../_lib';
import { shopOutputs } from '../../util';
import { deployment, namespace } from '../fixtures';

const { charts, stacks } = shopOutputs();
const synthesized = [...stacks.environments, ...stacks.governance, ...stacks.clusters]
  .map((s) => ({ name: s.node.id, json: JSON.parse(Testing.synth(s)) }));
const jsonOf = (name: string) => synthesized.find((s) => s.name === name)!.json;

describe.each(synthesized)('the shop stack $name', ({ json }) => {
  test('is sound: known types, required blocks, every reference resolves', () => {
    expect(checkTerraformStack(json)).toEqual([]);
  });
});

describe.each(synthesized.filter((s) => !s.name.startsWith('governance-')))('the objects of $name', ({ name, json }) => {
  test('are exactly those of its manifests (an environment\'s together with its governance stack)', () => {
    const cluster = name.startsWith('cluster-');
    const output = cluster ? charts.cluster(name.slice('cluster-'.length)) : charts.environment(name);
    const both = cluster ? json : { resource: {
      kubernetes_namespace_v1: jsonOf(`governance-${name}`).resource.kubernetes_namespace_v1,
      kubernetes_manifest: { ...jsonOf(`governance-${name}`).resource.kubernetes_manifest, ...json.resource.kubernetes_manifest },
    } };
    expect(parityIssues(PlatformCharts.manifestsOf(output.app), both)).toEqual([]);
  });
});

/** A minimal sound stack: provider, variable, guard data source, namespace and one manifest depending on it. */
function stack(): any {
  return {
    terraform: { backend: { local: { path: 'state' } }, required_providers: { kubernetes: { source: 'kubernetes', version: '2.38.0' } } },
    variable: { kube_context: { type: 'string', default: 'dev' } },
    provider: { kubernetes: [{ config_context: '${var.kube_context}' }] },
    data: { kubernetes_resources: { cluster_identity: { api_version: 'v1', kind: 'ConfigMap' } } },
    resource: {
      kubernetes_namespace_v1: { shop: { '//': { metadata: { path: 'dev/Objects/namespace_shop' } }, metadata: { name: 'shop' }, depends_on: ['data.kubernetes_resources.cluster_identity'] } },
      kubernetes_manifest: {
        deployment_web: {
          '//': { metadata: { path: 'dev/Objects/deployment_web' } },
          manifest: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'web', args: ['echo $${HOME} %%{x}'] }] } } } },
          depends_on: ['kubernetes_namespace_v1.shop'],
        },
      },
    },
  };
}

const issuesOf = (json: any) => checkTerraformStack(json).map((i) => `${i.check} ${i.address}: ${i.message}`);

test('a sound stack has no issues; escaped template sequences are text', () => {
  expect(checkTerraformStack(stack())).toEqual([]);
});

test('fails unknown and deprecated types, with the construct path of the block', () => {
  const json = stack();
  json.resource.kubernetes_deployment = { web: { metadata: { name: 'web' }, spec: {} } };
  json.resource.kubernetes_helm_release = { ingress: { '//': { metadata: { path: 'dev/Helm' } } } };
  json.data.kubernetes_secretz = { s: {} };
  expect(issuesOf(json)).toEqual([
    'terraform-types kubernetes_deployment.web: kubernetes_deployment is deprecated; use kubernetes_deployment_v1',
    'terraform-types kubernetes_helm_release.ingress: resource type kubernetes_helm_release does not exist in the pinned provider',
    'terraform-types data.kubernetes_secretz.s: data source type kubernetes_secretz does not exist in the pinned provider',
  ]);
  expect(checkTerraformStack(json)[1].constructPath).toBe('dev/Helm');
});

test('fails missing required arguments, incomplete manifests and namespaces, two backends and unknown blocks', () => {
  const json = stack();
  delete json.resource.kubernetes_manifest.deployment_web.manifest.kind;
  delete json.resource.kubernetes_manifest.deployment_web.manifest.metadata.name;
  json.resource.kubernetes_namespace_v1.shop.metadata = [{ labels: {} }];
  json.resource.kubernetes_manifest.empty = {};
  json.data.kubernetes_resources.cluster_identity = {};
  json.terraform.backend.s3 = { bucket: 'b', key: 'k', region: 'eu-west-1' };
  json.outputs = {};
  expect(issuesOf(json)).toEqual([
    'terraform-structure outputs: "outputs" is not a Terraform top-level block',
    'terraform-structure terraform.backend: declares 2 backends (local, s3); Terraform accepts one',
    'terraform-structure kubernetes_namespace_v1.shop: metadata.name (or metadata.generate_name) is missing',
    'terraform-structure kubernetes_manifest.deployment_web: manifest.kind is missing',
    'terraform-structure kubernetes_manifest.deployment_web: manifest.metadata.name is missing',
    'terraform-structure kubernetes_manifest.empty: required argument "manifest" is missing',
    'terraform-structure kubernetes_manifest.empty: manifest.apiVersion is missing',
    'terraform-structure kubernetes_manifest.empty: manifest.kind is missing',
    'terraform-structure kubernetes_manifest.empty: manifest.metadata.name is missing',
    'terraform-structure data.kubernetes_resources.cluster_identity: required argument "api_version" is missing',
    'terraform-structure data.kubernetes_resources.cluster_identity: required argument "kind" is missing',
  ]);
});

test('fails references that do not resolve inside the stack', () => {
  const json = stack();
  json.resource.kubernetes_manifest.deployment_web.depends_on = ['kubernetes_manifest.serviceaccount_web', 'data.kubernetes_resources.cluster_identity'];
  json.resource.kubernetes_manifest.deployment_web.provider = 'kubernetes.prod';
  json.provider.kubernetes[0].config_path = '${var.kube_config_path}';
  json.data.kubernetes_resources.cluster_identity.namespace = '${kubernetes_namespace_v1.kube_system.metadata[0].name}';
  json.resource.kubernetes_namespace_v1.shop.metadata.labels = { owner: '%{ if local.team != "" }${local.team}%{ endif }' };
  json.output = { ns: { value: '${data.kubernetes_resources.other.objects}' } };
  expect(issuesOf(json)).toEqual([
    'terraform-references kubernetes_manifest.deployment_web: depends_on refers to kubernetes_manifest.serviceaccount_web, which is not in the stack',
    'terraform-references kubernetes_manifest.deployment_web: provider "kubernetes.prod" is not configured in the stack',
    'terraform-references kubernetes_namespace_v1.shop: ${local.team} refers to local "team", which the stack does not declare',
    'terraform-references data.kubernetes_resources.cluster_identity: ${kubernetes_namespace_v1.kube_system.metadata[0].name} refers to '
    + 'resource kubernetes_namespace_v1.kube_system, which the stack does not declare',
    'terraform-references provider.kubernetes: ${var.kube_config_path} refers to variable "kube_config_path", which the stack does not declare',
    'terraform-references output.ns: ${data.kubernetes_resources.other.objects} refers to data source kubernetes_resources.other, which the stack does not declare',
  ]);
});

describe('referencesIn', () => {
  test('reads traversals, also in nested templates; not functions, keywords, literal text or escaped sequences', () => {
    expect(referencesIn('${try(self.objects[0].data.cluster, "a.b") == var.cluster}')).toEqual(['self.objects[0].data.cluster', 'var.cluster']);
    expect(referencesIn('${[for ns in data.kubernetes_resources.all.objects : ns.metadata.name]}')).toEqual(['data.kubernetes_resources.all.objects']);
    expect(referencesIn('$${var.not} %%{if x} ${kubernetes_manifest.a.object} %{ if module.m.ok }x%{ endif }'))
      .toEqual(['kubernetes_manifest.a.object', 'module.m.ok']);
    expect(referencesIn('${jsonencode({ "k" = "${local.v}-x", "a.b" = true })} plain var.text')).toEqual(['local.v']);
  });
});

describe('parity', () => {
  const json = {
    resource: {
      kubernetes_namespace_v1: { shop: { metadata: [{ name: 'shop', labels: namespace().metadata.labels }] } },
      kubernetes_manifest: { deployment_web: { manifest: changedImage('echo $${HOME}') } },
    },
  };

  function changedImage(arg: string): any {
    const d = deployment();
    d.spec.template.spec.containers[0].args = [arg];
    return d;
  }

  test('reads the objects back as the provider sends them: typed namespaces as objects, escapes undone', () => {
    expect(objectsOfTerraformStack(json)).toEqual([namespace(), changedImage('echo ${HOME}')]);
    expect(parityIssues([namespace(), changedImage('echo ${HOME}')], json)).toEqual([]);
  });

  test('fails objects that differ or are missing on either side', () => {
    expect(parityIssues([namespace(), changedImage('echo $HOME'), deployment('api')], json).map((i) => i.message)).toEqual([
      'Deployment/shop/web differs between the manifests and the Terraform',
      'Deployment/shop/api is in the manifests but not in the Terraform',
    ]);
    expect(parityIssues([namespace()], json).map((i) => i.message)).toEqual(['Deployment/shop/web is in the Terraform but not in the manifests']);
  });
});
