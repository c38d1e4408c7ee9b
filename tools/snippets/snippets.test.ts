import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkSnippets, weave } from "../snippets";
import { dedent, regionsOf } from "./regions";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snippets-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const SRC = [
  "export class Counter {",
  "  private n = 0;",
  "  //> counter-inc",
  "  inc(): number {",
  "    //> counter-body",
  "    return ++this.n;",
  "    //< counter-body",
  "  }",
  "  //< counter-inc",
  "}",
  "",
].join("\n");

const chapter = (body: string): string => `# Counting\n\n\`\`\`ts region="counter-inc"\n${body}\n\`\`\`\n\nText after.\n`;

describe("regions", () => {
  it("takes the lines between the markers, dedented, without nested markers", () => {
    const { regions, problems } = regionsOf("src/c.ts", SRC);
    expect(problems).toEqual([]);
    expect(regions.find((r) => r.name === "counter-inc")?.text).toBe("inc(): number {\n  return ++this.n;\n}");
    expect(regions.find((r) => r.name === "counter-body")?.text).toBe("return ++this.n;");
  });

  it("reports an unclosed marker, a stray close, and a malformed name", () => {
    const { problems } = regionsOf("src/x.ts", "//> open-one\n//< never-opened\n//> bad name here\n");
    expect(problems.map((p) => p.message)).toEqual([
      '"//< never-opened" closes a region that was never opened',
      'region "open-one" is never closed (no "//< open-one")',
    ]);
  });

  it("strips blank edges and common indentation", () => {
    expect(dedent(["", "    a", "      b", ""])).toEqual(["a", "  b"]);
  });
});

describe("checkSnippets", () => {
  it("accepts a chapter whose quoted block equals its region", () => {
    const dir = repo({ "src/c.ts": SRC, "chapters/01-a.md": chapter("inc(): number {\n  return ++this.n;\n}") });
    expect(checkSnippets(dir)).toEqual({ errors: [], quoted: 1, checked: 0 });
  });

  it("names chapter and region when src changed under a quote", () => {
    const dir = repo({ "src/c.ts": SRC.replace("++this.n", "this.n += 2"), "chapters/01-a.md": chapter("inc(): number {\n  return ++this.n;\n}") });
    const [error] = checkSnippets(dir).errors;
    expect(error).toContain('chapters/01-a.md:3: region "counter-inc" differs from src/c.ts:5');
    expect(error).toContain("chapter:   return ++this.n;");
    expect(error).toContain("src:       return this.n += 2;");
  });

  it("reports an unknown region name", () => {
    const dir = repo({ "src/c.ts": SRC, "chapters/01-a.md": "```ts region=\"nope\"\nx\n```\n" });
    expect(checkSnippets(dir).errors).toEqual(['chapters/01-a.md:1: region "nope" is unknown: no "//> nope" marker in src/']);
  });

  it("reports a region defined twice", () => {
    const dir = repo({ "src/a.ts": SRC, "src/b.ts": SRC });
    expect(checkSnippets(dir).errors).toContain('src/b.ts:3: region "counter-inc" is defined twice: here and at src/a.ts:3');
  });

  it("type-checks TypeScript blocks that quote no region", () => {
    const dir = repo({ "src/c.ts": SRC, "chapters/01-a.md": "```ts\nconst n: number = 'three';\n```\n\n```ts nocheck\nnot even code\n```\n" });
    const report = checkSnippets(dir);
    expect(report.checked).toBe(1);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/chapters\/01-a\.md:line 2: Type 'string' is not assignable to type 'number'/);
  });
});

describe("weave", () => {
  it("rewrites quoted blocks from src and adds the file as title", () => {
    const dir = repo({ "src/c.ts": SRC, "chapters/01-a.md": chapter("old code") });
    expect(weave(dir)).toEqual(["chapters/01-a.md"]);
    const text = fs.readFileSync(path.join(dir, "chapters/01-a.md"), "utf8");
    expect(text).toBe('# Counting\n\n```ts region="counter-inc" title="src/c.ts"\ninc(): number {\n  return ++this.n;\n}\n```\n\nText after.\n');
    expect(checkSnippets(dir).errors).toEqual([]);
    expect(weave(dir)).toEqual([]);
  });
});
