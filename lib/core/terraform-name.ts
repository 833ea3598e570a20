/**
 * The Terraform resource name of a Kubernetes object (`kubernetes_manifest.<name>`, `terraform_data.rollout_<name>`):
 * letters, digits, `_` and `-`, lower case, not starting with a digit (Terraform refuses that). Here in `core` because
 * the names are a contract other layers quote, e.g. a refusal that names the step a Terraform deploy takes instead.
 */
export function terraformName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, '_').replace(/^(?=[0-9])/, '_');
}
