import { Yaml } from 'cdk8s';

/** YAML of documents as cdk8s writes manifests: same library, same options, `---` between documents. */
export function yamlDocuments(documents: any[]): string {
  return Yaml.stringify(...documents);
}
