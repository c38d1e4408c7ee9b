// Code blocks in the chapters: quoted regions (```ts region="name") and free-standing examples.
import fs from "node:fs";
import path from "node:path";
import { fromMarkdown } from "mdast-util-from-markdown";

export interface CodeBlock {
  /** Chapter file relative to the repository root. */
  chapter: string;
  lang: string;
  meta: string;
  /** The region this block quotes, from `region="..."` in its info string. */
  region?: string;
  value: string;
  line: number;
  /** Offsets of the whole fenced block in the chapter text. */
  start: number;
  end: number;
}

export function chapterFiles(root: string): string[] {
  const dir = path.join(root, "chapters");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.mdx?$/.test(f))
    .sort()
    .map((f) => `chapters/${f}`);
}

export function codeBlocks(chapter: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const visit = (node: { type: string; children?: unknown[] } & Record<string, unknown>): void => {
    if (node.type === "code") {
      const meta = (node.meta as string | null) ?? "";
      const position = node.position as { start: { line: number; offset: number }; end: { offset: number } };
      blocks.push({
        chapter,
        lang: (node.lang as string | null) ?? "",
        meta,
        region: /(?:^|\s)region="([^"]+)"/.exec(meta)?.[1],
        value: node.value as string,
        line: position.start.line,
        start: position.start.offset,
        end: position.end.offset,
      });
    }
    for (const child of node.children ?? []) visit(child as typeof node);
  };
  visit(fromMarkdown(text) as unknown as Parameters<typeof visit>[0]);
  return blocks;
}

export const isTypeScript = (block: CodeBlock): boolean => ["ts", "typescript", "tsx"].includes(block.lang);
