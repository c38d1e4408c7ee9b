// `tsx tools/snippets.ts check` (part of npm test) and `npm run weave`.
//
// check: every ```ts region="name" block in chapters/ must equal the region `name` in src/, every
//        region marker must be well formed, and every other TypeScript block must type-check.
// weave: rewrites each quoted block from src/, so a chapter follows the code it quotes.
import fs from "node:fs";
import path from "node:path";
import { chapterFiles, codeBlocks, isTypeScript, type CodeBlock } from "./snippets/chapters";
import { collectRegions, type Region } from "./snippets/regions";
import { typecheckBlocks } from "./snippets/typecheck";

const root = path.resolve(__dirname, "..");

export interface SnippetReport {
  errors: string[];
  quoted: number;
  checked: number;
}

export function checkSnippets(repo = root): SnippetReport {
  const { regions, problems } = collectRegions(repo);
  const errors = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  const free: CodeBlock[] = [];
  let quoted = 0;
  for (const chapter of chapterFiles(repo)) {
    for (const block of codeBlocks(chapter, fs.readFileSync(path.join(repo, chapter), "utf8"))) {
      if (block.region) {
        quoted++;
        const error = compare(block, regions.get(block.region));
        if (error) errors.push(error);
      } else if (isTypeScript(block) && !/(?:^|\s)nocheck(?:\s|$)/.test(block.meta)) {
        free.push(block);
      }
    }
  }
  for (const e of typecheckBlocks(repo, free)) errors.push(`${e.block.chapter}:${e.message} (a TypeScript block that quotes no region must type-check)`);
  return { errors, quoted, checked: free.length };
}

function compare(block: CodeBlock, region: Region | undefined): string | undefined {
  const where = `${block.chapter}:${block.line}: region "${block.region}"`;
  if (!region) return `${where} is unknown: no "//> ${block.region}" marker in src/`;
  if (block.value === region.text) return undefined;
  const quotedLines = block.value.split("\n");
  const sourceLines = region.text.split("\n");
  const i = quotedLines.findIndex((line, k) => line !== sourceLines[k]);
  const at = i === -1 ? quotedLines.length : i;
  return (
    `${where} differs from ${region.file}:${region.line + 1 + at}\n` +
    `    chapter: ${quotedLines[at] ?? "(end of block)"}\n` +
    `    src:     ${sourceLines[at] ?? "(end of region)"}\n` +
    `    run \`npm run weave\` to update the chapter from src/, then re-read the prose around it`
  );
}

export function weave(repo = root): string[] {
  const { regions } = collectRegions(repo);
  const changed: string[] = [];
  for (const chapter of chapterFiles(repo)) {
    const file = path.join(repo, chapter);
    const text = fs.readFileSync(file, "utf8");
    let out = text;
    // Replace from the end so earlier offsets stay valid.
    for (const block of codeBlocks(chapter, text).reverse()) {
      const region = block.region ? regions.get(block.region) : undefined;
      if (!region) continue;
      const original = text.slice(block.start, block.end);
      const firstLine = original.split("\n")[0]!;
      const fence = /^\s*(`{3,}|~{3,})/.exec(firstLine)?.[1] ?? "```";
      const info = /(?:^|\s)title="[^"]*"/.test(firstLine)
        ? firstLine.replace(/title="[^"]*"/, `title="${region.file}"`)
        : `${firstLine} title="${region.file}"`;
      out = out.slice(0, block.start) + `${info}\n${region.text}\n${fence}` + out.slice(block.end);
    }
    if (out !== text) {
      fs.writeFileSync(file, out);
      changed.push(chapter);
    }
  }
  return changed;
}

function main(): void {
  const command = process.argv[2] ?? "check";
  if (command === "weave") {
    const changed = weave();
    console.log(changed.length ? `weave: updated ${changed.join(", ")}` : "weave: every quoted region already matches src/");
  }
  if (command !== "check" && command !== "weave") {
    console.error(`snippets: unknown command "${command}"; use "check" or "weave"`);
    process.exit(2);
  }
  const report = checkSnippets();
  for (const error of report.errors) console.log(`✗ ${error}`);
  console.log(`snippets: ${report.quoted} quoted regions and ${report.checked} other TypeScript blocks checked, ${report.errors.length} problem(s)`);
  if (report.errors.length) process.exit(1);
}

if (require.main === module) main();
