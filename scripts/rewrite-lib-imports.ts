/**
 * Rewrites imports of the library that no longer resolve since the public API was curated (lib/index.ts lists what is
 * public; the folder index files are gone): an import from `lib` that names something `lib/index.ts` does not export,
 * or any import from `lib/<folder>` (or `lib/<folder>/<sub>`) with no index, becomes imports of the files that declare
 * each name. Names `lib/index.ts` exports stay imported from `lib`. For tests and repository tools: the package's
 * users import only its entry points.
 *
 *   npx tsx scripts/rewrite-lib-imports.ts <file.ts>...
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const MAX_LINE = 150;
const OPTIONS: ts.CompilerOptions = {
  strict: true, esModuleInterop: true, skipLibCheck: true, resolveJsonModule: true, noEmit: true,
  module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022,
};

const libFiles = (fs.readdirSync(LIB, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(LIB, f));
const program = ts.createProgram(libFiles, OPTIONS);
const checker = program.getTypeChecker();

/** The files of a module's exports' declarations, by name. */
function declarations(file: string): Map<string, string> {
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!);
  const out = new Map<string, string>();
  for (const exported of module ? checker.getExportsOfModule(module) : []) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (declaration) out.set(exported.name, declaration.getSourceFile().fileName.replace(/\.ts$/, ''));
  }
  return out;
}

const publicNames = declarations(path.join(LIB, 'index.ts'));
/** Where each name of lib/ is declared; a name declared in two files is ambiguous and left for a person. */
const declaredIn = new Map<string, Set<string>>();
for (const file of libFiles) {
  for (const [name, declaration] of declarations(file)) {
    if (!declaredIn.has(name)) declaredIn.set(name, new Set());
    declaredIn.get(name)!.add(declaration);
  }
}

function importText(names: string[], specifier: string, typeOnly: boolean): string {
  const head = typeOnly ? 'import type' : 'import';
  const line = `${head} { ${names.join(', ')} } from '${specifier}';`;
  if (line.length <= MAX_LINE) return line;
  const lines: string[] = [];
  let current = ' ';
  for (const name of names) {
    if (current.length + name.length + 2 > MAX_LINE) { lines.push(current.trimEnd()); current = ' '; }
    current += ` ${name},`;
  }
  lines.push(current.trimEnd());
  return `${head} {\n${lines.join('\n')}\n} from '${specifier}';`;
}

let rewritten = 0;
for (const file of process.argv.slice(2).map((f) => path.resolve(f))) {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier);
    const isRoot = target === LIB || target === path.join(LIB, 'index');
    const isFolder = !isRoot && target.startsWith(`${LIB}${path.sep}`) && fs.existsSync(target) && fs.statSync(target).isDirectory();
    if (!isRoot && !isFolder) continue;
    const bindings = statement.importClause?.namedBindings;
    if (statement.importClause?.name || !bindings || !ts.isNamedImports(bindings)) {
      throw new Error(`${path.relative(ROOT, file)}: only named imports of ${specifier} can be rewritten`);
    }
    const elements = bindings.elements.map((e) => ({ name: (e.propertyName ?? e.name).text, text: e.getText(source) }));
    if (isRoot && elements.every((e) => publicNames.has(e.name))) continue;
    const byFile = new Map<string, string[]>();
    for (const element of elements) {
      const declaration = isRoot && publicNames.has(element.name) ? LIB : [...(declaredIn.get(element.name) ?? [])];
      if (Array.isArray(declaration) && declaration.length !== 1) {
        throw new Error(`${path.relative(ROOT, file)}: ${element.name} is declared in ${declaration.length} files of lib/`);
      }
      const key = Array.isArray(declaration) ? declaration[0] : declaration;
      byFile.set(key, [...(byFile.get(key) ?? []), element.text]);
    }
    const imports = [...byFile.keys()].sort().map((declaration) => {
      let relative = path.relative(path.dirname(file), declaration);
      if (!relative.startsWith('.')) relative = `./${relative}`;
      return importText(byFile.get(declaration)!, relative, statement.importClause!.isTypeOnly);
    });
    edits.push({ start: statement.getStart(source), end: statement.getEnd(), text: imports.join('\n') });
  }
  if (edits.length === 0) continue;
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  fs.writeFileSync(file, result);
  rewritten++;
  console.log(`rewrote ${path.relative(ROOT, file)}`);
}
console.log(`${rewritten} file(s) rewritten`);
