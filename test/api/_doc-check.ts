/**
 * What the public API checks read from the sources: the names an entry point exports, and each exported declaration
 * or member that lacks a doc comment, or an optional property whose comment gives no `@default`.
 */
import * as path from 'node:path';
import * as ts from 'typescript';

/** A gap in the documentation of an exported declaration. */
export interface DocGap {
  /** `Name` or `Name.member`. */
  readonly name: string;
  /** The file that declares it, relative to the root the program was made from. */
  readonly file: string;
  /** What is missing. */
  readonly missing: 'doc comment' | '@default';
}

/** The exports of some entry points, resolved with one program. */
export interface EntryPoints {
  /** The names each entry point exports, sorted. */
  readonly names: (entry: string) => string[];
  /** The documentation gaps of what each entry point exports. */
  readonly gaps: (entry: string) => DocGap[];
}

const OPTIONS: ts.CompilerOptions = {
  strict: true, esModuleInterop: true, skipLibCheck: true, resolveJsonModule: true, noEmit: true,
  module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022,
};

/**
 * Declaration files that cannot change while the tests run (TypeScript's own lib files, and node_modules: @types/node
 * alone is megabytes), parsed once for every program made here. A parsed, bound SourceFile can serve several programs:
 * TypeScript's language service shares them the same way (its DocumentRegistry).
 */
const INSTALLED = new Map<string, ts.SourceFile | undefined>();

/** The default compiler host, with {@link INSTALLED} in front of it. */
function defaultHost(): ts.CompilerHost {
  const host = ts.createCompilerHost(OPTIONS);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.includes('/node_modules/')) return read(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!INSTALLED.has(key)) INSTALLED.set(key, read(fileName, languageVersion, onError, shouldCreate));
    return INSTALLED.get(key);
  };
  return host;
}

/** Reads `entries` (paths relative to `root`); `host` serves files from memory instead of disk (for tests). */
export function readEntryPoints(root: string, entries: readonly string[], host: ts.CompilerHost = defaultHost()): EntryPoints {
  const files = entries.map((e) => path.join(root, e));
  const program = ts.createProgram(files, OPTIONS, host);
  const checker = program.getTypeChecker();
  const exportsOf = (entry: string): ts.Symbol[] => {
    const source = program.getSourceFile(path.join(root, entry));
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${entry}: not a module of the program`);
    return checker.getExportsOfModule(module);
  };
  const relative = (node: ts.Node) => path.relative(root, node.getSourceFile().fileName);
  return {
    names: (entry) => exportsOf(entry).map((s) => s.name).sort(),
    gaps: (entry) => {
      const gaps: DocGap[] = [];
      for (const exported of exportsOf(entry)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        for (const declaration of symbol.declarations ?? []) {
          if (!hasDoc(declaration)) gaps.push({ name: exported.name, file: relative(declaration), missing: 'doc comment' });
          for (const member of membersOf(declaration)) {
            const name = `${exported.name}.${member.name!.getText()}`;
            if (!hasDoc(member)) gaps.push({ name, file: relative(member), missing: 'doc comment' });
            else if (isOptionalProperty(member) && !ts.getJSDocTags(member).some((t) => t.tagName.text === 'default')) {
              gaps.push({ name, file: relative(member), missing: '@default' });
            }
          }
        }
      }
      return gaps.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

/** A declaration's JSDoc, for a variable the statement that holds it. */
function hasDoc(node: ts.Node): boolean {
  const holder = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return ts.getJSDocCommentsAndTags(holder).some((d) => ts.isJSDoc(d) && (d.comment !== undefined || (d.tags?.length ?? 0) > 0));
}

/** The members a user reads or writes: properties, methods and accessors of interfaces and classes (not private,
 * not `@internal`, which the build strips), and enum members. */
function membersOf(declaration: ts.Declaration): ts.NamedDeclaration[] {
  if (ts.isEnumDeclaration(declaration)) return [...declaration.members];
  if (!ts.isInterfaceDeclaration(declaration) && !ts.isClassDeclaration(declaration)) return [];
  const members = [...(declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>)];
  return members.filter((m) => m.name !== undefined
    && !ts.isConstructorDeclaration(m)
    && !ts.isPrivateIdentifier(m.name)
    && (ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Private) === 0
    && !ts.getJSDocTags(m).some((t) => t.tagName.text === 'internal'));
}

/** An optional property of an interface: a prop with a default to document. */
function isOptionalProperty(member: ts.NamedDeclaration): boolean {
  return ts.isPropertySignature(member) && member.questionToken !== undefined;
}
