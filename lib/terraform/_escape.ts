/**
 * Terraform reads `${…}` and `%{…}` in JSON string values and keys as template sequences; a manifest holds literal
 * text (shell scripts, config files, Helm-style templates) that must reach the cluster unchanged. Escape exactly
 * these two sequences, as Terraform documents (`$${`, `%%{`), and nothing else: multi-line strings stay intact.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function escapeTemplates(value: unknown): unknown {
  return mapStrings(value, (text) => text.replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{'));
}

/** The inverse of {@link escapeTemplates}: what Terraform sends to the cluster. */
export function unescapeTemplates(value: unknown): unknown {
  return mapStrings(value, (text) => text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
}

/** Applies `map` to every string of a JSON value, object keys included. */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') {
    return map(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => mapStrings(item, map));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [map(key), mapStrings(inner, map)]));
  }
  return value;
}
