// Type-checks the TypeScript blocks of the chapters that do not quote a region: each block is
// compiled as its own module, and may import the library as "control-plane/<module>", resolved to
// src/ so that no build is needed.
import path from "node:path";
import ts from "typescript";
import type { CodeBlock } from "./chapters";

export interface BlockError {
  block: CodeBlock;
  message: string;
}

export function typecheckBlocks(root: string, blocks: CodeBlock[]): BlockError[] {
  if (blocks.length === 0) return [];
  const virtual = new Map<string, CodeBlock>();
  blocks.forEach((block, i) => {
    const name = path.join(root, ".chapter-blocks", `${path.basename(block.chapter).replace(/\W/g, "_")}_${i}.ts`);
    virtual.set(name, block);
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ["lib.es2022.d.ts"],
    paths: { "control-plane/*": [path.join(root, "src", "*", "index.ts")] },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => virtual.get(path.resolve(file))?.value ?? readFile(file);
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, languageVersion, onError) => {
    const block = virtual.get(path.resolve(file));
    return block ? ts.createSourceFile(file, block.value, languageVersion, true) : getSourceFile(file, languageVersion, onError);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors: BlockError[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const block = diagnostic.file ? virtual.get(path.resolve(diagnostic.file.fileName)) : undefined;
    if (!block || !diagnostic.file) continue; // errors inside src/ are reported by the main type check
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    errors.push({
      block,
      message: `line ${block.line + 1 + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
    });
  }
  return errors;
}
