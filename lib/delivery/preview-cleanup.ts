/**
 * The CI half of preview cleanup: from a namespace list (`kubectl get namespaces -o json`), which previews exist and
 * which have expired. It never reaches a cluster itself, so it is tested with the list as input.
 *
 * A namespace is deletable only when every one of these holds; anything else is listed with the reason it is kept:
 * - it carries `<labelDomain>/preview: "true"`;
 * - its name is `preview-<id>` with `<id>` its `preview-id` label;
 * - it is not the namespace of a declared environment, nor a system namespace;
 * - its `preview-expires` label is whole seconds since the epoch, and not after now;
 * - it is not already terminating.
 */
import { DeliveryError } from './delivery-error';
import { DEFAULT_LABEL_KEYS, LabelKeys } from '../core/labels';
import { PREVIEW_PREFIX } from '../environment/preview-janitor';

/** Namespaces that are never previews, whatever their labels say. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** A namespace that is or claims to be a preview, and what cleanup makes of it. */
export interface PreviewNamespace {
  /** The namespace's name. */
  readonly name: string;
  /**
   * The preview's id, from the namespace's label.
   * @default - none: the namespace has no preview id label
   */
  readonly id?: string;
  /**
   * The environment the preview copies, from the namespace's label.
   * @default - none: the namespace has no preview-of label
   */
  readonly template?: string;
  /**
   * The expiry, when the label holds a valid one.
   * @default - none: the label is missing or not a valid time
   */
  readonly expires?: Date;
  /** Whether cleanup deletes it. */
  readonly deletable: boolean;
  /** `expired`, `active` or why it is kept although it looks like a preview. */
  readonly state: string;
}

/**
 * The namespaces of a `kubectl get namespaces -o json` output (a List) or of a single Namespace.
 *
 * @throws DeliveryError when the input is not JSON or not a Namespace list
 */
export function parseNamespaceList(json: string): any[] {
  let parsed: any;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new DeliveryError(`the namespace list is not JSON (${(error as Error).message}); pass the output of kubectl get namespaces -o json`);
  }
  if (parsed?.kind === 'Namespace') return [parsed];
  const expected = 'expected the namespaces (a NamespaceList, or a List of Namespace): pass the output of kubectl get namespaces -o json';
  if (Array.isArray(parsed?.items)) {
    const others = parsed.items.map((item: any, i: number) => ({ i, kind: item?.kind })).filter((item: any) => item.kind !== undefined && item.kind !== 'Namespace');
    if (others.length === 0) return parsed.items;
    const kinds = [...new Set(others.map((item: any) => String(item.kind)))].sort();
    throw new DeliveryError(`the input is a ${String(parsed.kind ?? 'list')} of ${kinds.join(', ')} (items[${others[0].i}].kind is "${others[0].kind}"`
      + `, ${others.length} of ${parsed.items.length} items are not Namespaces); ${expected}`);
  }
  const found = parsed?.kind !== undefined ? `a ${String(parsed.kind)}`
    : Array.isArray(parsed) ? 'a JSON array' : parsed === null || typeof parsed !== 'object' ? JSON.stringify(parsed) : 'an object without kind or items';
  throw new DeliveryError(`the input is ${found}; ${expected}`);
}

/**
 * Classifies every namespace that carries the preview label or a `preview-` name.
 *
 * @param protectedNamespaces namespaces never deleted (the declared environments' namespaces)
 */
export function classifyPreviews(
  namespaces: readonly any[], now: Date, protectedNamespaces: readonly string[], keys: LabelKeys = DEFAULT_LABEL_KEYS,
): PreviewNamespace[] {
  return namespaces
    .filter((ns) => ns?.metadata?.labels?.[keys.preview] !== undefined || String(ns?.metadata?.name ?? '').startsWith(PREVIEW_PREFIX))
    .map((ns) => classify(ns, now, protectedNamespaces, keys))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function classify(ns: any, now: Date, protectedNamespaces: readonly string[], keys: LabelKeys): PreviewNamespace {
  const name = String(ns.metadata?.name ?? '');
  const labels: Record<string, unknown> = ns.metadata?.labels ?? {};
  const id = typeof labels[keys.previewId] === 'string' ? labels[keys.previewId] as string : undefined;
  const template = typeof labels[keys.previewOf] === 'string' ? labels[keys.previewOf] as string : undefined;
  const rawExpiry = labels[keys.previewExpires];
  const expires = typeof rawExpiry === 'string' && /^\d+$/.test(rawExpiry) ? new Date(Number(rawExpiry) * 1000) : undefined;
  const keep = (state: string): PreviewNamespace => ({ name, id, template, expires, deletable: false, state });
  if (labels[keys.preview] !== 'true') return keep(`kept: no ${keys.preview}="true" label`);
  if (id === undefined || name !== `${PREVIEW_PREFIX}${id}`) return keep(`kept: the name is not ${PREVIEW_PREFIX}<${keys.previewId}>`);
  if (protectedNamespaces.includes(name) || SYSTEM_NAMESPACES.includes(name)) return keep('kept: the namespace of a declared environment');
  if (expires === undefined) return keep(`kept: no valid ${keys.previewExpires} label (seconds since the epoch)`);
  if (ns.status?.phase === 'Terminating') return keep('terminating');
  if (expires.getTime() > now.getTime()) return keep('active');
  return { name, id, template, expires, deletable: true, state: 'expired' };
}

/** The table `previews list` prints. */
export function formatPreviews(previews: readonly PreviewNamespace[], now: Date): string {
  if (previews.length === 0) return `no previews (now ${now.toISOString()})\n`;
  const rows = previews.map((p) => [p.name, p.template ?? '-', p.expires?.toISOString() ?? '-', p.state]);
  const header = ['NAMESPACE', 'TEMPLATE', 'EXPIRES', 'STATE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
