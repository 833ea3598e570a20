import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DefaultTokenResolver, IStackSynthesizer, ISynthesisSession, StringConcat, TerraformElement, TerraformResource, TerraformStack, Tokenization } from 'cdktf';

/** The JSON writer cdktf writes stack files with (bundled with cdktf), so the bodies written here match it byte for byte. */
const stableStringify: (value: unknown, options: { space: number }) => string =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf'))] }));

const RESOLVER = new DefaultTokenResolver(new StringConcat());
const WRAPPED = Symbol.for('platform.example.com/resource-by-resource');

/** Depth of a resource body in a stack file (`resource` → type → name → body), and so the indent of its lines. */
const BODY_INDENT = ' '.repeat(2 * 3);

/** Bytes written to the stack file at a time. */
const WRITE_CHUNK = 1 << 16;

/**
 * Makes a stack write its resources one at a time instead of building its whole file in memory.
 *
 * cdktf's `TerraformStack.toTerraform()` resolves every element, deep-merges the fragments into one object and
 * resolves that again, and its writer then builds the file as one string: for a stack of thousands of
 * `kubernetes_manifest` resources, copies of every resource live at once and are promoted to the old generation, most
 * of the peak memory of a large synth (858 MiB for 4 environments × 1000 apps).
 *
 * While the stack's own synthesizer runs, each resource contributes its fragment with the body replaced by a marker
 * string, so cdktf does everything as usual (aspects, validations, annotations, overrides, the manifest) and writes a
 * small file. That file is then rewritten line by line with each marker replaced by its resource's body — resolved by
 * cdktf's resolver and written by cdktf's JSON writer, indented to its place — one resource at a time. The result is
 * the file cdktf writes, byte for byte (tested). Outside synthesis nothing changes (`toTerraform()`, `Testing.synth`).
 * When an override on the stack reaches into a resource's body, the stack is written the way cdktf writes it.
 *
 * Idempotent: a stack is wrapped once.
 */
export function synthesizeResourceByResource(stack: TerraformStack): void {
  const inner = stack.synthesizer as IStackSynthesizer & { [WRAPPED]?: true };
  if (inner[WRAPPED]) {
    return;
  }
  const wrapped: IStackSynthesizer & { [WRAPPED]: true } = {
    [WRAPPED]: true,
    synthesize(session: ISynthesisSession) {
      const deferred = new Deferred(stack);
      try {
        inner.synthesize(session);
      } finally {
        deferred.restore();
      }
      if (deferred.used) {
        deferred.writeInto(path.join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath));
      }
    },
  };
  stack.synthesizer = wrapped;
}

/** The resources of a stack whose bodies are written after cdktf has written the rest of the stack file. */
class Deferred {
  /** Whether cdktf asked for the stack's JSON (not when it writes HCL). */
  public used = false;
  private readonly marker = `\u0000deferred-${randomBytes(8).toString('hex')}-`;
  private readonly resources: TerraformResource[] = [];
  private readonly restores: Array<() => void> = [];

  constructor(private readonly stack: TerraformStack) {
    const toTerraform = stack.toTerraform;
    this.restores.push(replaceToTerraform(stack, () => {
      this.used = true;
      this.resources.length = 0;
      return toTerraform.call(stack);
    }));
    for (const element of elementsOf(stack)) {
      if (TerraformResource.isTerraformResource(element)) {
        this.defer(element);
      }
    }
  }

  /** Puts every resource's own `toTerraform()` back. */
  public restore(): void {
    this.restores.forEach((restore) => restore());
  }

  /**
   * Rewrites the stack file cdktf wrote, replacing each marker line with its resource's body. Written to a file beside
   * it and renamed over it. When a marker is missing (an override on the stack replaced it), the stack is written the
   * way cdktf writes it.
   */
  public writeInto(file: string): void {
    const pattern = new RegExp(`^(.*)"\\\\u0000${this.marker.slice(1)}(\\d+)"(,?)$`);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const matches = lines.map((line) => pattern.exec(line));
    if (new Set(matches.flatMap((m) => (m ? [m[2]] : []))).size !== this.resources.length) {
      fs.writeFileSync(file, stableStringify(this.stack.toTerraform(), { space: 2 }));
      return;
    }
    const temporary = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      let buffer = '';
      lines.forEach((line, i) => {
        const match = matches[i];
        buffer += match ? `${match[1]}${this.body(Number(match[2]))}${match[3]}` : line;
        if (i < lines.length - 1) buffer += '\n';
        if (buffer.length >= WRITE_CHUNK) {
          fs.writeSync(fd, buffer);
          buffer = '';
        }
      });
      fs.writeSync(fd, buffer);
      fs.closeSync(fd);
    } catch (error) {
      fs.closeSync(fd);
      fs.rmSync(temporary, { force: true });
      throw error;
    }
    fs.renameSync(temporary, file);
  }

  /**
   * One resource's body as it stands in the stack file: resolved, written by cdktf's writer, indented to its place.
   * Called after `restore()`, so the resource renders with its own `toTerraform()`.
   */
  private body(index: number): string {
    const resource = this.resources[index];
    const fragment = Tokenization.resolve(resource.toTerraform(), { scope: this.stack, preparing: false, resolver: RESOLVER });
    const body = fragment.resource[resource.terraformResourceType][resource.friendlyUniqueId];
    return stableStringify(body, { space: 2 }).replace(/\n/g, `\n${BODY_INDENT}`);
  }

  /** Makes the resource's fragment carry a marker instead of its body (its `moved` and `import` blocks stay). */
  private defer(resource: TerraformResource): void {
    const own = resource.toTerraform;
    this.restores.push(replaceToTerraform(resource, () => {
      const fragment = own.call(resource);
      const bodies = fragment.resource?.[resource.terraformResourceType];
      if (bodies?.[resource.friendlyUniqueId] !== undefined) {
        bodies[resource.friendlyUniqueId] = `${this.marker}${this.resources.length}`;
        this.resources.push(resource);
      }
      return fragment;
    }));
  }
}

/**
 * Gives an element or stack its own `toTerraform()`; returns what puts the previous method back. It is put back as an
 * own property holding the same function, not by deleting the property: deleting a property turns each of thousands
 * of resources into a slower dictionary-mode object (36 MB more at 4 × 1000 apps).
 */
function replaceToTerraform(target: { toTerraform(): any }, toTerraform: () => any): () => void {
  const previous = target.toTerraform;
  target.toTerraform = toTerraform;
  return () => {
    target.toTerraform = previous;
  };
}

/** The elements `TerraformStack.toTerraform()` renders: the stack's constructs that are elements, not nested stacks'. */
function elementsOf(stack: TerraformStack): TerraformElement[] {
  const elements: TerraformElement[] = [];
  const visit = (node: { node: { children: readonly any[] } }): void => {
    for (const child of node.node.children) {
      if (TerraformStack.isStack(child)) {
        continue;
      }
      if (TerraformElement.isTerraformElement(child)) {
        elements.push(child);
      }
      visit(child);
    }
  };
  visit(stack);
  return elements;
}
