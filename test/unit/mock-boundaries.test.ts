/**
 * The mock witnesses the real servers; it never borrows the client's judgement. Its source may
 * name the client's types (erased at build time) and share the plain vocabulary of src/vocab, but it
 * imports no runtime value from src/backends: no zod model, no manifest validator, no client.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const BACKENDS = join(ROOT, 'src', 'backends');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? tsFiles(join(dir, d.name)) : /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [join(dir, d.name)] : []));
}

/** Does this specifier, written in `file`, point into src/backends? */
function intoBackends(file: string, spec: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = resolve(dirname(file), spec);
  return target === BACKENDS || target.startsWith(BACKENDS + sep);
}

/** Every import or re-export of a runtime value from src/backends in a source text, as `line: text`. */
export function runtimeBackendImports(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const bad: string[] = [];
  const report = (node: ts.Node) => bad.push(`${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${node.getText(sf).replace(/\s+/g, ' ')}`);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && intoBackends(file, node.moduleSpecifier.text)) {
      const clause = node.importClause;
      // `import '../backends/x.js'` runs the module; `import type {...}` and `import { type A }` do not
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) report(node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && intoBackends(file, node.moduleSpecifier.text)) {
      const typeOnly = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) report(node);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg) && intoBackends(file, arg.text)) report(node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression) && intoBackends(file, node.moduleReference.expression.text) && !node.isTypeOnly) {
      report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return bad;
}

describe('the mock imports no runtime value from src/backends', () => {
  it('src/mock/**/*.ts names backends only in type-only imports', () => {
    const files = tsFiles(join(ROOT, 'src', 'mock'));
    expect(files.length).toBeGreaterThan(20);
    const bad = files.flatMap((f) => runtimeBackendImports(f, readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });

  it('the scan tells a value import from a type import', () => {
    const f = join(ROOT, 'src', 'mock', 'mn', 'x.ts');
    const scan = (text: string) => runtimeBackendImports(f, text).length;
    expect(scan("import { MODELS } from '../../backends/mn/models.js';")).toBe(1);
    expect(scan("import { type Job, MODELS } from '../../backends/mn/models.js';")).toBe(1);
    expect(scan("import * as m from '../../backends/mn/models.js';")).toBe(1);
    expect(scan("import '../../backends/mn/models.js';")).toBe(1);
    expect(scan("export { MODELS } from '../../backends/mn/models.js';")).toBe(1);
    expect(scan("const m = await import('../../backends/mn/manifest.js');")).toBe(1);
    expect(scan("import type { Job } from '../../backends/mn/models.js';")).toBe(0);
    expect(scan("import { type Job, type Run } from '../../backends/mn/models.js';")).toBe(0);
    expect(scan("export type { Job } from '../../backends/mn/models.js';")).toBe(0);
    expect(scan("type M = typeof import('../../backends/mn/models.js');")).toBe(0);
    expect(scan("import { isTerminalJobStatus } from '../../vocab/mn.js';")).toBe(0);
    expect(scan("import { x } from '../backendsish/y.js';")).toBe(0);
  });
});
