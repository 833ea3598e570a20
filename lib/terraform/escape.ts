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

/**
 * Applies `map` to every string of a JSON value, object keys included. What `map` leaves unchanged is shared, not
 * copied: a value without a string to change comes back as the same object (the Terraform tree then holds the
 * rendered objects themselves, not a second copy of every manifest).
 */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') {
    return map(value);
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const mapped = mapStrings(item, map);
      if (mapped !== item) {
        copy ??= [...value];
        copy[i] = mapped;
      }
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const mapped = entries.map(([key, inner]) => [map(key), mapStrings(inner, map)] as const);
    return mapped.some(([key, inner], i) => key !== entries[i][0] || inner !== entries[i][1]) ? Object.fromEntries(mapped) : value;
  }
  return value;
}
