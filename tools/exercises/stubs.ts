// Stub generation: the learner's file exercises/NN-slug/<name>.ts is made from the reference
// solution solutions/NN-slug/<name>.ts by cutting out its marked solution regions.
//
// The markers, each on a line of its own:
//
//   export function majority(n: number): number {
//     // SOLUTION BEGIN
//     // TODO(quorum): return the smallest number of votes above n/2. Read: Raft paper §5.2.
//     // STUB: return 0;
//     return Math.floor(n / 2) + 1;
//     // SOLUTION END
//   }
//
// becomes, in the stub,
//
//   export function majority(n: number): number {
//     // TODO(quorum): return the smallest number of votes above n/2. Read: Raft paper §5.2.
//     return 0;
//   }
//
// Rules (checked; a broken rule is reported with file and line):
// - A region opens with a `// TODO` comment (it may continue on further `//` lines) that says what
//   to do and what to read. The TODO comment is kept in the stub; so is every `// STUB: <code>`
//   line, as `<code>`. Everything else in the region is removed.
// - A region sits inside a function-like body (function, method, constructor, accessor, arrow
//   function) or a class body, BEGIN and END in the same block, between whole statements or
//   members, so that cutting it leaves valid code. Regions do not nest.
// - Chapter snippet markers (`//> name`, `//< name`) are a different thing; one that opens inside
//   a region must close inside it.
// - The stub must type-check (checkStubTypes), which in practice means: give every function that
//   returns a value a `// STUB:` line returning a zero value (0, false, [], undefined).
import { Node, Project, SyntaxKind, ts } from "ts-morph";

export const BEGIN = "// SOLUTION BEGIN";
export const END = "// SOLUTION END";
export const STUB_PREFIX = "// STUB:";

export class StubError extends Error {
  override name = "StubError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

interface Region {
  /** 0-based line indexes of the BEGIN and END marker lines. */
  begin: number;
  end: number;
}

const MARKERISH = /^\s*\/\/\s*solution\s+(begin|end)\b/i;

function findRegions(lines: string[], file: string): Region[] {
  const regions: Region[] = [];
  let open: number | undefined;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === BEGIN) {
      if (open !== undefined) {
        throw new StubError(file, i + 1, `"${BEGIN}" inside the region opened on line ${open + 1}: regions do not nest`);
      }
      open = i;
    } else if (trimmed === END) {
      if (open === undefined) throw new StubError(file, i + 1, `"${END}" without a "${BEGIN}" before it`);
      regions.push({ begin: open, end: i });
      open = undefined;
    } else if (MARKERISH.test(line)) {
      throw new StubError(file, i + 1, `malformed solution marker; write exactly "${BEGIN}" or "${END}" on a line of its own`);
    }
  });
  if (open !== undefined) throw new StubError(file, open + 1, `"${BEGIN}" is never closed with "${END}"`);
  return regions;
}

const FUNCTION_LIKE = new Set([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.Constructor,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
]);

/** The innermost block or class body whose braces enclose `pos`, with the nodes it lists. */
function containerAt(root: Node, pos: number): { node: Node; children: Node[] } | undefined {
  let found: { node: Node; children: Node[] } | undefined;
  const visit = (node: Node): void => {
    if (pos < node.getPos() || pos >= node.getEnd()) return;
    if (Node.isBlock(node) || Node.isCaseClause(node) || Node.isDefaultClause(node)) {
      found = { node, children: node.getStatements() };
    } else if (Node.isClassDeclaration(node) || Node.isClassExpression(node)) {
      const open = node.getFirstChildByKind(SyntaxKind.OpenBraceToken);
      if (open && pos >= open.getEnd()) found = { node, children: node.getMembers() };
    }
    node.forEachChild(visit);
  };
  visit(root);
  return found;
}

function insideFunctionOrClass(node: Node): boolean {
  if (Node.isClassDeclaration(node) || Node.isClassExpression(node)) return true;
  return node.getAncestors().some((a) => FUNCTION_LIKE.has(a.getKind()));
}

function checkPlacement(text: string, lines: string[], regions: Region[], file: string): void {
  if (regions.length === 0) return;
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  const source = project.createSourceFile("/solution.ts", text);
  const lineStart: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStart.push(offset);
    offset += line.length + 1;
  }
  const markerPos = (i: number) => lineStart[i]! + lines[i]!.indexOf("//");
  for (const region of regions) {
    const where = (i: number) => (problem: string) => new StubError(file, i + 1, problem);
    const containers = [region.begin, region.end].map((i) => {
      const c = containerAt(source, markerPos(i));
      if (!c || !insideFunctionOrClass(c.node)) {
        throw where(i)("a solution marker must sit inside a function, method or constructor body (or a class body)");
      }
      const split = c.children.find((child) => child.getStart() < markerPos(i) && markerPos(i) < child.getEnd());
      if (split) throw where(i)("a solution marker must sit between whole statements, not inside one");
      return c.node;
    });
    if (containers[0] !== containers[1]) {
      throw where(region.begin)(`"${BEGIN}" and its "${END}" (line ${region.end + 1}) must be in the same block`);
    }
  }
}

