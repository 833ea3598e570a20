/**
 * Label selectors as the API server evaluates them: `matchLabels` and `matchExpressions` (In, NotIn, Exists,
 * DoesNotExist), all terms ANDed; an empty selector selects everything.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */

/** Labels of an object. */
export type Labels = { readonly [key: string]: string };

/** Whether a LabelSelector (`{ matchLabels, matchExpressions }`) selects an object with these labels. */
export function selectorMatches(selector: any, labels: Labels = {}): boolean {
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const values: string[] = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[expression.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expression.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An unknown operator is refused by the API server; it selects nothing here.
        return false;
    }
  }
  return true;
}

/** Whether a map selector (a Service's `spec.selector`) selects an object with these labels. */
export function mapSelectorMatches(selector: Labels, labels: Labels = {}): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** Whether a selector selects everything (`{}` or absent). */
export function isEmptySelector(selector: any): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/**
 * The smallest label set a selector selects, or `undefined` when it selects none: what a pod must carry at least to be
 * selected (matchLabels, the first value of each `In`, an empty value for `Exists`).
 */
export function labelsSelectedBy(selector: any): Labels | undefined {
  const labels: Record<string, string> = { ...(selector?.matchLabels ?? {}) };
  for (const expression of selector?.matchExpressions ?? []) {
    if (expression.operator === 'In' && !(expression.key in labels)) labels[expression.key] = expression.values?.[0] ?? '';
    if (expression.operator === 'Exists' && !(expression.key in labels)) labels[expression.key] = '';
  }
  return selectorMatches(selector, labels) ? labels : undefined;
}

/** A selector in kubectl's notation: `{app=api, tier in (web,api), !legacy}`; `{}` selects every pod. */
export function formatSelector(selector: any): string {
  const terms = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector?.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    switch (expression.operator) {
      case 'In': terms.push(`${expression.key} in (${values})`); break;
      case 'NotIn': terms.push(`${expression.key} notin (${values})`); break;
      case 'Exists': terms.push(expression.key); break;
      case 'DoesNotExist': terms.push(`!${expression.key}`); break;
      default: terms.push(`${expression.key} ${expression.operator} (${values})`);
    }
  }
  return `{${terms.join(', ')}}`;
}

/** Labels in the same notation: `{app=api, tier=web}`. */
export function formatLabels(labels: Labels = {}): string {
  return formatSelector({ matchLabels: labels });
}
