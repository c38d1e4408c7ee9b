// The grading policy: what a submitted exercise file may use, checked on its source before any of
// it runs, and again by the module resolver while the tests run.
//
// Why a policy at all: a submission runs in the same JavaScript realm as the tests that grade it.
// Whatever the tests compute there (the value of `expect(...)`, the runner's record of a pass)
// could be changed by code that reaches the realm's shared objects: the global object (where
// vitest keeps its worker state and RPC channel), `process` (exit, send), Node's modules (fs,
// child_process), the test framework itself. Exercises need none of these: they are pure
// functions and classes over the course library. So a submission may only
//
//   - import, with a static `import`, relative paths that land in the course's src/ or in its own
//     exercises/ tree (type-only imports are erased and allowed from anywhere);
//   - refer to the global names in ALLOWED_GLOBALS: the ECMAScript built-ins minus `eval`,
//     `Function` and `globalThis`, plus `console` (replaced by a silent stub while grading);
//   - not use `import()`, `import.meta`, `require`, or `this` outside a function or class.
//
// Names are resolved with TypeScript's binder, so a local variable called `process` is fine and
// the global `process` is not. The built-ins are frozen at run time (lockdown.ts), and building
// code from strings (`eval`, `new Function`, `x.constructor.constructor("...")`) is switched off
// in the test process (--disallow-code-generation-from-strings), so what the check lets through
// cannot reach the global object either. If an exercise legitimately needs more (a Node module, a
// timer), add it here and say why: the reference solutions are checked against this policy before
// every batch, so a policy that is too strict shows up at once, not as zeros in the gradebook.
import ts from "typescript";
import { ALLOWED_GLOBALS, allowedImport, FORBIDDEN_NAMES } from "./allowed";

export { ALLOWED_BUILTINS, ALLOWED_GLOBALS, allowedImport, FORBIDDEN_NAMES } from "./allowed";

export interface Violation {
  line: number;
  what: string;
}

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** True for identifiers that name something being declared, or a property, rather than refer to a binding. */
function isNotAReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if (ts.isQualifiedName(p)) return true;
  if (ts.isMetaProperty(p)) return true;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) ||
    ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isPropertySignature(p) ||
    ts.isMethodSignature(p) || ts.isEnumMember(p)) && p.name === id) return true;
  if ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) ||
    ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isParameter(p) || ts.isEnumDeclaration(p) ||
    ts.isModuleDeclaration(p) || ts.isTypeParameterDeclaration(p) || ts.isInterfaceDeclaration(p) ||
    ts.isTypeAliasDeclaration(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) ||
    ts.isImportEqualsDeclaration(p)) && p.name === id) return true;
  if (ts.isBindingElement(p) && (p.name === id || p.propertyName === id)) return true;
  if (ts.isImportSpecifier(p)) return true;
  // `export { a as b }`: only the local name `a` refers to a binding (checked in checkSubmission).
  if (ts.isExportSpecifier(p)) return true;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return true;
  if (ts.isJsxAttribute(p)) return true;
  return false;
}

/** Syntax errors in a submitted file ("does not compile"), as TypeScript reports them. */
export function syntaxErrors(exerciseFile: string, text: string): Violation[] {
  const sf = ts.createSourceFile(`/submission/exercises/${exerciseFile}`, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const program = ts.createProgram({
    rootNames: [sf.fileName],
    options: { noLib: true, noResolve: true, types: [] },
    host: { ...ts.createCompilerHost({}, true), getSourceFile: (name) => (name === sf.fileName ? sf : undefined) },
  });
  return program.getSyntacticDiagnostics(sf).map((d) => ({
    line: d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1,
    what: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

/**
 * Checks a submitted exercise file against the policy. Returns the violations, in source order.
 * Run syntaxErrors first: on a file that does not parse, the names found here mean little.
 */
export function checkSubmission(exerciseFile: string, text: string): Violation[] {
  const fileName = `/submission/exercises/${exerciseFile}`;
  const host = ts.createCompilerHost({}, true);
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const original = host.getSourceFile;
  host.getSourceFile = (name, ...rest) => (name === fileName ? sf : original.call(host, name, ...rest));
  // No lib and no resolution: every global is then an unresolved name, and the binder still
  // resolves every local, parameter and import. That is all the check needs, and it is fast.
  const program = ts.createProgram({
    rootNames: [fileName],
    options: { noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    host,
  });
  const checker = program.getTypeChecker();
  const violations: Violation[] = [];
  const flag = (node: ts.Node, what: string) => violations.push({ line: lineOf(sf, node), what });

  const declaredHere = (symbol: ts.Symbol | undefined): boolean =>
    symbol?.declarations?.some((d) => d.getSourceFile() === sf) ?? false;

  const checkSpecifier = (node: ts.Node, spec: ts.Expression | undefined) => {
    if (!spec || !ts.isStringLiteral(spec)) flag(node, "an import whose path is not a plain string");
    else if (!allowedImport(exerciseFile, spec.text)) {
      flag(node, `import "${spec.text}": a submission may import only the course library (../../src/...) and its own exercise files`);
    }
  };

  const visit = (node: ts.Node): void => {
    // Types are erased before the code runs: nothing in them can act.
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) return;
    if (ts.isModuleDeclaration(node) || ts.isImportEqualsDeclaration(node)) {
      flag(node, "namespaces, `declare module` and `import x =` are not allowed in a submission");
      return;
    }
    if (ts.isImportDeclaration(node)) {
      if (!node.importClause?.isTypeOnly) checkSpecifier(node, node.moduleSpecifier);
      return;
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      if (!node.isTypeOnly) checkSpecifier(node, node.moduleSpecifier);
      return;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      flag(node, "dynamic import() is not allowed in a submission; use a static import");
    }
    if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
      flag(node, "import.meta is not allowed in a submission");
    }
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      const container = ts.findAncestor(node, (a) =>
        (ts.isFunctionLike(a) && !ts.isArrowFunction(a)) || ts.isClassLike(a) || ts.isSourceFile(a));
      if (!container || ts.isSourceFile(container)) flag(node, "`this` outside a function or class (it could be the global object)");
    }
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      const name = FORBIDDEN_NAMES.find((n) => node.text.includes(n));
      if (name) flag(node, `\`${name}\` is not allowed in a submission (vitest's toEqual would let such an object equal anything)`);
    }
    if (ts.isExportSpecifier(node) && !node.isTypeOnly && !node.parent.parent.moduleSpecifier) {
      const local = node.propertyName ?? node.name;
      if (!declaredHere(checker.getExportSpecifierLocalTargetSymbol(node)) && !ALLOWED_GLOBALS.has(local.text)) {
        flag(node, `the global \`${local.text}\` is not available to a submission (allowed: the JavaScript built-ins and console)`);
      }
    }
    if (ts.isIdentifier(node) && node.text !== "" && !isNotAReference(node)) {
      const symbol = ts.isShorthandPropertyAssignment(node.parent)
        ? checker.getShorthandAssignmentValueSymbol(node.parent)
        : checker.getSymbolAtLocation(node);
      if (!declaredHere(symbol) && !ALLOWED_GLOBALS.has(node.text)) {
        flag(node, `the global \`${node.text}\` is not available to a submission (allowed: the JavaScript built-ins and console)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.line}:${v.what}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