function isComment(line: string): boolean {
  return line.trim().startsWith("//");
}

function isSnippetMarker(line: string): boolean {
  return /^\s*\/\/[<>]\s/.test(line);
}

/** What a region becomes in the stub: its TODO comment and its STUB lines. */
function stubLines(lines: string[], region: Region, file: string): string[] {
  const body = lines.slice(region.begin + 1, region.end);
  const first = body[0];
  if (first === undefined || !/^\s*\/\/ TODO\b/.test(first)) {
    throw new StubError(
      file,
      region.begin + 2,
      "a solution region must open with a `// TODO(<exercise>): ...` comment that says what to do and what to read",
    );
  }
  const open = new Map<string, number>();
  body.forEach((line, k) => {
    const m = /^\s*\/\/([<>])\s+(\S+)/.exec(line);
    if (!m) return;
    if (m[1] === ">") open.set(m[2]!, k);
    else if (open.has(m[2]!)) open.delete(m[2]!);
    else throw new StubError(file, region.begin + 2 + k, `snippet "${m[2]}" closes inside a solution region it did not open in`);
  });
  for (const [name, k] of open) {
    throw new StubError(file, region.begin + 2 + k, `snippet "${name}" opens inside a solution region and must close inside it`);
  }
  const kept: string[] = [];
  let inTodo = true;
  for (const line of body) {
    const trimmed = line.trimStart();
    const indent = line.slice(0, line.length - trimmed.length);
    if (trimmed.startsWith(STUB_PREFIX)) {
      kept.push(indent + trimmed.slice(STUB_PREFIX.length).trimStart());
      inTodo = false;
    } else if (inTodo && isComment(line) && !isSnippetMarker(line)) {
      kept.push(line);
    } else {
      inTodo = false;
    }
  }
  return kept;
}

/**
 * The stub for a solution's text. `banner` (comment lines, without trailing newline) is put at the
 * top. Throws a StubError naming `file` and the line when a marker is misplaced or malformed.
 */
export function generateStub(solutionText: string, file: string, banner?: string): string {
  const eol = solutionText.includes("\r\n") ? "\r\n" : "\n";
  const lines = solutionText.split(/\r?\n/);
  const regions = findRegions(lines, file);
  if (regions.length === 0) throw new StubError(file, 1, `no "${BEGIN}" region: there is nothing for the learner to write`);
  checkPlacement(lines.join("\n"), lines, regions, file);
  const out: string[] = [];
  let next = 0;
  for (const region of regions) {
    out.push(...lines.slice(next, region.begin), ...stubLines(lines, region, file));
    next = region.end + 1;
  }
  out.push(...lines.slice(next));
  const text = out.join(eol);
  return banner ? banner.split("\n").join(eol) + eol + text : text;
}

/** The comment put at the top of every stub. */
export function stubBanner(ex: { id: string; chapter: string; points: number }): string {
  return [
    `// Exercise "${ex.id}" (chapter ${ex.chapter}, ${ex.points} points). This file is yours: fill in the TODOs.`,
    `// \`npm run grade\` grades it, \`npm run hint -- ${ex.id}\` gives a hint. Generated by \`npm run stubs\` from`,
    `// the reference solution; until you change it, the grader shows it as "not started".`,
    `//`,
  ].join("\n");
}

export interface TypeProblem {
  file: string;
  line: number;
  message: string;
}

/**
 * Type-checks generated stubs as if they were written to exercises/, without writing them, together
 * with the given test files (which import the stubs through `@exercise/...`). Uses the project's
 * tsconfig.tools.json. Returns the problems found in the stubs and the tests.
 */
export function checkStubTypes(tsconfig: string, stubs: Map<string, string>, testFiles: string[]): TypeProblem[] {
  const project = new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true });
  const files = [...stubs].map(([file, text]) => project.createSourceFile(file, text, { overwrite: true }));
  files.push(...testFiles.map((f) => project.addSourceFileAtPath(f)));
  project.resolveSourceFileDependencies();
  const problems: TypeProblem[] = [];
  for (const sf of files) {
    for (const d of sf.getPreEmitDiagnostics()) {
      const start = d.getStart();
      problems.push({
        file: sf.getFilePath(),
        line: start === undefined ? 0 : sf.getLineAndColumnAtPos(start).line,
        message: ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n"),
      });
    }
  }
  return problems;
}
