/**
 * Terraform reads `${…}` and `%{…}` in JSON string values and keys as template sequences; a manifest holds literal
 * text (shell scripts, config files, Helm-style templates) that must reach the cluster unchanged. Escape exactly
 * these two sequences, as Terraform documents (`$${`, `%%{`), and nothing else: multi-line strings stay intact.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function escapeTemplates(value: unknown): unknown {
  if (typeof value === 'string') {
    return escapeString(value);
  }
  if (Array.isArray(value)) {
    return value.map(escapeTemplates);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [escapeString(key), escapeTemplates(inner)]));
  }
  return value;
}

/** The inverse of {@link escapeTemplates}: what Terraform sends to the cluster. */
export function unescapeTemplates(value: unknown): unknown {
  if (typeof value === 'string') {
    return unescapeString(value);
  }
  if (Array.isArray(value)) {
    return value.map(unescapeTemplates);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [unescapeString(key), unescapeTemplates(inner)]));
  }
  return value;
}

function escapeString(text: string): string {
  return text.replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
}

function unescapeString(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}
